"""The GB/T 39046 data sets Tongban sends to the provincial and national platform.

One declaration per data set: its code (the API's and the file's name), the table of
GB/T 39046-2020 it follows, and its fields with their rules (``rules.Field``). Every
record also carries the batch fields of the national exchange tables (``BATCH_FIELDS``:
批次号, 同步类型, 同步时间, 数据来源). Keys are English; ``name_zh`` is the standard's
data-element name, and docs/INTEGRATION.md lists both.

Assumed where the text we have is silent (each also noted on its field):
- 同步类型 is ``I`` (新增, first time this record goes out) or ``U`` (更新); Tongban
  sends no deletions, so ``D`` never occurs.
- 业务动作 codes are ``1`` 通过, ``2`` 退回, ``9`` 其他 (the standard names the three
  actions, not their codes).
- Text lengths the standard does not give are the lengths Tongban stores (names 200,
  opinions and contents 2000/4000).
- 行政区划 is n..9 as the standard says; a division with a longer code is held back.
"""

from dataclasses import dataclass

from tongban.exchange.domain.rules import Check, Field, compile_fields

CASE_TYPES = frozenset({"1", "2", "9"})  # A.6 办件类型代码
CHANNELS = frozenset({"1", "2", "3", "4", "9"})  # A.5 办理形式代码 = 申报来源
SPECIAL_KINDS = frozenset({"1", "2"})  # A.7 特别程序种类代码
SATISFACTION = frozenset({"1", "2", "3", "4", "5"})  # A.8 满意度代码
ID_TYPES = frozenset({"111", "414", "516", "511", "553", "001"})  # GA/T 2000.156
ACTIONS = frozenset({"1", "2", "9"})
STEP_STATES = frozenset({"1", "2"})  # 环节办理状态 1 待办 2 已办
FLAGS = frozenset({"0", "1"})
SYNC_TYPES = frozenset({"I", "U"})
ITEM_TYPES = frozenset(f"{n:02d}" for n in range(30))  # A.1 事项类型代码 n2
WARNING_TYPES = frozenset({"1", "2", "3"})  # 监察预警类型代码 n1 (提示, 黄牌, 红牌)
TICKET_TYPES = frozenset({"consultation", "help", "complaint", "report", "suggestion"})


def _text(key: str, zh: str, n: int, required: bool = True, note: str = "") -> Field:
    return Field(key, zh, "text", n, required, note=note)


def _code(key: str, zh: str, codes: frozenset[str], required: bool = True) -> Field:
    return Field(key, zh, "code", 0, required, codes)


def _when(key: str, zh: str, required: bool = True) -> Field:
    return Field(key, zh, "datetime", 0, required)


CASE_NUMBER = Field("case_number", "办件编号", "text", 50)
DIVISION = Field("division_code", "行政区划", "digits", 9)
BATCH_FIELDS = (
    _text("batch_number", "批次号", 40),
    _code("sync_type", "同步类型", SYNC_TYPES),
    _when("sync_time", "同步时间"),
    _text("data_source", "数据来源", 20, note="the node's division code"),
)


@dataclass(frozen=True)
class DataSet:
    code: str
    table: str  # GB/T 39046-2020 table
    name_zh: str
    fields: tuple[Field, ...]

    @property
    def check(self) -> Check:
        return _CHECKS[self.code]


