"""Demo data for ``make run``: organisations and halls in 拉萨 and 日喀则, one login per role
(case officers: one per configured review step in each hall's division and at the region
office), one applicant. Everything is marked as demo data; identifiers are made-up but valid."""

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from tongban.accounts import second_factor
from tongban.accounts import services as accounts
from tongban.accounts.domain.roles import Role
from tongban.appointments import services as appointments
from tongban.calendars.demo import load_demo_calendars
from tongban.catalog.demo import load_demo_catalog
from tongban.catalog.demo_bundles import DEPARTMENTS, load_demo_bundles
from tongban.certificates import services as certificates
from tongban.core.permissions import SYSTEM
from tongban.reference.certificate_source import issuer_keys_export
from tongban.regions import selectors as regions_selectors
from tongban.regions import services as regions

DEMO_PASSWORD = "Tongban-demo-2026"  # noqa: S105 - printed at start, demo data only
DEMO_LOGINS = [
    ("counter clerk", "clerk.lhasa", DEMO_PASSWORD),
    # One officer per review step: the four-eyes rule needs another for the next step.
    ("case officer", "officer.lhasa", DEMO_PASSWORD),
    ("case officer", "officer2.lhasa", DEMO_PASSWORD),
    ("case officer", "officer3.lhasa", DEMO_PASSWORD),
    ("catalogue manager", "catalogue.xz", DEMO_PASSWORD),
    ("supervisor (TOTP)", "supervisor.lhasa", DEMO_PASSWORD),
    ("platform admin (TOTP)", "admin", DEMO_PASSWORD),
    ("counter clerk", "clerk.xigaze", DEMO_PASSWORD),
    ("applicant", "13800000001", DEMO_PASSWORD),
    ("applicant (organisation)", "13800000002", DEMO_PASSWORD),
]

DEMO_SECOND_FACTOR = ("supervisor.lhasa", "admin")

ORGANISATIONS = [
    # (uscc, zh, bo, en, division, exercise level)
    (
        "11540000MB0A00010X",
        "西藏自治区人民政府办公厅（演示）",
        "བོད་རང་སྐྱོང་ལྗོངས་མི་དམངས་སྲིད་གཞུང་གི་ལས་ཁང་། (དཔེ་སྟོན།)",
        "General Office of the Regional Government (demo)",
        "540000",
        2,
    ),
    (
        "11540100MB0T12340N",
        "拉萨市政务服务中心（演示）",
        "ལྷ་ས་གྲོང་ཁྱེར་སྲིད་དོན་ཞབས་ཞུ་ལྟེ་གནས། (དཔེ་སྟོན།)",
        "Lhasa Government Service Centre (demo)",
        "540100",
        3,
    ),
    (
        "11540100MB0T56780D",
        "拉萨市市场监督管理局（演示）",
        "ལྷ་ས་གྲོང་ཁྱེར་ཚོང་ར་ལྟ་ཞིབ་དོ་དམ་ཅུས། (དཔེ་སྟོན།)",
        "Lhasa Market Regulation Bureau (demo)",
        "540100",
        3,
    ),
    (
        "11540200MB0Q111101",
        "日喀则市政务服务中心（演示）",
        "གཞིས་ཀ་རྩེ་གྲོང་ཁྱེར་སྲིད་དོན་ཞབས་ཞུ་ལྟེ་གནས། (དཔེ་སྟོན།)",
        "Xigaze Government Service Centre (demo)",
        "540200",
        3,
    ),
    # The departments of the 新生儿出生 一件事 (catalog/demo_bundles.py).
    *((uscc, zh, bo, en, "540100", 3) for uscc, zh, bo, en in DEPARTMENTS),
]
LHASA_SESSIONS = [
    (day, datetime.time(9, 30), datetime.time(13, 0)) for day in range(5)
] + [(day, datetime.time(15, 30), datetime.time(18, 0)) for day in range(5)]


OFFICER_NAMES = ["卓玛", "旺堆", "央金", "边巴", "拉姆", "多吉"]


