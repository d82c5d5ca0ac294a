"""The row shape of the exchange files: one row per implementation with its live guide.

Column keys follow the national exchange tables (DOMAIN.md §5.2); each key also accepts
its Chinese header, so files exported by other platforms can be read as they are. Child
rows (materials, fees) travel as lists in JSON and as JSON text in CSV/XLSX cells.
"""

COLUMNS: dict[str, str] = {
    "basic_code": "基本编码",
    "name": "事项名称",
    "name_bo": "事项名称（藏文）",
    "name_en": "事项名称（英文）",
    "item_type": "事项类型",
    "legal_basis": "设定依据",
    "legal_basis_bo": "设定依据（藏文）",
    "legal_basis_en": "设定依据（英文）",
    "implementation_code": "实施编码",
    "local_implementation_code": "地方实施编码",
    "handling_item_code": "业务办理项编码",
    "organisation_code": "实施主体编码",
    "division_code": "行政区划代码",
    "exercise_level": "行使层级",
    "statutory_limit": "法定办结时限",
    "statutory_unit": "法定办结时限单位",
    "promised_limit": "承诺办结时限",
    "promised_unit": "承诺办结时限单位",
    "case_type": "办件类型",
    "service_objects": "服务对象",
    "handling_forms": "办理形式",
    "online_depth": "网上办理深度",
    "visits_required": "到办事现场次数",
    "online_url": "网办地址",
    "service_scope": "通办范围",
    "themes": "主题分类",
    "charges_fee": "是否收费",
    "fee_basis": "收费依据",
    "conditions": "受理条件",
    "conditions_bo": "受理条件（藏文）",
    "conditions_en": "受理条件（英文）",
    "location": "办理地点",
    "location_bo": "办理地点（藏文）",
    "location_en": "办理地点（英文）",
    "hours": "办理时间",
    "hours_bo": "办理时间（藏文）",
    "hours_en": "办理时间（英文）",
    "consultation_phone": "咨询电话",
    "complaint_phone": "监督投诉电话",
    "result_type": "审批结果类型",
    "result_name": "审批结果名称",
    "result_name_bo": "审批结果名称（藏文）",
    "result_name_en": "审批结果名称（英文）",
    # Tongban's extension: the e-certificate type (its code) a closed case issues.
    "result_certificate_type": "结果电子证照类型",
    "tolerance_acceptance": "是否容缺受理",
    "notification_pledge": "是否告知承诺",
    "effective_from": "计划生效日期",
    "materials": "申请材料",
    "fees": "收费项目",
    "form_fields": "申请表单字段",
}
# Translated guide texts travel as <key>_bo / <key>_en columns beside the Chinese one.
TRANSLATED_VERSION_TEXT = ("conditions", "location", "hours", "result_name")
REQUIRED = ("basic_code", "name", "item_type", "organisation_code")
LIST_COLUMNS = ("materials", "fees", "form_fields")
MATERIAL_KEYS = (
    "name",
    "name_bo",
    "name_en",
    "necessity",
    "source",
    "form",
    "original_copies",
    "photocopies",
    "tolerance_allowed",
    "acceptance_standard",
    "legal_basis",
    "data_source",
    "e_certificate_type",
)
FEE_KEYS = (
    "name",
    "name_bo",
    "name_en",
    "standard",
    "standard_bo",
    "standard_en",
    "amount",  # 元, n..16,2 (支付 data set); empty: not a fixed amount, paid at the counter
    "basis",
    "waiver_allowed",
)
# The item's own application form (not a national column: Tongban's extension).
FORM_FIELD_KEYS = (
    "key",
    "label",
    "label_bo",
    "label_en",
    "field_type",
    "required",
    "help_text",
    "help_text_bo",
    "help_text_en",
    "choices",
    "shared_field",
)
_BY_HEADER = {header: key for key, header in COLUMNS.items()}


def header_key(header: object) -> str | None:
    text = str(header or "").strip().lstrip("\ufeff")
    if text in COLUMNS:
        return text
    return _BY_HEADER.get(text)