APPLICATION = DataSet(
    "application",
    "表5",
    "办事申请",
    (
        CASE_NUMBER,
        _text("implementation_code", "实施编码", 50),
        _text("item_name", "事项名称", 200),
        _code("case_type_code", "办件类型代码", CASE_TYPES),
        _text("applicant_name", "申请者名称", 200),
        _code("applicant_id_type", "申请者证件类型代码", ID_TYPES),
        _text("applicant_id_number", "申请者证件号码", 50),
        Field("applicant_phone", "手机", "digits", 20, required=False),
        _text("applicant_address", "通讯地址", 300, required=False),
        _text("legal_representative", "法定代表人", 100, required=False),
        _code("application_channel", "申报来源代码", CHANNELS),
        _when("applied_at", "申请时间"),
        DIVISION,
    ),
)
ACCEPTANCE = DataSet(
    "acceptance",
    "表6",
    "事项受理",
    (
        CASE_NUMBER,
        _text("basic_code", "基本编码", 50),
        _text("implementation_code", "实施编码", 50),
        _text("item_name", "事项名称", 200),
        _text("accepting_unit", "受理单位名称", 200),
        Field("accepting_unit_uscc", "受理单位统一社会信用代码", "uscc"),
        _text("accepted_by", "受理人员", 100),
        _when("accepted_at", "受理时间"),
        _text("acceptance_document_number", "受理文书编号", 64, required=False),
        Field("promised_completion", "承诺办结时间", "date", required=False),
        _code("case_type_code", "办件类型代码", CASE_TYPES),
        DIVISION,
    ),
)
PROCESS = DataSet(
    "process",
    "表7",
    "事项办理（办理环节）",
    (
        CASE_NUMBER,
        _text("step_key", "环节标识", 80, note="case number and history row"),
        _code("action_code", "业务动作", ACTIONS),
        _text("step_name", "环节名称", 100),
        _text("handler", "环节处理人", 100),
        _text("opinion", "处理意见", 2000, required=False),
        _when("step_started_at", "环节开始时间"),
        _when("step_ended_at", "环节结束时间"),
        _text("handling_unit", "处理单位名称", 200),
        Field("handling_unit_uscc", "处理单位统一社会信用代码", "uscc"),
        _code("step_state", "环节办理状态", STEP_STATES),
    ),
)
SPECIAL_PROCEDURE = DataSet(
    "special_procedure",
    "表7",
    "事项办理（特别程序）",
    (
        CASE_NUMBER,
        _text("procedure_key", "特别程序标识", 80, note="case number and start row"),
        _code("kind_code", "特别程序种类代码", SPECIAL_KINDS),
        _text("kind_name", "特别程序种类", 100),
        _when("started_at", "开始时间"),
        _text("reason", "启动理由或依据", 2000),
        _text("requested_by", "申请人", 100),
        _when("ended_at", "结束时间", required=False),
        _text("result", "特别程序结果", 2000, required=False),
        _text("handling_unit", "办理单位", 200),
        _text("handler", "办理人", 100),
    ),
)
COMPLETION = DataSet(
    "completion",
    "表8",
    "事项办结",
    (
        CASE_NUMBER,
        _text("handler", "办理人", 100),
        _when("closed_at", "办结时间"),
        _text("result_name", "结果证照名称", 200, required=False),
        _text("result_description", "办件结果描述", 2000),
        _text("issuing_unit", "发证/盖章单位", 200),
        _code("delivered_by_post", "是否快递寄送结果", FLAGS),
        _code("fee_charged", "是否收费", FLAGS),
        DIVISION,
    ),
)
EVALUATION = DataSet(
    "evaluation",
    "表9",
    "服务评价",
    (
        _text("evaluation_key", "评价标识", 40),
        CASE_NUMBER,
        _code("channel_code", "评价渠道", frozenset("123456789")),
        _text("evaluator", "评价人", 100, required=False, note="only when real-name"),
        _when("evaluated_at", "评价时间"),
        Field("evaluation_count", "评价次数", "digits", 2),
        _code("satisfaction_code", "满意度代码", SATISFACTION),
        _text("comment", "文字评价", 500, required=False),
        DIVISION,
    ),
)
INTERACTION = DataSet(
    "interaction",
    "表10",
    "办事互动（咨询投诉）",
    (
        _text("ticket_number", "咨询/投诉编码", 32),
        _code("ticket_type", "类别", TICKET_TYPES),
        _text("title", "标题", 200),
        _text("requester", "咨询人/投诉人", 100, required=False),
        _text("content", "内容", 5000),
        _when("received_at", "咨询/投诉时间"),
        _when("handled_at", "处理时间", required=False),
        _text("reply", "处理意见/反馈信息", 5000, required=False),
        _text("handling_unit", "承办单位名称", 200, required=False),
        Field("handling_unit_uscc", "承办单位代码", "uscc", required=False),
        _text("complained_unit", "被投诉单位", 200, required=False),
        _text("extension_reason", "延期原因", 2000, required=False),
        Field("overdue_days", "超期天数", "digits", 4),
        DIVISION,
    ),
)
SUPERVISION = DataSet(
    "supervision",
    "表11",
    "电子监察",
    (
        _text("supervision_number", "监察编号", 40),
        CASE_NUMBER,
        _code("item_type_code", "事项类型代码", ITEM_TYPES, required=False),
        _text("rule_number", "监察规则编号", 8),
        _code("warning_type_code", "监察预警类型代码", WARNING_TYPES),
        _when("state_changed_at", "状态产生时间"),
        _text("result_description", "监察结果描述", 300),
        _text("responsible_unit", "责任部门", 200),
        _text("order_content", "督办内容", 2000, required=False),
        _text("supervised_unit", "被督办机构", 200, required=False),
        _when("order_issued_at", "督办发出时间", required=False),
        DIVISION,
    ),
)

DATASETS: dict[str, DataSet] = {
    d.code: d
    for d in (
        APPLICATION,
        ACCEPTANCE,
        PROCESS,
        SPECIAL_PROCEDURE,
        COMPLETION,
        EVALUATION,
        INTERACTION,
        SUPERVISION,
    )
}
_CHECKS: dict[str, Check] = {
    code: compile_fields(d.fields) for code, d in DATASETS.items()
}
