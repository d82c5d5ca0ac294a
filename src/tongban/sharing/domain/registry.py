"""The registry of data sources (共享数据源): what each returns and what it is keyed by.

The kinds of source are those a Tibetan service catalogue names most (人口, 户籍, 市场主体,
社保, 不动产, 婚姻); a deployment connects each to its real provider by settings (see
docs/sharing.md), the registry itself does not change per deployment. A catalogue material
names a source by its ``code``. Field keys are snake_case English; their labels are in
``sharing.labels`` for pages. The e-certificate source (电子证照共享服务) is the exception:
its fields are the certificate type codes it holds, each answered with the subject's signed
certificate records of that type (docs/certificates.md), which Tongban verifies itself.
"""

from dataclasses import dataclass

PERSON = "person"  # keyed by a resident identity number (GB 11643, 证件类型 111)
ORGANISATION = "organisation"  # keyed by a unified social credit code (GB 32100, 001)

SUBJECT_ID_TYPES = {PERSON: "111", ORGANISATION: "001"}
E_CERTIFICATE = "e_certificate"  # the source whose fields are certificate type codes


@dataclass(frozen=True)
class DataSource:
    code: str
    name_zh: str
    name_bo: str
    name_en: str
    subject_kind: str
    fields: tuple[str, ...]

    def name_in(self, language: str) -> str:
        """The source's name in ``language`` (zh-hans, bo, en); Chinese otherwise."""
        if language.startswith("bo"):
            return self.name_bo
        if language.startswith("en"):
            return self.name_en
        return self.name_zh


SOURCES: tuple[DataSource, ...] = (
    DataSource(
        "population",
        "人口基础信息库",
        "མི་འབོར་གཞི་རྩའི་ཆ་འཕྲིན་མཛོད།",
        "population register",
        PERSON,
        ("name", "gender", "ethnicity", "birth_date", "address"),
    ),
    DataSource(
        "household",
        "户籍登记信息",
        "ཐེམ་ཐོ་ཐོ་འགོད་ཆ་འཕྲིན།",
        "household registration",
        PERSON,
        (
            "household_number",
            "head_of_household",
            "relation_to_head",
            "registered_address",
        ),
    ),
    DataSource(
        "enterprise",
        "市场主体登记信息",
        "ཚོང་ར་གཙོ་གནས་ཐོ་འགོད་ཆ་འཕྲིན།",
        "enterprise register",
        ORGANISATION,
        (
            "name",
            "legal_representative",
            "registered_capital",
            "address",
            "established_on",
            "business_scope",
        ),
    ),
    DataSource(
        "social_security",
        "社会保险参保信息",
        "སྤྱི་ཚོགས་འགན་སྲུང་ཞུགས་ཐོའི་ཆ་འཕྲིན།",
        "social security enrolment",
        PERSON,
        ("insured", "insurance_types", "employer", "insured_since"),
    ),
    DataSource(
        "real_estate",
        "不动产登记信息",
        "མི་སྒུལ་རྒྱུ་ནོར་ཐོ་འགོད་ཆ་འཕྲིན།",
        "real estate register",
        PERSON,
        ("certificate_number", "property_address", "floor_area", "registered_on"),
    ),
    DataSource(
        "marriage",
        "婚姻登记信息",
        "གཉེན་སྒྲིག་ཐོ་འགོད་ཆ་འཕྲིན།",
        "marriage register",
        PERSON,
        ("marital_status", "registered_on", "registry_office"),
    ),
    DataSource(
        E_CERTIFICATE,
        "电子证照共享服务",
        "གློག་རྡུལ་ལག་ཁྱེར་མཉམ་སྤྱོད་ཞབས་ཞུ།",
        "e-certificate sharing service",
        PERSON,
        ("BDCQZ",),  # 不动产权证书
    ),
)

_BY_CODE = {source.code: source for source in SOURCES}


def source_get(code: str) -> DataSource | None:
    return _BY_CODE.get(code)


def fields_error(source: DataSource, fields: tuple[str, ...]) -> str | None:
    """The first field asked for that the source does not return, if any."""
    for field in fields:
        if field not in source.fields:
            return field
    return None
