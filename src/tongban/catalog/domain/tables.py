"""Code tables of GB/T 39046-2020 Annex A used by the catalogue, with import mappings.

Values are the standard's codes; the Chinese names are the standard's own wording and
are used to read files that carry names instead of codes. Display labels (translated)
live on the model choices. ``lookup`` accepts a code, a name or a legacy alias and
returns the code.
"""

from collections.abc import Mapping

# A.1 事项类型代码. 一网通办 covers the applicant-initiated types (DOMAIN.md §5.1).
ITEM_TYPES: Mapping[str, str] = {
    "00": "行政权力事项",
    "01": "行政许可",
    "02": "行政处罚",
    "03": "行政强制",
    "04": "行政征收",
    "05": "行政给付",
    "06": "行政检查",
    "07": "行政确认",
    "08": "行政奖励",
    "09": "行政裁决",
    "10": "其他行政权力",
    "20": "公共服务",
}
APPLICATION_ITEM_TYPES = frozenset({"01", "04", "05", "07", "08", "09", "10", "20"})
ITEM_TYPE_ALIASES = {"其他类别事项": "10", "其他类别": "10", "公共服务事项": "20"}


def accepts_applications(item_type: str) -> bool:
    """Whether applicants apply for items of this A.1 type. 02 行政处罚, 03 行政强制 and
    06 行政检查 are the office's own acts, and 00 (generic power) says nothing about
    an application: none of them gets an application, online or at a counter."""
    return item_type in APPLICATION_ITEM_TYPES


# A.2 行使层级代码
EXERCISE_LEVELS: Mapping[str, str] = {
    "1": "国家级",
    "2": "省级",
    "3": "市级",
    "4": "县级",
    "5": "镇（乡、街道）级",
    "6": "村（社区）级",
    "7": "分级管理",
}
# A.4 服务对象代码
SERVICE_OBJECTS: Mapping[str, str] = {
    "1": "自然人",
    "2": "企业法人",
    "3": "事业法人",
    "4": "社会组织法人",
    "5": "行政机关",
    "6": "其他组织",
}
# A.5 办理形式代码; 2 and 3 are the online forms.
HANDLING_FORMS: Mapping[str, str] = {
    "1": "窗口办理",
    "2": "电脑端网上办理",
    "3": "移动端网上申请",
    "4": "快递申请",
    "9": "其他",
}
ONLINE_HANDLING_FORMS = frozenset({"2", "3"})
# A.6 办件类型代码
CASE_TYPES: Mapping[str, str] = {"1": "即办件", "2": "承诺件", "9": "其他"}
# Legacy local sets number them the other way round (DOMAIN.md §5.2): map by name only.
CASE_TYPE_ALIASES = {"上报件": "9", "联办件": "9"}
# A.7 特别程序种类代码
SPECIAL_PROCEDURE_KINDS: Mapping[str, str] = {
    "1": "延长审批",
    "2": "除延长审批之外的情况",
}
# 网上办理深度 (DOMAIN.md §5.2 [INF]); the maximum visits each depth allows.
ONLINE_DEPTHS: Mapping[str, str] = {
    "1": "信息公开",
    "2": "在线预审",
    "3": "在线受理",
    "4": "全程网办",
}
MAX_VISITS_FOR_DEPTH: Mapping[int, int] = {4: 0, 3: 1, 2: 2}
# 通办范围代码 (n1). GB/T 39046 names the four values 全国 / 跨省 / 跨市 / 跨县 but the
# copy read for DOMAIN.md gives no numbers: they are numbered here in that order (an
# inference to confirm against the standard's table), and stored and exported as codes.
SCOPES: Mapping[str, str] = {
    "1": "全国通办",
    "2": "跨省通办",
    "3": "跨市通办",
    "4": "跨县通办",
}
# Files of earlier Tongban exports (our former keys) and short names still read.
SCOPE_ALIASES = {
    "national": "1",
    "province": "2",
    "city": "3",
    "county": "4",
    "全国": "1",
    "跨省": "2",
    "跨市": "3",
    "跨县": "4",
}
IN_REGION_SCOPES = frozenset({"3", "4"})
CROSS_PROVINCE_SCOPES = frozenset({"1", "2"})
TIME_UNITS: Mapping[str, str] = {"working_days": "工作日", "natural_days": "自然日"}
TIME_UNIT_ALIASES = {
    "个工作日": "working_days",
    "天": "natural_days",
    "日": "natural_days",
    "1": "working_days",
    "2": "natural_days",
}


def lookup(
    table: Mapping[str, str], value: object, aliases: Mapping[str, str] | None = None
) -> str | None:
    """The code for ``value`` given as a code, a standard name or an alias; ``None`` if
    unknown.

    Codes of A.1 are two digits, so ``"1"`` is read as ``"01"`` there (spreadsheets drop
    leading zeros).
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if text in table:
        return text
    width = len(next(iter(table)))
    if text.isdigit() and len(text) < width and text.zfill(width) in table:
        return text.zfill(width)
    for code, name in table.items():
        if name == text:
            return code
    return (aliases or {}).get(text)


def lookup_many(table: Mapping[str, str], value: object) -> tuple[list[str], list[str]]:
    """Split a list given as a list or as ``"1,2"`` / ``"自然人;企业法人"``; returns
    (codes, unknown)."""
    if isinstance(value, list | tuple):
        parts = [str(part) for part in value]
    else:
        text = "" if value is None else str(value)
        for separator in ("；", ";", "，", "、", "|"):
            text = text.replace(separator, ",")
        parts = text.split(",")
    codes, unknown = [], []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        code = lookup(table, part)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


# 面向自然人 / 面向法人主题分类: how the public browses the catalogue (life events for people,
# the life cycle of an organisation). Stable codes of Tongban's own; names per the national
# platform's theme lists.
PERSON_THEMES: Mapping[str, str] = {
    "p_birth": "生育收养",
    "p_household": "户籍办理",
    "p_education": "教育科研",
    "p_employment": "就业创业",
    "p_marriage": "婚姻登记",
    "p_social_security": "社会保障",
    "p_housing": "住房保障",
    "p_documents": "证件办理",
    "p_transport": "交通出行",
    "p_health": "医疗卫生",
    "p_retirement": "离职退休",
    "p_death": "死亡殡葬",
}
ORGANISATION_THEMES: Mapping[str, str] = {
    "l_establish": "设立变更",
    "l_permits": "准营准办",
    "l_qualification": "资质认证",
    "l_tax": "税收财务",
    "l_human_resources": "人力资源",
    "l_investment": "投资审批",
    "l_construction": "规划建设",
    "l_trade": "商务贸易",
    "l_agriculture": "农林牧渔",
    "l_deregister": "法人注销",
}
THEMES: Mapping[str, str] = {**PERSON_THEMES, **ORGANISATION_THEMES}


def parse_themes(value: str) -> tuple[list[str], list[str]]:
    """``"p_birth, 户籍办理"`` → (known codes in order, unknown entries); codes or names."""
    by_name = {name: code for code, name in THEMES.items()}
    codes: list[str] = []
    unknown: list[str] = []
    for part in (value or "").replace("，", ",").replace("、", ",").split(","):
        entry = part.strip()
        if not entry:
            continue
        code = entry if entry in THEMES else by_name.get(entry)
        if code is None:
            unknown.append(entry)
        elif code not in codes:
            codes.append(code)
    return codes, unknown
