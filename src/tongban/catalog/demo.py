"""Demo catalogue for ``make run``: six realistic Tibet services, published, in Chinese,
Tibetan and English (names, conditions, materials, addresses, hours, results). Clearly
marked as demo data (（演示）/ demo); the Tibetan is machine-drafted and awaits a native
speaker's review (docs/catalogue-import.md).

Codes: the layout is real, the items are not, so no basic code may be a real national
one (``00…``, DOMAIN.md §15). The demo uses local-layout codes starting ``DEMO-`` that no
platform issues. Loaded through the importer, so it exercises the same rules and audit;
each item has a real application form: the applicant's (or organisation's) fields that
the profile pre-fills, the item's own fields, and how to receive the result.
"""

from typing import Any

from tongban.catalog.exchange.importer import ImportReport, catalog_import
from tongban.catalog.exchange.shape import COLUMNS
from tongban.catalog.models.choices import ServiceScope
from tongban.core.permissions import SYSTEM

REGION = "11540000MB0A00010X"
LHASA_CENTRE = "11540100MB0T12340N"
LHASA_MARKET = "11540100MB0T56780D"
XIGAZE_CENTRE = "11540200MB0Q111101"
PLACES = {
    LHASA_CENTRE: (
        "拉萨市城关区（演示地址）拉萨市政务服务中心大厅",
        "ལྷ་ས་གྲོང་ཁྱེར་ཁྲིན་ཀོན་ཆུས།（དཔེ་སྟོན་ས་གནས།）ལྷ་ས་གྲོང་ཁྱེར་སྲིད་དོན་ཞབས་ཞུ་ལྟེ་གནས།",
        "Lhasa Government Service Centre, Chengguan District (demo address)",
    ),
    LHASA_MARKET: (
        "拉萨市城关区（演示地址）市场监督管理局登记窗口",
        "ལྷ་ས་གྲོང་ཁྱེར་ཁྲིན་ཀོན་ཆུས།（དཔེ་སྟོན་ས་གནས།）ཁྲོམ་ར་ལྟ་སྐུལ་དོ་དམ་ཅུས་ཀྱི་ཐོ་འགོད་སྒོ་ཁ།",
        "Market Regulation Bureau registration window, Lhasa (demo address)",
    ),
    XIGAZE_CENTRE: (
        "日喀则市桑珠孜区（演示地址）日喀则市政务服务中心",
        "གཞིས་ཀ་རྩེ་གྲོང་ཁྱེར་བསམ་འགྲུབ་རྩེ་ཆུས།（དཔེ་སྟོན་ས་གནས།）གཞིས་ཀ་རྩེ་སྲིད་དོན་ཞབས་ཞུ་ལྟེ་གནས།",
        "Xigazê Government Service Centre, Samzhubzê District (demo address)",
    ),
    REGION: (
        "拉萨市城关区（演示地址）自治区政务服务中心",
        "ལྷ་ས་གྲོང་ཁྱེར་ཁྲིན་ཀོན་ཆུས།（དཔེ་སྟོན་ས་གནས།）རང་སྐྱོང་ལྗོངས་སྲིད་དོན་ཞབས་ཞུ་ལྟེ་གནས།",
        "Regional Government Service Centre, Lhasa (demo address)",
    ),
}
HOURS = (
    "工作日 09:30–13:00，15:30–18:00（法定节假日除外）",
    "ལས་ཉིན། 09:30–13:00། 15:30–18:00（ཁྲིམས་ལྡན་གསེང་ཉིན་མ་གཏོགས།）",
    "Working days 09:30–13:00 and 15:30–18:00 (closed on public holidays)",
)


def _material(
    zh: str, bo: str, en: str, necessity: str = "required", source: str = "applicant"
) -> dict[str, Any]:
    return {
        "name": zh,
        "name_bo": bo,
        "name_en": en,
        "necessity": necessity,
        "source": source,
    }


ID_CARD = _material(
    "申请人身份证明",
    "ཞུ་གཏུག་པའི་ཐོབ་ཐང་ར་སྤྲོད་ལག་ཁྱེར།",
    "Applicant's proof of identity",
    source="e_certificate",
)
FORM = _material("申请表", "ཞུ་ཡིག་རེའུ་མིག", "Application form")
HOUSEHOLD = _material("户口簿", "ཐེམ་ཐོ།", "Household register", source="shared_data")


