"""A process flowchart as inline SVG, built on the server from the steps of a guide.

Steps are drawn top to bottom as rounded boxes joined by arrows; a step may carry a side
note (e.g. the time limit) drawn under its label. No script, no external resources: the
SVG is inlined in the page, passes the strict Content-Security-Policy and prints.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

BOX_WIDTH = 320
BOX_HEIGHT = 52
GAP = 28
MARGIN = 8


@dataclass(frozen=True)
class Step:
    label: str
    note: str = ""


def flowchart_svg(steps: list[Step], *, title: str) -> str:
    """The SVG markup; ``title`` becomes the accessible name."""
    height = MARGIN * 2 + len(steps) * BOX_HEIGHT + max(len(steps) - 1, 0) * GAP
    width = BOX_WIDTH + MARGIN * 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    ]
    centre = MARGIN + BOX_WIDTH // 2
    for index, step in enumerate(steps):
        top = MARGIN + index * (BOX_HEIGHT + GAP)
        parts.append(
            f'<rect x="{MARGIN}" y="{top}" width="{BOX_WIDTH}" '
            f'height="{BOX_HEIGHT}" rx="10" '
            'fill="#f4f7fb" stroke="#1f4e8c" stroke-width="1.5"/>'
        )
        label_y = top + (22 if step.note else BOX_HEIGHT // 2 + 6)
        parts.append(
            f'<text x="{centre}" y="{label_y}" text-anchor="middle" font-size="16" '
            f'fill="#111">{index + 1}. {escape(step.label)}</text>'
        )
        if step.note:
            parts.append(
                f'<text x="{centre}" y="{top + 42}" text-anchor="middle" '
                f'font-size="13" fill="#444">{escape(step.note)}</text>'
            )
        if index < len(steps) - 1:
            y1, y2 = top + BOX_HEIGHT, top + BOX_HEIGHT + GAP - 2
            parts.append(
                f'<line x1="{centre}" y1="{y1}" x2="{centre}" y2="{y2}" stroke="#444" '
                'stroke-width="1.5" marker-end="url(#arrow)"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
