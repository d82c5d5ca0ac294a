"""Demo catalogue for ``make run``: six realistic Tibet services, published, Chinese
with Tibetan for some. Clearly marked as demo data (（演示）); codes follow the observed
layout but are made up. Loaded through the importer, so it exercises the same rules and
audit."""

from typing import Any

from tongban.catalog.exchange.importer import ImportReport, catalog_import
from tongban.catalog.exchange.shape import COLUMNS
from tongban.core.permissions import SYSTEM

REGION = "11540000MB0A00010X"
LHASA_CENTRE = "11540100MB0T12340N"
LHASA_MARKET = "11540100MB0T56780D"
XIGAZE_CENTRE = "11540200MB0Q111101"
HALL = "拉萨市城关区（演示地址）拉萨市政务服务中心大厅"
HOURS = "工作日 09:30–13:00，15:30–18:00（法定节假日除外）"
ID_CARD = {"name": "申请人身份证明", "necessity": "required", "source": "e_certificate"}
FORM = {"name": "申请表", "necessity": "required", "source": "applicant"}


def _row(**fields: Any) -> dict[str, Any]:
    base = {
        "statutory_unit": "working_days",
        "promised_unit": "working_days",
        "handling_forms": "1,2,3",
        "online_url": "https://zwfw.xizang.gov.cn/demo",
        "location": HALL,
        "hours": HOURS,
        "consultation_phone": "0891-0000000",
        "complaint_phone": "12345",
        "effective_from": "2026-01-01",
    }
    return {**base, **fields}


DEMO_ROWS = [
    _row(
        basic_code="000175004000",
        name="营业执照 设立登记（演示）",
        themes="l_establish",
        name_bo="ཚོང་ལས་ལག་ཁྱེར་གསར་འཛུགས་ཐོ་འགོད། (དཔེ་སྟོན།)",
        name_en="Business licence: registration of establishment (demo)",
        item_type="01",
        legal_basis="《中华人民共和国市场主体登记管理条例》第三条",
        organisation_code=LHASA_MARKET,
        statutory_limit=15,
        promised_limit=1,
        case_type="2",
        service_objects="2",
        online_depth=4,
        visits_required=0,
        service_scope="province",
        conditions="申请人符合市场主体登记条件，名称已自主申报。",
        conditions_bo="ཞུ་གཏུག་པས་ཚོང་ར་ཐོ་འགོད་ཀྱི་ཆ་རྐྱེན་ཚང་དགོས།",
        result_type="licence",
        result_name="营业执照",
        tolerance_acceptance="1",
        materials=[
            FORM,
            ID_CARD,
            {
                "name": "住所（经营场所）使用证明",
                "necessity": "required",
                "source": "applicant",
            },
            {"name": "公司章程", "necessity": "conditional", "source": "applicant"},
        ],
    ),
    _row(
        basic_code="000175005000",
        name="食品经营许可（演示）",
        themes="l_permits",
        item_type="01",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        organisation_code=LHASA_MARKET,
        statutory_limit=20,
        promised_limit=10,
        case_type="2",
        service_objects="1,2",
        online_depth=3,
        visits_required=1,
        notification_pledge="1",
        conditions="具有与经营的食品品种、数量相适应的经营场所和设备。",
        result_type="licence",
        result_name="食品经营许可证",
        materials=[
            FORM,
            ID_CARD,
            {"name": "经营场所平面图", "necessity": "required", "source": "applicant"},
        ],
    ),
    _row(
        basic_code="002005001000",
        name="居民身份证换领（演示）",
        themes="p_documents",
        name_bo="དོད་དམངས་ཐོབ་ཐང་ལག་ཁྱེར་བརྗེ་ལེན། (དཔེ་སྟོན།)",
        item_type="20",
        legal_basis="《中华人民共和国居民身份证法》第五条",
        organisation_code=LHASA_CENTRE,
        statutory_limit=60,
        statutory_unit="natural_days",
        promised_limit=30,
        promised_unit="natural_days",
        case_type="2",
        service_objects="1",
        handling_forms="1",
        online_depth=2,
        visits_required=2,
        service_scope="province",
        charges_fee="1",
        fee_basis="《关于居民身份证收费标准的通知》",
        fees=[{"name": "居民身份证工本费", "standard": "20元/证"}],
        result_type="certificate",
        result_name="居民身份证",
        materials=[
            {"name": "原居民身份证", "necessity": "required", "source": "applicant"},
            {"name": "户口簿", "necessity": "required", "source": "shared_data"},
        ],
    ),
    _row(
        basic_code="002032002000",
        name="城乡居民基本养老保险参保登记（演示）",
        themes="p_social_security,p_retirement",
        item_type="20",
        legal_basis="《中华人民共和国社会保险法》第二十条",
        organisation_code=XIGAZE_CENTRE,
        statutory_limit=5,
        promised_limit=1,
        case_type="1",
        service_objects="1",
        online_depth=4,
        visits_required=0,
        service_scope="city",
        result_type="registration",
        result_name="参保登记",
        materials=[
            ID_CARD,
            {"name": "户口簿", "necessity": "required", "source": "shared_data"},
        ],
    ),
    _row(
        basic_code="000736001000",
        name="残疾人证核发（演示）",
        themes="p_documents,p_health",
        name_bo="དབང་པོ་སྐྱོན་ཅན་ལག་ཁྱེར་སྤྲོད་པ། (དཔེ་སྟོན།)",
        item_type="07",
        legal_basis="《中华人民共和国残疾人保障法》",
        organisation_code=XIGAZE_CENTRE,
        statutory_limit=20,
        promised_limit=10,
        case_type="2",
        service_objects="1",
        online_depth=3,
        visits_required=1,
        service_scope="county",
        result_type="certificate",
        result_name="中华人民共和国残疾人证",
        materials=[
            ID_CARD,
            {"name": "残疾评定表", "necessity": "required", "source": "issuing_body"},
            {"name": "近期免冠照片", "necessity": "required", "source": "applicant"},
        ],
    ),
    _row(
        basic_code="000141001000",
        name="建筑工程施工许可（演示）",
        themes="l_construction,l_investment",
        item_type="01",
        legal_basis="《中华人民共和国建筑法》第七条",
        organisation_code=REGION,
        statutory_limit=15,
        promised_limit=7,
        case_type="2",
        service_objects="2",
        online_depth=3,
        visits_required=1,
        result_type="licence",
        result_name="建筑工程施工许可证",
        materials=[
            FORM,
            {
                "name": "建设工程规划许可证",
                "necessity": "required",
                "source": "e_certificate",
            },
        ],
    ),
]


def load_demo_catalog() -> ImportReport:
    """Load the demo catalogue; running it again changes nothing (the import is
    idempotent)."""
    headers = list(COLUMNS)
    return catalog_import(actor=SYSTEM, headers=headers, rows=iter(DEMO_ROWS))