def _officers(
    place: str, organisation: Any, roles: list[tuple[str, Any, Any]]
) -> list[tuple[str, str, Any, list[tuple[str, Any, Any]]]]:
    """One case officer per configured review step (``CASE_REVIEW_STEPS``) where cases are
    handled, so a demo case can pass every step under the four-eyes rule (no officer
    approves two steps in a row) and reach a decision."""
    count = max(len(settings.CASE_REVIEW_STEPS), 2)
    return [
        (
            f"officer{'' if n == 1 else n}.{place}",
            f"{OFFICER_NAMES[(n - 1) % len(OFFICER_NAMES)]}（演示）",
            organisation,
            roles,
        )
        for n in range(1, count + 1)
    ]


def demo_loaded() -> bool:
    return (
        regions_selectors.organisation_by_uuid_or_uscc(uscc=ORGANISATIONS[0][0])
        is not None
    )


def demo_enrolment_codes() -> list[tuple[str, str]]:
    """Fresh one-time codes for the demo logins that must enrol a second factor and have not
    yet; ``tongban serve`` prints them with the logins (demo data only)."""
    if not demo_loaded():
        return []
    return second_factor.second_factor_enrolment_issue_unenrolled(
        actor=SYSTEM, usernames=DEMO_SECOND_FACTOR
    )


@transaction.atomic
def load_demo() -> bool:
    """Create the demo data once; returns False when it was already there."""
    if demo_loaded():
        return False
    orgs = {}
    for uscc, zh, bo, en, division, level in ORGANISATIONS:
        orgs[division + uscc[-4:]] = regions.organisation_create(
            actor=SYSTEM,
            name=zh,
            name_bo=bo,
            name_en=en,
            uscc=uscc,
            division_code=division,
            exercise_level=level,
        )
    region_office, lhasa_centre, lhasa_market, xigaze_centre, *_ = orgs.values()
    lhasa_hall = regions.hall_create(
        actor=SYSTEM,
        name="拉萨市政务服务中心大厅（演示）",
        name_bo="ལྷ་ས་གྲོང་ཁྱེར་སྲིད་དོན་ཞབས་ཞུའི་ཚོམ་ཆེན། (དཔེ་སྟོན།)",
        name_en="Lhasa Government Service Hall (demo)",
        kind="centre",
        division_code="540100",
        organisation=lhasa_centre,
        address="拉萨市城关区（演示地址）",
        phone="0891-0000000",
    )
    regions.hall_set_sessions(actor=SYSTEM, hall=lhasa_hall, sessions=LHASA_SESSIONS)
    windows = {
        number: regions.window_create(
            actor=SYSTEM,
            hall=lhasa_hall,
            number=number,
            name=name,
            kind="pickup" if number.startswith("C") else "integrated",
        )
        for number, name in (
            ("A01", "综合受理窗口"),
            ("A02", "综合受理窗口"),
            ("C01", "统一出件窗口"),
        )
    }
    appointments.service_group_create(
        actor=SYSTEM,
        hall=lhasa_hall,
        code="A",
        name="综合受理",
        name_bo="སྤྱི་ཡོངས་ལེན་པ།",
        name_en="Integrated intake",
        windows=[windows["A01"], windows["A02"]],
        capacity=2,
    )
    appointments.service_group_create(
        actor=SYSTEM,
        hall=lhasa_hall,
        code="C",
        name="统一出件",
        name_bo="གྲུབ་འབྲས་ལེན་ས།",
        name_en="Result pickup",
        windows=[windows["C01"]],
        capacity=4,
    )
    xigaze_hall = regions.hall_create(
        actor=SYSTEM,
        name="日喀则市政务服务中心大厅（演示）",
        name_en="Xigaze Government Service Hall (demo)",
        kind="centre",
        division_code="540200",
        organisation=xigaze_centre,
    )
    regions.hall_set_sessions(actor=SYSTEM, hall=xigaze_hall, sessions=LHASA_SESSIONS)
    lhasa = regions_selectors.division_get(code="540100")
    xigaze = regions_selectors.division_get(code="540200")
    region = regions_selectors.division_get(code="540000")
    staff: list[tuple[str, str, Any, list[tuple[str, Any, Any]]]] = [
        (
            "clerk.lhasa",
            "次仁（演示）",
            lhasa_centre,
            [(Role.COUNTER_CLERK, None, lhasa)],
        ),
        (
            "catalogue.xz",
            "扎西（演示）",
            region_office,
            [(Role.CATALOGUE_MANAGER, None, region)],
        ),
        (
            "supervisor.lhasa",
            "普布（演示）",
            lhasa_centre,
            [(Role.SUPERVISOR, None, lhasa)],
        ),
        (
            "admin",
            "平台管理员（演示）",
            region_office,
            [(Role.PLATFORM_ADMIN, None, None)],
        ),
        (
            "clerk.xigaze",
            "达瓦（演示）",
            xigaze_centre,
            [(Role.COUNTER_CLERK, None, xigaze)],
        ),
    ]
    staff += _officers("lhasa", lhasa_centre, [(Role.CASE_OFFICER, None, lhasa)])
    staff += _officers("xigaze", xigaze_centre, [(Role.CASE_OFFICER, None, xigaze)])
    staff += _officers("xz", region_office, [(Role.CASE_OFFICER, region_office, None)])
    for username, full_name, organisation, roles in staff:
        accounts.staff_create(
            actor=SYSTEM,
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            organisation=organisation,
            roles=roles,
        )
    accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="格桑（演示）",
        id_type="111",
        id_number="54010219900101002X",
        phone="13800000001",
        password=DEMO_PASSWORD,
        preferred_language="bo",
        assurance_level=2,
    )
    accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="organisation",
        name="拉萨雪域商贸有限公司（演示）",
        id_type="001",
        id_number="91540100MA6T202607",
        phone="13800000002",
        password=DEMO_PASSWORD,
        legal_representative="格桑（演示）",
        assurance_level=2,
    )
    _demo_certificate_type(lhasa_market)
    _shared_certificate_type()
    load_demo_catalog()
    load_demo_bundles()
    load_demo_calendars()
    return True


