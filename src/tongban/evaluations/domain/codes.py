"""Codes of an evaluation (DOMAIN.md §11.2).

Levels are GB/T 39046 A.8 满意度代码: 1 非常满意 (best) … 5 非常不满意 (worst); the stars
shown are 6 − code. Channels follow GB/T 39046 表9 (PC, mobile, QR code, hall tablet, other
hall terminal, phone, SMS) with 12345 and the self-service terminal added as the guidance
lists them; the numbers 8 and 9 for those two are ours (the table names no code for them).
Bad-review content classes are DOMAIN.md §11.3's list pending GB/T 39734 Annex A.
"""

from enum import IntEnum, StrEnum


class Level(IntEnum):
    VERY_SATISFIED = 1  # 非常满意
    SATISFIED = 2  # 满意
    BASICALLY_SATISFIED = 3  # 基本满意
    DISSATISFIED = 4  # 不满意
    VERY_DISSATISFIED = 5  # 非常不满意

    @property
    def stars(self) -> int:
        return 6 - int(self)

    @property
    def is_bad(self) -> bool:
        """差评: 不满意 and 非常不满意 (国办发〔2019〕51号)."""
        return self >= Level.DISSATISFIED


def is_good(level: Level, *, basic_counts_good: bool) -> bool:
    """好评: 非常满意 and 满意, and 基本满意 where the region counts it (a setting)."""
    if level <= Level.SATISFIED:
        return True
    return level == Level.BASICALLY_SATISFIED and basic_counts_good


class Channel(StrEnum):  # 评价渠道 (GB/T 39046 表9)
    PC = "1"  # PC端
    MOBILE = "2"  # 移动服务端
    QR_CODE = "3"  # 二维码
    HALL_TABLET = "4"  # 政务大厅平板电脑
    HALL_TERMINAL = "5"  # 政务大厅其他终端 (评价器)
    PHONE = "6"  # 电话
    SMS = "7"  # 短信
    HOTLINE_12345 = "8"  # 12345 热线 (no code in 表9)
    SELF_SERVICE = "9"  # 自助终端 (no code in 表9)


class Stage(
    StrEnum
):  # 评价环节: 一事一评 at acceptance and completion, 一次一评 on site
    ACCEPTANCE = "accept"
    COMPLETION = "close"
    ON_SITE = "onsite"


class ContentClass(StrEnum):  # 差评内容 classes (DOMAIN.md §11.3, pending Annex A)
    ATTITUDE = "attitude"  # 服务态度
    EFFICIENCY = "efficiency"  # 办事效率
    GUIDE = "guide"  # 办事指南 / 材料
    PROCESS = "process"  # 流程 / 政策
    PLATFORM = "platform"  # 系统平台
    FACILITIES = "facilities"  # 环境设施
    OTHER = "other"  # 其他


class GoodOption(StrEnum):  # options offered for 非常满意 … 基本满意
    FAST = "fast"  # 办事快
    CLEAR_GUIDE = "clear_guide"  # 指南清楚
    FRIENDLY = "friendly"  # 态度好
    FEW_VISITS = "few_visits"  # 少跑腿
    EASY_ONLINE = "easy_online"  # 网上好办


class ObjectKind(StrEnum):  # 评价对象
    CASE = "case"
    ITEM = "item"
    ORGANISATION = "organisation"
    HALL = "hall"
    WINDOW = "window"
    STAFF = "staff"
    PLATFORM = "platform"


def options_for(level: Level) -> tuple[str, ...]:
    """The content options shown for ``level``: the good ones, or the bad-review classes."""
    if level.is_bad:
        return tuple(c.value for c in ContentClass)
    return tuple(o.value for o in GoodOption)