def _field(
    key: str,
    zh: str,
    bo: str,
    en: str,
    *,
    required: bool = True,
    field_type: str = "text",
    help_zh: str = "",
    help_bo: str = "",
    help_en: str = "",
    choices: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    field = {
        "key": key,
        "label": zh,
        "label_bo": bo,
        "label_en": en,
        "field_type": field_type,
        "required": required,
        "help_text": help_zh,
        "help_text_bo": help_bo,
        "help_text_en": help_en,
    }
    if choices is not None:
        field["choices"] = choices
    return field


# Pre-filled from the applicant's profile (cases.forms.common.PROFILE_KEYS).
PERSON_FIELDS = [
    _field("applicant_name", "申请人姓名", "ཞུ་གཏུག་པའི་མིང་།", "Applicant's name"),
    _field("phone", "联系电话", "འབྲེལ་གཏུག་ཁ་པར།", "Contact phone"),
]
ORGANISATION_FIELDS = [
    _field("organisation_name", "单位名称", "ལས་ཁུངས་ཀྱི་མིང་།", "Organisation name"),
    _field(
        "legal_representative",
        "法定代表人",
        "ཁྲིམས་ལྡན་ངོ་ཚབ།",
        "Legal representative",
    ),
    _field("phone", "联系电话", "འབྲེལ་གཏུག་ཁ་པར།", "Contact phone"),
]
DELIVERY_FIELDS = [
    _field(
        "delivery_method",
        "结果领取方式",
        "གྲུབ་འབྲས་ལེན་སྟངས།",
        "How to receive the result",
        field_type="choice",
        choices=[
            {
                "value": "pickup",
                "label": "窗口领取",
                "label_bo": "སྒོ་ཁར་ལེན་པ།",
                "label_en": "Collect at the window",
            },
            {
                "value": "post",
                "label": "快递邮寄",
                "label_bo": "མྱུར་སྐྱེལ་གྱིས་སྐྱེལ་བ།",
                "label_en": "By courier",
            },
            {
                "value": "electronic",
                "label": "电子送达（电子证照）",
                "label_bo": "གློག་རྡུལ་ཐོག་ནས་སྐྱེལ་བ།",
                "label_en": "Electronically (e-certificate)",
            },
        ],
    ),
    _field(
        "delivery_address",
        "邮寄地址",
        "སྐྱེལ་ཡུལ་ཁ་བྱང་།",
        "Delivery address",
        required=False,
        help_zh="选择快递邮寄时填写；默认为您登记的地址。",
        help_bo="མྱུར་སྐྱེལ་འདེམས་ན་འབྲི་དགོས། སྔོན་སྒྲིག་ནི་ཁྱེད་ཀྱི་ཐོ་འགོད་ཁ་བྱང་ཡིན།",
        help_en="Needed for courier delivery; your registered address by default.",
    ),
]


def _row(organisation: str, **fields: Any) -> dict[str, Any]:
    zh, bo, en = PLACES[organisation]
    base = {
        "organisation_code": organisation,
        "statutory_unit": "working_days",
        "promised_unit": "working_days",
        "handling_forms": "1,2,3",
        "online_url": "https://zwfw.xizang.gov.cn/demo",
        "location": zh,
        "location_bo": bo,
        "location_en": en,
        "hours": HOURS[0],
        "hours_bo": HOURS[1],
        "hours_en": HOURS[2],
        "consultation_phone": "0891-0000000",
        "complaint_phone": "12345",
        "charges_fee": "0",
        "fees": [],
        "effective_from": "2026-01-01",
    }
    return {**base, **fields}


DEMO_ROWS = [
    _row(
        LHASA_MARKET,
        basic_code="DEMO-01-75004",
        name="营业执照 设立登记（演示）",
        name_bo="ཚོང་ལས་ལག་ཁྱེར་གསར་འཛུགས་ཐོ་འགོད། (དཔེ་སྟོན།)",
        name_en="Business licence: registration of establishment (demo)",
        themes="l_establish",
        item_type="01",
        legal_basis="《中华人民共和国市场主体登记管理条例》第三条",
        statutory_limit=15,
        promised_limit=1,
        case_type="2",
        service_objects="2",
        online_depth=4,
        visits_required=0,
        service_scope=ServiceScope.CROSS_PROVINCE.value,  # 跨省通办
        conditions="申请人符合市场主体登记条件，名称已自主申报。",
        conditions_bo="ཞུ་གཏུག་པས་ཚོང་ར་ཐོ་འགོད་ཀྱི་ཆ་རྐྱེན་ཚང་དགོས།",
        conditions_en="The applicant meets the conditions for registering a "
        "business and has declared its name.",
        result_type="licence",
        result_name="营业执照",
        result_name_bo="ཚོང་ལས་ལག་ཁྱེར།",
        result_name_en="Business licence",
        # Closing a case of this item issues a YYZZ e-certificate (tongban.ops.demo).
        result_certificate_type="YYZZ",
        tolerance_acceptance="1",
        materials=[
            FORM,
            ID_CARD,
            _material(
                "住所（经营场所）使用证明",
                "སྡོད་གནས（ཚོང་ར）བེད་སྤྱོད་ར་སྤྲོད་ལག་ཁྱེར།",
                "Proof of use of the business premises",
            ),
            _material(
                "公司章程",
                "ཀུང་སིའི་སྒྲིག་གཞི།",
                "Articles of association",
                necessity="conditional",
            ),
        ],
        form_fields=[
            *ORGANISATION_FIELDS,
            _field("business_scope", "经营范围", "ཚོང་ལས་ཁྱབ་ཁོངས།", "Business scope"),
            _field(
                "registered_capital",
                "注册资本（万元）",
                "ཐོ་འགོད་མ་རྩ（ཁྲི་སྒོར）",
                "Registered capital (10,000 yuan)",
                field_type="number",
            ),
            *DELIVERY_FIELDS,
        ],
    ),
    _row(
        LHASA_MARKET,
        basic_code="DEMO-01-75005",
        name="食品经营许可（演示）",
        name_bo="ཟས་རིགས་ཚོང་གཉེར་ཆོག་མཆན། (དཔེ་སྟོན།)",
        name_en="Food business permit (demo)",
        themes="l_permits",
        item_type="01",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        statutory_limit=20,
        promised_limit=10,
        case_type="2",
        service_objects="1,2",
        online_depth=3,
        visits_required=1,
        notification_pledge="1",
        conditions="具有与经营的食品品种、数量相适应的经营场所和设备。",
        conditions_bo="ཚོང་གཉེར་བྱེད་པའི་ཟས་རིགས་དང་གྲངས་འབོར་དང་མཐུན་པའི་ཚོང་ར་དང་སྒྲིག་ཆས་ཡོད་དགོས།",
        conditions_en="Premises and equipment suited to the kinds and quantities "
        "of food sold.",
        result_type="licence",
        result_name="食品经营许可证",
        result_name_bo="ཟས་རིགས་ཚོང་གཉེར་ཆོག་མཆན་ལག་ཁྱེར།",
        result_name_en="Food business permit",
        materials=[
            FORM,
            ID_CARD,
            # Satisfied by the e-certificate the item above issues: never uploaded again.
            {
                **_material(
                    "营业执照",
                    "ཚོང་ལས་ལག་ཁྱེར།",
                    "Business licence",
                    source="e_certificate",
                ),
                "e_certificate_type": "YYZZ",
            },
            _material(
                "经营场所平面图",
                "ཚོང་རའི་ས་ཁྲ།",
                "Floor plan of the premises",
            ),
        ],
        form_fields=[
            *ORGANISATION_FIELDS,
            _field(
                "food_categories",
                "经营项目",
                "ཚོང་གཉེར་རྣམ་གྲངས།",
                "Kinds of food business",
                field_type="choice",
                choices=[
                    {
                        "value": "retail",
                        "label": "食品销售",
                        "label_bo": "ཟས་རིགས་ཚོང་བ།",
                        "label_en": "Food retail",
                    },
                    {
                        "value": "catering",
                        "label": "餐饮服务",
                        "label_bo": "ཟ་ཁང་ཞབས་ཞུ།",
                        "label_en": "Catering",
                    },
                ],
            ),
            _field(
                "premises_area",
                "经营场所面积（平方米）",
                "ཚོང་རའི་རྒྱ་ཁྱོན（གྲུ་བཞི་སྨི）",
                "Area of the premises (m²)",
                field_type="number",
            ),
            *DELIVERY_FIELDS,
        ],
    ),
    _row(
        LHASA_CENTRE,
        basic_code="DEMO-20-05001",
        name="居民身份证换领（演示）",
        name_bo="དོད་དམངས་ཐོབ་ཐང་ལག་ཁྱེར་བརྗེ་ལེན། (དཔེ་སྟོན།)",
        name_en="Renewal of the resident identity card (demo)",
        themes="p_documents",
        item_type="20",
        legal_basis="《中华人民共和国居民身份证法》第五条",
        statutory_limit=60,
        statutory_unit="natural_days",
        promised_limit=30,
        promised_unit="natural_days",
        case_type="2",
        service_objects="1",
        handling_forms="1,2,3",  # apply and pay online, come once with the photo
        online_depth=2,
        visits_required=2,
        service_scope=ServiceScope.CROSS_PROVINCE.value,  # 跨省通办
        charges_fee="1",
        fee_basis="《关于居民身份证收费标准的通知》",
        fees=[
            {
                "name": "居民身份证工本费",
                "name_bo": "ཐོབ་ཐང་ལག་ཁྱེར་གྱི་བཟོ་གྲོན།",
                "name_en": "Card production fee",
                "standard": "20元/证",
                "standard_bo": "ལག་ཁྱེར་རེར་སྒོར་ 20",
                "standard_en": "20 yuan per card",
                "amount": "20.00",  # paid online through the unified public payment
            }
        ],
        conditions="居民身份证有效期满、证件损坏或登记项目变更。",
        conditions_bo="ཐོབ་ཐང་ལག་ཁྱེར་གྱི་ནུས་ཚད་དུས་ཡུན་རྫོགས་པའམ་ལག་ཁྱེར་གཏོར་བ། ཡང་ན་ཐོ་འགོད་རྣམ་གྲངས་བསྒྱུར་བ།",
        conditions_en="The card has expired, is damaged, or a registered detail "
        "has changed.",
        result_type="certificate",
        result_name="居民身份证",
        result_name_bo="དོད་དམངས་ཐོབ་ཐང་ལག་ཁྱེར།",
        result_name_en="Resident identity card",
        materials=[
            _material(
                "原居民身份证",
                "ཐོབ་ཐང་ལག་ཁྱེར་རྙིང་པ།",
                "The current identity card",
            ),
            HOUSEHOLD,
        ],
        form_fields=[
            *PERSON_FIELDS,
            _field(
                "renewal_reason",
                "换领原因",
                "བརྗེ་ལེན་གྱི་རྒྱུ་མཚན།",
                "Reason for renewal",
                field_type="choice",
                choices=[
                    {
                        "value": "expired",
                        "label": "有效期满",
                        "label_bo": "དུས་ཡུན་རྫོགས་པ།",
                        "label_en": "Expired",
                    },
                    {
                        "value": "damaged",
                        "label": "证件损坏",
                        "label_bo": "ལག་ཁྱེར་གཏོར་བ།",
                        "label_en": "Damaged",
                    },
                    {
                        "value": "changed",
                        "label": "登记项目变更",
                        "label_bo": "ཐོ་འགོད་རྣམ་གྲངས་བསྒྱུར་བ།",
                        "label_en": "Registered details changed",
                    },
                ],
            ),
            *DELIVERY_FIELDS,
        ],
    ),
    _row(
        LHASA_CENTRE,
        basic_code="DEMO-20-05002",
        name="户口迁入（购房落户）（演示）",
        name_bo="ཁང་པ་ཉོས་ནས་ཐེམ་ཐོ་སྤོ་འཇུག (དཔེ་སྟོན།)",
        name_en="Household registration on buying a home (demo)",
        themes="p_documents",
        item_type="20",
        legal_basis="《中华人民共和国户口登记条例》第十三条",
        statutory_limit=20,
        promised_limit=10,
        case_type="2",
        service_objects="1",
        online_depth=3,
        visits_required=1,
        conditions="在本市购买住房并取得不动产权证书。",
        conditions_bo="གྲོང་ཁྱེར་འདིར་སྡོད་ཁང་ཉོས་ཏེ་མི་སྒུལ་རྒྱུ་ནོར་དབང་ཆའི་ལག་ཁྱེར་ཐོབ་ཟིན་པ།",
        conditions_en="A home bought in the city, with its real estate title "
        "certificate.",
        result_type="registration",
        result_name="户口迁入登记",
        result_name_bo="ཐེམ་ཐོ་སྤོ་འཇུག་ཐོ་འགོད།",
        result_name_en="Household registration",
        # 不动产权证书 from the e-certificate sharing service (another authority's
        # certificate, verified against its issuer's installed key; docs/certificates.md).
        materials=[
            ID_CARD,
            {
                **_material(
                    "不动产权证书",
                    "མི་སྒུལ་རྒྱུ་ནོར་དབང་ཆའི་ལག་ཁྱེར།",
                    "Real estate title certificate",
                    source="e_certificate",
                ),
                "e_certificate_type": "BDCQZ",
                "data_source": "e_certificate",
            },
        ],
        form_fields=[*PERSON_FIELDS, *DELIVERY_FIELDS],
    ),
    _row(
        XIGAZE_CENTRE,
        basic_code="DEMO-20-32002",
        name="城乡居民基本养老保险参保登记（演示）",
        name_bo="གྲོང་ཁྱེར་དང་གྲོང་གསེབ་སྡོད་དམངས་ཀྱི་རྒན་གསོ་ཉེན་འགོག་ཐོ་འགོད། (དཔེ་སྟོན།)",
        name_en="Enrolment in the basic pension insurance for residents (demo)",
        themes="p_social_security,p_retirement",
        item_type="20",
        legal_basis="《中华人民共和国社会保险法》第二十条",
        statutory_limit=5,
        promised_limit=1,
        case_type="1",
        service_objects="1",
        online_depth=4,
        visits_required=0,
        service_scope=ServiceScope.CROSS_CITY.value,  # 跨市通办: 区内通办
        conditions="年满16周岁、未参加职工基本养老保险的城乡居民。",
        conditions_bo="ལོ་ 16 ལོན་ཞིང་ལས་བཟོ་བའི་རྒན་གསོ་ཉེན་འགོག་ལ་མ་ཞུགས་པའི་སྡོད་དམངས།",
        conditions_en="Residents aged 16 or over who are not covered by the "
        "employees' basic pension insurance.",
        result_type="registration",
        result_name="参保登记",
        result_name_bo="ཉེན་འགོག་ཐོ་འགོད།",
        result_name_en="Enrolment record",
        # 户口簿 from the household source at application (docs/sharing.md), and the
        # registered address pre-filled from it.
        materials=[ID_CARD, {**HOUSEHOLD, "data_source": "household"}],
        form_fields=[
            *PERSON_FIELDS,
            {
                **_field(
                    "registered_address",
                    "户籍地址",
                    "ཐེམ་ཐོའི་ས་གནས།",
                    "Registered address",
                    required=False,
                ),
                "shared_field": "household.registered_address",
            },
            _field(
                "contribution_grade",
                "缴费档次（元/年）",
                "འབབ་སྤྲོད་རིམ་པ（སྒོར/ལོ）",
                "Contribution level (yuan per year)",
                field_type="number",
            ),
            *DELIVERY_FIELDS,
        ],
    ),
    _row(
        XIGAZE_CENTRE,
        basic_code="DEMO-07-36001",
        name="残疾人证核发（演示）",
        name_bo="དབང་པོ་སྐྱོན་ཅན་ལག་ཁྱེར་སྤྲོད་པ། (དཔེ་སྟོན།)",
        name_en="Issue of the disability certificate (demo)",
        themes="p_documents,p_health",
        item_type="07",
        legal_basis="《中华人民共和国残疾人保障法》",
        statutory_limit=20,
        promised_limit=10,
        case_type="2",
        service_objects="1",
        online_depth=3,
        visits_required=1,
        service_scope=ServiceScope.CROSS_COUNTY.value,  # 跨县通办: 区内通办
        conditions="经指定医疗机构评定为残疾的本地户籍居民。",
        conditions_bo="གཏན་འཁེལ་སྨན་ཁང་གིས་དབང་པོ་སྐྱོན་ཅན་དུ་གཏན་འཁེལ་བྱས་པའི་ས་གནས་ཐེམ་ཐོ་ཅན།",
        conditions_en="Local residents assessed as disabled by a designated "
        "medical institution.",
        result_type="certificate",
        result_name="中华人民共和国残疾人证",
        result_name_bo="ཀྲུང་ཧྭ་མི་དམངས་སྤྱི་མཐུན་རྒྱལ་ཁབ་ཀྱི་དབང་པོ་སྐྱོན་ཅན་ལག་ཁྱེར།",
        result_name_en="Disability certificate of the People's Republic of China",
        materials=[
            ID_CARD,
            _material(
                "残疾评定表",
                "དབང་པོ་སྐྱོན་ཅན་གཏན་འཁེལ་རེའུ་མིག",
                "Disability assessment form",
                source="issuing_body",
            ),
            _material(
                "近期免冠照片",
                "ཉེ་ཆར་གྱི་ཞྭ་མེད་པར།",
                "Recent photo without headwear",
            ),
        ],
        form_fields=[
            *PERSON_FIELDS,
            _field(
                "disability_category",
                "残疾类别",
                "དབང་པོ་སྐྱོན་ཅན་གྱི་རིགས།",
                "Kind of disability",
                field_type="choice",
                choices=[
                    {
                        "value": "visual",
                        "label": "视力残疾",
                        "label_bo": "མིག་གི་སྐྱོན།",
                        "label_en": "Visual",
                    },
                    {
                        "value": "hearing",
                        "label": "听力残疾",
                        "label_bo": "རྣ་བའི་སྐྱོན།",
                        "label_en": "Hearing",
                    },
                    {
                        "value": "physical",
                        "label": "肢体残疾",
                        "label_bo": "ཡན་ལག་གི་སྐྱོན།",
                        "label_en": "Physical",
                    },
                    {
                        "value": "other",
                        "label": "其他",
                        "label_bo": "གཞན།",
                        "label_en": "Other",
                    },
                ],
            ),
            *DELIVERY_FIELDS,
        ],
    ),
    _row(
        REGION,
        basic_code="DEMO-01-41001",
        name="建筑工程施工许可（演示）",
        name_bo="བཟོ་སྐྲུན་ལས་གྭའི་འཛུགས་སྐྲུན་ཆོག་མཆན། (དཔེ་སྟོན།)",
        name_en="Construction works permit (demo)",
        themes="l_construction,l_investment",
        item_type="01",
        legal_basis="《中华人民共和国建筑法》第七条",
        statutory_limit=15,
        promised_limit=7,
        case_type="2",
        service_objects="2",
        online_depth=3,
        visits_required=1,
        conditions="已取得建设工程规划许可证，施工图设计文件已审查合格。",
        conditions_bo="འཛུགས་སྐྲུན་ལས་གྭའི་འཆར་འགོད་ཆོག་མཆན་ཐོབ་ཟིན་པ་དང་འཛུགས་སྐྲུན་རི་མོ་ཞིབ་བཤེར་འཕྲོད་ཟིན་པ།",
        conditions_en="The planning permit has been obtained and the construction "
        "drawings have passed review.",
        result_type="licence",
        result_name="建筑工程施工许可证",
        result_name_bo="བཟོ་སྐྲུན་ལས་གྭའི་འཛུགས་སྐྲུན་ཆོག་མཆན་ལག་ཁྱེར།",
        result_name_en="Construction works permit",
        materials=[
            FORM,
            _material(
                "建设工程规划许可证",
                "འཛུགས་སྐྲུན་ལས་གྭའི་འཆར་འགོད་ཆོག་མཆན།",
                "Planning permit for the works",
                source="e_certificate",
            ),
        ],
        form_fields=[
            *ORGANISATION_FIELDS,
            _field("project_name", "工程名称", "ལས་གྭའི་མིང་།", "Project name"),
            _field(
                "project_site",
                "建设地址",
                "འཛུགས་སྐྲུན་ས་གནས།",
                "Construction site",
            ),
            _field(
                "contract_price",
                "合同价格（万元）",
                "གན་རྒྱའི་རིན་གོང（ཁྲི་སྒོར）",
                "Contract price (10,000 yuan)",
                field_type="number",
            ),
            *DELIVERY_FIELDS,
        ],
    ),
]


def load_demo_catalog() -> ImportReport:
    """Load the demo catalogue; running it again changes nothing (the import is
    idempotent)."""
    headers = list(COLUMNS)
    return catalog_import(actor=SYSTEM, headers=headers, rows=iter(DEMO_ROWS))
