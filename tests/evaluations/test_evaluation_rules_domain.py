"""The pure rules: levels and codes, options per level, when an evaluation is refused,
free text, indicator sets. One commented row per case."""

import datetime as dt

import pytest

from tongban.evaluations.domain import codes, indicators, rules
from tongban.evaluations.domain.codes import Channel, ContentClass, Level, Stage
from tongban.evaluations.domain.text import text_problem

T0 = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def test_levels_carry_the_national_codes_best_first() -> None:
    # GB/T 39046 A.8: 1 非常满意 … 5 非常不满意; stars are 6 − code.
    assert [level.value for level in Level] == [1, 2, 3, 4, 5]
    assert Level.VERY_SATISFIED.stars == 5
    assert Level.VERY_DISSATISFIED.stars == 1
    assert [level.is_bad for level in Level] == [False, False, False, True, True]


def test_channels_carry_the_national_codes() -> None:
    assert {channel.name: channel.value for channel in Channel} == {
        "PC": "1",  # GB/T 39046 表9: PC端
        "MOBILE": "2",  # 移动服务端
        "QR_CODE": "3",  # 二维码
        "HALL_TABLET": "4",  # 政务大厅平板电脑
        "HALL_TERMINAL": "5",  # 政务大厅其他终端
        "PHONE": "6",  # 电话
        "SMS": "7",  # 短信
        "HOTLINE_12345": "8",  # 12345 热线: no code in 表9, ours
        "SELF_SERVICE": "9",  # 自助终端: no code in 表9, ours
    }


@pytest.mark.parametrize(
    ("level", "basic_counts_good", "good"),
    [
        (Level.SATISFIED, False, True),  # 满意 is always good
        (
            Level.BASICALLY_SATISFIED,
            True,
            True,
        ),  # 基本满意 good where the region says so
        (Level.BASICALLY_SATISFIED, False, False),  # … and not where it does not
        (Level.DISSATISFIED, True, False),  # 不满意 never
    ],
)
def test_basic_satisfied_counts_good_only_by_setting(
    level: Level, basic_counts_good: bool, good: bool
) -> None:
    assert codes.is_good(level, basic_counts_good=basic_counts_good) is good


def test_bad_levels_offer_the_bad_review_classes_and_good_levels_do_not() -> None:
    assert set(codes.options_for(Level.DISSATISFIED)) == {c.value for c in ContentClass}
    assert not set(codes.options_for(Level.SATISFIED)) & {c.value for c in ContentClass}


R = rules.Rules(window_days=30, per_stage=1)
CASES = [
    # (stage, accepted, closed, earlier, now, expected)
    (Stage.ACCEPTANCE, None, None, 0, T0, "stage_not_reached"),  # not accepted yet
    (Stage.ACCEPTANCE, T0, None, 0, T0, None),  # accepted: may evaluate acceptance
    (Stage.COMPLETION, T0, None, 0, T0, "stage_not_reached"),  # not closed yet
    (Stage.COMPLETION, T0, T0, 0, T0 + 30 * DAY, None),  # last day of the window
    (Stage.COMPLETION, T0, T0, 0, T0 + 31 * DAY, "window_closed"),  # after it
    (Stage.COMPLETION, T0, T0, 1, T0, "too_many_evaluations"),  # one per stage
    (Stage.ON_SITE, T0, T0, 0, T0, "stage_not_online"),  # on site needs a window link
]


@pytest.mark.parametrize(
    ("stage", "accepted", "closed", "earlier", "now", "expected"), CASES
)
def test_refusal_by_stage_window_and_count(
    stage: Stage,
    accepted: dt.datetime | None,
    closed: dt.datetime | None,
    earlier: int,
    now: dt.datetime,
    expected: str | None,
) -> None:
    facts = rules.CaseFacts(accepted, closed, earlier)
    assert rules.refusal(R, stage, facts, now) == expected


def test_number_per_stage_is_a_setting() -> None:
    two = rules.Rules(per_stage=2)
    assert rules.refusal(two, Stage.COMPLETION, rules.CaseFacts(T0, T0, 1), T0) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("办事很快，谢谢", None),  # plain words
        ("<script>alert(1)</script>", "text_markup"),  # a tag
        ("点这里 javascript:alert(1)", "text_markup"),  # a script address
        ('x" onmouseover="alert(1)', "text_markup"),  # an event handler
        ("a\x07b", "text_control_characters"),  # a control character
        ("好" * 501, "text_too_long"),  # over 500 characters
        ("3 < 5 and 5 > 3", None),  # comparison signs are not markup
    ],
)
def test_free_text_is_plain(text: str, problem: str | None) -> None:
    assert text_problem(text) == problem


def test_indicator_sets_are_versioned_and_national() -> None:
    online = indicators.current_set(indicators.SetKind.ONLINE)
    onsite = indicators.current_set(indicators.SetKind.ON_SITE)
    assert online.secondary == (
        "efficiency",
        "guide_accuracy",
        "convenience",
        "platform_usability",
    )
    assert onsite.secondary == ("efficiency", "service_level", "attitude")
    assert indicators.check_scores(onsite, {"guide_accuracy": 2}) == ["guide_accuracy"]
    assert indicators.check_scores(onsite, {"attitude": 6}) == ["attitude"]
