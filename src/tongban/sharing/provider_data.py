"""Demo records of the reference provider, for the demo applicant of ``make run`` and the
tests (格桑, resident ID 54010219900101002X) and one demo enterprise. Made-up data, marked
as demo; the identity numbers are valid but belong to nobody."""

from typing import Any

# (source, id_type, id_number) → record
DEMO_RECORDS: dict[tuple[str, str, str], dict[str, Any]] = {
    ("population", "111", "54010219900101002X"): {
        "name": "格桑（演示）",
        "gender": "女",
        "ethnicity": "藏族",
        "birth_date": "1990-01-01",
        "address": "西藏自治区拉萨市城关区北京中路1号（演示）",
    },
    ("household", "111", "54010219900101002X"): {
        "household_number": "540102000001",
        "head_of_household": "格桑（演示）",
        "relation_to_head": "户主",
        "registered_address": "西藏自治区拉萨市城关区北京中路1号（演示）",
    },
    ("social_security", "111", "54010219900101002X"): {
        "insured": True,
        "insurance_types": ["养老保险", "医疗保险"],
        "employer": "拉萨市政务服务中心（演示）",
        "insured_since": "2015-07-01",
    },
    ("real_estate", "111", "54010219900101002X"): {
        "certificate_number": "藏（2024）拉萨市不动产权第0000001号（演示）",
        "property_address": "拉萨市城关区江苏路2号3单元101（演示）",
        "floor_area": "86.5",
        "registered_on": "2024-05-20",
    },
    ("marriage", "111", "54010219900101002X"): {
        "marital_status": "未婚",
        "registered_on": "",
        "registry_office": "",
    },
    ("enterprise", "001", "91540100MA6T202607"): {
        "name": "拉萨雪域示范商贸有限公司（演示）",
        "legal_representative": "格桑（演示）",
        "registered_capital": "100万元",
        "address": "西藏自治区拉萨市城关区金珠西路8号（演示）",
        "established_on": "2020-03-18",
        "business_scope": "日用百货销售（演示）",
    },
}