# The business licence the demo's 营业执照 item issues on close and the food permit item
# accepts instead of an upload: a new user walks close → wallet → reuse (README).
LICENCE_FIELDS = [
    ("organisation_name", "名称", "མིང་།", "Name"),
    ("legal_representative", "法定代表人", "ཁྲིམས་ལྡན་ངོ་ཚབ།", "Legal representative"),
    ("business_scope", "经营范围", "ཚོང་ལས་ཁྱབ་ཁོངས།", "Business scope"),
    ("registered_capital", "注册资本（万元）", "ཐོ་འགོད་མ་རྩ（ཁྲི་སྒོར）", "Registered capital (10,000 yuan)"),
]  # fmt: skip


def _shared_certificate_type() -> None:
    """不动产权证书, issued by another authority (the real estate registry): Tongban never
    issues it, the e-certificate sharing service hands it out signed (docs/certificates.md)."""
    certificates.certificate_type_save(
        code="BDCQZ",
        names={
            "zh_hans": "不动产权证书",
            "bo": "མི་སྒུལ་རྒྱུ་ནོར་དབང་ཆའི་ལག་ཁྱེར།",
            "en": "Real estate title certificate",
        },
        organisations=[],
        fields=[
            {"key": key, "kind": "text", "label": zh, "label_bo": bo, "label_en": en}
            for key, zh, bo, en in (
                ("certificate_number", "证书号", "ལག་ཁྱེར་ཨང་།", "Certificate number"),
                ("property_address", "坐落", "ས་གནས།", "Address of the property"),
                ("floor_area", "面积（平方米）", "རྒྱ་ཁྱོན།", "Floor area (m²)"),
            )
        ],
        validity_years=None,
        actor=SYSTEM,
    )


def demo_issuer_keys_install() -> list[str]:
    """Trust the public keys of the reference provider's demo issuers (its certificate
    source) as an operator would (``tongban certificates trust``), for those not yet
    installed; the key ids installed."""
    installed = []
    with tempfile.TemporaryDirectory() as exported:
        for path in issuer_keys_export(Path(exported)):
            issuer = path.parent.name
            if (settings.CERTIFICATE_TRUSTED_KEY_DIR / issuer / path.name).exists():
                continue
            public = certificates.trusted_key_install(
                issuer=issuer, path=path, actor=SYSTEM
            )
            installed.append(public.key_id)
    return installed


def _demo_certificate_type(issuer: Any) -> None:
    certificates.certificate_type_save(
        code="YYZZ",
        names={"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"},
        organisations=[issuer],
        fields=[
            {
                "key": key,
                "kind": "number" if key == "registered_capital" else "text",
                "label": zh,
                "label_bo": bo,
                "label_en": en,
            }
            for key, zh, bo, en in LICENCE_FIELDS
        ],
        validity_years=None,  # 营业执照 without a business term: valid until annulled
        actor=SYSTEM,
    )
