"""Server-rendered SVG charts (no script, no CDN: government intranets are offline).

Each chart is drawn from the same rows as the table printed beside it; the SVG carries a
``<title>`` and ``role="img"`` with an ``aria-label``, and every bar its own ``<title>``
with the number, so a screen reader and a hover give the figures too. Written here rather
than with a charting library because two chart kinds (bars, and bars over months) are all
the dashboards need and the output must stay plain, escaped SVG.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 180


def bar_chart(
    *, title: str, rows: Sequence[tuple[str, float | None, str]], maximum: float = 1.0
) -> SafeString:
    """Horizontal bars: ``rows`` are (label, value, shown text); ``None`` draws no bar."""
    top = max([maximum, *[v for _l, v, _s in rows if v is not None]]) or 1.0
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 80
    bars = []
    for i, (label, value, shown) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = 0 if value is None else max(1, round(span * value / top))
        bars.append(
            (
                y + BAR_HEIGHT * 0.7,
                label[:18],
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                f"{label}: {shown}",
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT * 0.7,
                shown,
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar">'
        "<title>{}</title></rect>"
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-label="{}" viewBox="0 0 {} {}" width="100%"><title>{}</title>{}</svg>',
        title,
        WIDTH,
        height,
        title,
        body,
    )


def column_chart(
    *, title: str, columns: Sequence[tuple[str, float, str]]
) -> SafeString:
    """Vertical columns over time: (month, value, shown text)."""
    height = 180
    top = max([c[1] for c in columns] + [1.0])
    step = (WIDTH - 40) / max(len(columns), 1)
    items = []
    for i, (label, value, shown) in enumerate(columns):
        h = round((height - 40) * value / top)
        x = 20 + i * step
        items.append(
            (
                x,
                height - 20 - h,
                max(step - 6, 2),
                h,
                f"{label}: {shown}",
                x,
                height - 4,
                label[-5:],
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar">'
        "<title>{}</title></rect>"
        '<text x="{}" y="{}" class="chart-label">{}</text>',
        items,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-label="{}" viewBox="0 0 {} {}" width="100%"><title>{}</title>{}</svg>',
        title,
        WIDTH,
        height,
        title,
        body,
    )
