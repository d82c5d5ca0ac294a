"""A server-rendered SVG bar chart of the monthly ticket counts (no JavaScript, no
library: a dozen bars). The page shows the same numbers as a table beside it, for every
reader and for screen readers; the chart itself is marked decorative."""

from collections.abc import Sequence
from dataclasses import dataclass

from tongban.servicedesk.selectors import Figures

WIDTH, HEIGHT, GAP = 640, 200, 8


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value: int


def monthly_bars(months: Sequence[Figures]) -> list[Bar]:
    """Bars scaled to the largest month; the template draws them."""
    if not months:
        return []
    top = max(m.total for m in months) or 1
    width = max((WIDTH - GAP) // len(months) - GAP, 4)
    bars = []
    for index, month in enumerate(months):
        height = round((HEIGHT - 30) * month.total / top)
        bars.append(
            Bar(
                x=GAP + index * (width + GAP),
                y=HEIGHT - 20 - height,
                width=width,
                height=height,
                label=month.key,
                value=month.total,
            )
        )
    return bars
