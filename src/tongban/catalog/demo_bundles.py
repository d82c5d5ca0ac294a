"""Demo 一件事 for ``make run``: 新生儿出生一件事 — four departments of 拉萨 (health, public
security, healthcare security, human resources and social security), four items loaded
through the importer like the rest of the demo catalogue, and the bundle that joins them:
出生医学证明 first; 户口登记 and 医保参保 when it is issued; 社保卡 once the child is insured.
Marked as demo data; the Tibetan is machine-drafted and awaits a native speaker's review.
"""

from typing import Any

from django.db import transaction

from tongban.catalog import selectors
from tongban.catalog.demo import (
    DELIVERY_FIELDS,
    LHASA_CENTRE,
    PERSON_FIELDS,
    _field,
    _material,
    _row,
)
from tongban.catalog.exchange.importer import ImportReport, catalog_import
from tongban.catalog.exchange.shape import COLUMNS
from tongban.catalog.models import Bundle
from tongban.catalog.services.bundles import (
    bundle_create,
    bundle_item_add,
    bundle_publish,
)
from tongban.core.permissions import SYSTEM

HEALTH = "11540100MB0W200101"
POLICE = "11540100MB0W30020R"
HEALTHCARE_SECURITY = "11540100MB0W40030J"
SOCIAL_SECURITY = "11540100MB0W50040B"
# (uscc, zh, bo, en): created by ``ops.demo`` with the other demo organisations.
DEPARTMENTS = [
    (
        HEALTH,
        "拉萨市卫生健康委员会（演示）",
        "ལྷ་ས་གྲོང་ཁྱེར་འཕྲོད་བསྟེན་ཨུ་ཡོན་ལྷན་ཁང་། (དཔེ་སྟོན།)",
        "Lhasa Health Commission (demo)",
    ),
    (
        POLICE,
        "拉萨市公安局（演示）",
        "ལྷ་ས་གྲོང་ཁྱེར་སྤྱི་བདེ་ཅུས། (དཔེ་སྟོན།)",
        "Lhasa Public Security Bureau (demo)",
    ),
    (
        HEALTHCARE_SECURITY,
        "拉萨市医疗保障局（演示）",
        "ལྷ་ས་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་ལེན་ཅུས། (དཔེ་སྟོན།)",
        "Lhasa Healthcare Security Bureau (demo)",
    ),
    (
        SOCIAL_SECURITY,
        "拉萨市人力资源和社会保障局（演示）",
        "ལྷ་ས་གྲོང་ཁྱེར་མི་ཤུགས་ཐོན་ཁུངས་དང་སྤྱི་ཚོགས་འགན་ལེན་ཅུས། (དཔེ་སྟོན།)",
        "Lhasa Human Resources and Social Security Bureau (demo)",
    ),
]

PARENTS_ID = _material(
    "父母双方身份证", "ཕ་མ་གཉིས་ཀྱི་ཐོབ་ཐང་ལག་ཁྱེར།", "Both parents' identity cards"
)
CHILD_FIELDS = [
    _field("child_name", "新生儿姓名", "བྱིས་པ་གསར་སྐྱེས་ཀྱི་མིང་།", "Child's name"),
    _field(
        "child_birth_date",
        "出生日期",
        "སྐྱེས་ཚེས།",
        "Date of birth",
        field_type="date",
    ),
]


def _item(
    department: str, code: str, zh: str, bo: str, en: str, **rest: Any
) -> dict[str, Any]:
    """An item handled by ``department``, taken in at the Lhasa hall (综合窗口)."""
    return _row(
        LHASA_CENTRE,
        organisation_code=department,
        basic_code=code,
        name=zh,
        name_bo=bo,
        name_en=en,
        item_type="20",
        legal_basis="《国务院办公厅关于印发“高效办成一件事”重点事项清单的通知》",
        statutory_limit=10,
        case_type="2",
        service_objects="1",
        online_depth=3,
        visits_required=1,
        themes="p_birth",
        conditions="新生儿在拉萨市出生，父母至少一方户籍在拉萨市。",
        conditions_bo="བྱིས་པ་ལྷ་སར་སྐྱེས་པ་དང་ཕ་མ་གང་རུང་གཅིག་གི་ཐེམ་ཐོ་ལྷ་སར་ཡོད་དགོས།",
        conditions_en="The child was born in Lhasa and a parent is registered there.",
        **rest,
    )


