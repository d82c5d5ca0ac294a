"""Choice sets of the catalogue with translated labels; values are GB/T 39046 Annex A
codes (see ``domain/tables.py``) or our own stable keys where the standard numbers
nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):  # A.1 事项类型代码
    ADMINISTRATIVE_POWER = "00", _("administrative power")
    LICENSING = "01", _("administrative licensing")
    PENALTY = "02", _("administrative penalty")
    ENFORCEMENT = "03", _("administrative enforcement")
    LEVY = "04", _("administrative levy")
    BENEFIT = "05", _("administrative benefit")
    INSPECTION = "06", _("administrative inspection")
    CONFIRMATION = "07", _("administrative confirmation")
    REWARD = "08", _("administrative reward")
    ADJUDICATION = "09", _("administrative adjudication")
    OTHER_POWER = "10", _("other administrative power")
    PUBLIC_SERVICE = "20", _("public service")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    NATURAL_DAYS = "natural_days", _("natural days")


class CaseType(models.TextChoices):  # A.6 办件类型代码
    INSTANT = "1", _("on-the-spot case")
    PROMISED = "2", _("committed-deadline case")
    OTHER = "9", _("other")


class ServiceObject(models.TextChoices):  # A.4 服务对象代码
    PERSON = "1", _("natural person")
    ENTERPRISE = "2", _("enterprise legal person")
    INSTITUTION = "3", _("public institution")
    SOCIAL_ORGANISATION = "4", _("social organisation")
    AUTHORITY = "5", _("administrative authority")
    OTHER = "6", _("other organisation")


class HandlingForm(models.TextChoices):  # A.5 办理形式代码
    COUNTER = "1", _("at a counter")
    ONLINE_PC = "2", _("online (computer)")
    ONLINE_MOBILE = "3", _("online (mobile)")
    POST = "4", _("by post")
    OTHER = "9", _("other")


class OnlineDepth(models.IntegerChoices):
    INFORMATION = 1, _("information online")
    PRE_CHECK = 2, _("online pre-check")
    ONLINE_ACCEPTANCE = 3, _("online acceptance")
    FULLY_ONLINE = 4, _("fully online")


class ServiceScope(models.TextChoices):  # 通办范围代码 (see domain/tables.py SCOPES)
    NONE = "", _("only where the implementing body sits")
    NATIONAL = "1", _("nationwide")
    CROSS_PROVINCE = "2", _("across provinces")
    CROSS_CITY = "3", _("across prefectures")
    CROSS_COUNTY = "4", _("across counties")


class ResultType(models.TextChoices):
    LICENCE = "licence", _("licence or certificate")
    APPROVAL = "approval", _("approval document")
    CERTIFICATE = "certificate", _("card or proof")
    REGISTRATION = "registration", _("registration")
    PAYMENT = "payment", _("payment")
    OTHER = "other", _("other")


class Necessity(models.TextChoices):
    REQUIRED = "required", _("required")
    OPTIONAL = "optional", _("optional")
    CONDITIONAL = "conditional", _("required in some situations")


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("paper")
    ELECTRONIC = "electronic", _("electronic")
    BOTH = "both", _("paper or electronic")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("the applicant")
    ISSUING_BODY = "issuing_body", _("an issuing body")
    SHARED_DATA = "shared_data", _("shared government data")
    E_CERTIFICATE = "e_certificate", _("an e-certificate")


class FieldType(models.TextChoices):
    TEXT = "text", _("text")
    NUMBER = "number", _("number")
    DATE = "date", _("date")
    CHOICE = "choice", _("choice")
    # Identity kinds: a case keeps their values encrypted and masked (see
    # cases.services.form_values).
    ID_NUMBER = "id_number", _("resident ID number")
    USCC = "uscc", _("unified social credit code")
    PASSPORT = "passport", _("passport number")


class SpecialProcedureKind(models.TextChoices):  # A.7 特别程序种类代码
    EXTENSION = "1", _("extension of the time limit")
    OTHER = "2", _("other special procedure")