BUNDLE_ROWS = [
    _item(
        HEALTH,
        "DEMO-20-07001",
        "出生医学证明首次签发（演示）",
        "སྐྱེས་པའི་སྨན་བཅོས་ར་སྤྲོད་ཐེངས་དང་པོར་སྤྲོད་པ། (དཔེ་སྟོན།)",
        "First issue of the medical birth certificate (demo)",
        promised_limit=2,
        result_type="certificate",
        result_name="出生医学证明",
        result_name_bo="སྐྱེས་པའི་སྨན་བཅོས་ར་སྤྲོད།",
        result_name_en="Medical birth certificate",
        materials=[
            PARENTS_ID,
            _material(
                "出生医学证明首次签发登记表",
                "སྐྱེས་པའི་སྨན་བཅོས་ར་སྤྲོད་ཐོ་འགོད་རེའུ་མིག",
                "Registration form for the birth certificate",
            ),
        ],
        form_fields=[
            *PERSON_FIELDS,
            *CHILD_FIELDS,
            _field("birth_hospital", "出生医院", "སྐྱེས་སའི་སྨན་ཁང་།", "Hospital of birth"),
            *DELIVERY_FIELDS,
        ],
    ),
    _item(
        POLICE,
        "DEMO-20-09002",
        "出生登记（户口登记）（演示）",
        "སྐྱེས་ཐོ་འགོད་པ།（ཐེམ་ཐོ།）(དཔེ་སྟོན།)",
        "Birth registration in the household register (demo)",
        promised_limit=3,
        result_type="certificate",
        result_name="户口簿（新生儿页）",
        result_name_bo="ཐེམ་ཐོ།（བྱིས་པ་གསར་སྐྱེས་ཤོག་ལྷེ།）",
        result_name_en="Household register (the child's page)",
        materials=[
            PARENTS_ID,
            _material("户口簿", "ཐེམ་ཐོ།", "Household register"),
        ],
        form_fields=[
            *PERSON_FIELDS,
            *CHILD_FIELDS,
            _field(
                "household_address",
                "落户地址",
                "ཐེམ་ཐོ་འགོད་སའི་ཁ་བྱང་།",
                "Address of registration",
            ),
            *DELIVERY_FIELDS,
        ],
    ),
    _item(
        HEALTHCARE_SECURITY,
        "DEMO-20-20003",
        "城乡居民基本医疗保险参保登记（演示）",
        "གྲོང་ཁྱེར་གྲོང་གསེབ་སྡོད་དམངས་ཀྱི་སྨན་བཅོས་འགན་ལེན་ཐོ་འགོད། (དཔེ་སྟོན།)",
        "Enrolment in basic health insurance (demo)",
        promised_limit=3,
        result_type="other",
        result_name="参保凭证",
        result_name_bo="འགན་ལེན་ར་སྤྲོད།",
        result_name_en="Proof of enrolment",
        materials=[PARENTS_ID],
        form_fields=[*PERSON_FIELDS, *CHILD_FIELDS, *DELIVERY_FIELDS],
    ),
    _item(
        SOCIAL_SECURITY,
        "DEMO-20-21004",
        "社会保障卡申领（演示）",
        "སྤྱི་ཚོགས་འགན་ལེན་བྱང་བུ་ཞུ་བ། (དཔེ་སྟོན།)",
        "Social security card (demo)",
        promised_limit=5,
        result_type="certificate",
        result_name="社会保障卡",
        result_name_bo="སྤྱི་ཚོགས་འགན་ལེན་བྱང་བུ།",
        result_name_en="Social security card",
        materials=[
            PARENTS_ID,
            _material(
                "新生儿免冠照片",
                "བྱིས་པ་གསར་སྐྱེས་ཀྱི་པར།",
                "Photograph of the child",
                necessity="optional",
            ),
        ],
        form_fields=[*PERSON_FIELDS, *CHILD_FIELDS, *DELIVERY_FIELDS],
    ),
]
STEPS = (1, 2, 2, 3)  # the order of BUNDLE_ROWS


@transaction.atomic
def load_demo_bundles() -> ImportReport:
    """Import the four items and publish the bundle once; again, nothing changes."""
    report = catalog_import(actor=SYSTEM, headers=list(COLUMNS), rows=iter(BUNDLE_ROWS))
    if Bundle.objects.filter(code="newborn").exists():
        return report
    bundle = bundle_create(
        actor=SYSTEM,
        code="newborn",
        name="新生儿出生一件事（演示）",
        name_bo="བྱིས་པ་གསར་སྐྱེས་ཀྱི་བྱ་བ་གཅིག་ཐེངས་གཅིག་ལ་སྒྲུབ་པ། (དཔེ་སྟོན།)",
        name_en="A child is born: one application (demo)",
        summary="出生医学证明、户口登记、医保参保、社保卡申领，一张表、一套材料、一次提交。",
        summary_bo="སྐྱེས་པའི་ར་སྤྲོད། ཐེམ་ཐོ། སྨན་བཅོས་འགན་ལེན། སྤྱི་ཚོགས་འགན་ལེན་བྱང་བུ་བཅས་རེའུ་མིག་གཅིག་དང་ཡིག་ཆ་ཚོ་གཅིག་གིས་ཐེངས་གཅིག་ལ་ཞུ་ཆོག",
        summary_en="Birth certificate, household registration, health insurance and the "
        "social security card: one form, one set of materials, one application.",
        process_description="出生医学证明签发后，户口登记与医保参保同时办理；参保后申领社保卡。",
        process_description_bo="སྐྱེས་པའི་ར་སྤྲོད་སྤྲད་རྗེས་ཐེམ་ཐོ་དང་སྨན་བཅོས་འགན་ལེན་དུས་མཚུངས་སུ་སྒྲུབ། འགན་ལེན་རྗེས་བྱང་བུ་ཞུ།",
        process_description_en="Once the birth certificate is issued, household "
        "registration and health insurance run together; the card follows enrolment.",
        delivery_note="全部办结后统一出件：窗口领取、快递邮寄或电子送达。",
        delivery_note_bo="ཚང་མ་གྲུབ་རྗེས་ཐེངས་གཅིག་ལ་སྤྲོད། སྒོ་ཁར་ལེན་པ་དང་མྱུར་སྐྱེལ། གློག་རྡུལ་ཐོག་ནས་སྐྱེལ་བ།",
        delivery_note_en="Every result is handed over together once all are done: at "
        "the window, by courier or electronically.",
    )
    for order, (row, step) in enumerate(zip(BUNDLE_ROWS, STEPS, strict=True)):
        implementation = (
            selectors.live_versions()
            .get(implementation__basic_item__code=row["basic_code"])
            .implementation
        )
        bundle_item_add(
            actor=SYSTEM,
            bundle=bundle,
            implementation=implementation,
            step=step,
            order=order,
        )
    bundle_publish(actor=SYSTEM, bundle=bundle)
    return report
