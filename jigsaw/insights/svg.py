"""Charts drawn on the server as SVG: no script, no browser, nothing fetched, so they work under
the content security policy, in a PDF and with JavaScript off.

Hand-made rather than altair + vl-convert (STACK.md §14): a dashboard page draws several charts,
and a Vega render costs tens of milliseconds each against the page's 300 ms budget, for an
84 MB install. These two shapes (bars, lines over months) are all the dashboards need.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`
(aria-labelledby), and the page always puts the same figures in a GOV.UK table beside it: the
table is the accessible version, the chart a picture of it. Series differ by dash pattern and
marker shape as well as colour, so nothing depends on colour alone. Only presentation attributes
are used (no style attribute), so the policy's style-src needs nothing added.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# GOV.UK colours (blue, orange, green, pink, dark grey, purple): distinct for most colour vision.
COLOURS = ("#1d70b8", "#f47738", "#00703c", "#d53880", "#505a5f", "#4c2c92")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
FONT = 'font-family="GDS Transport, arial, sans-serif"'


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        top = step * magnitude
        if top >= value:
            return top
    return value


def _axis(value: int) -> tuple[int, int]:
    """The top of a y axis with four whole-number steps: (top, step)."""
    need = max(value, 1) / 4
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= need:
                return 4 * step * magnitude, step * magnitude
        magnitude *= 10


def _head(chart_id: str, title: str, desc: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars, one per label, the count written at the end of each."""
    label_width, bar_space, row = 380, 300, 28
    width = label_width + bar_space + 60
    height = max(row * len(bars) + 20, 48)
    top = _nice_max(max((v for _, v in bars), default=0))
    parts = [_head(chart_id, title, desc, width, height)]
    for i, (label, value) in enumerate(bars):
        y = 10 + i * row
        length = round(bar_space * value / top) if top else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="14" fill="#0b0c0c" {FONT}>'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 8}" fill="{COLOURS[0]}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 17}" font-size="14" fill="#0b0c0c" {FONT}>{value}</text>'
        )
    parts.append(
        f'<line x1="{label_width}" y1="6" x2="{label_width}" y2="{height - 6}" stroke="#0b0c0c" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through escape()


def _marker(shape: int, x: float, y: float, colour: str) -> str:
    kind = shape % 3
    if kind == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if kind == 1:
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" fill="{colour}"/>'


def line_chart(
    chart_id: str, title: str, desc: str, x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> Markup:
    """Lines over the x labels (months), a legend beneath naming each line by its pattern."""
    left, right, top_pad, plot_height = 48, 40, 16, 220
    width = max(640, left + right + 56 * max(len(x_labels), 1))
    legend_rows = len(series)
    height = top_pad + plot_height + 40 + 22 * legend_rows
    top, tick_step = _axis(max((v for _, values in series for v in values), default=0))
    plot_width = width - left - right
    step = plot_width / max(len(x_labels) - 1, 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        return left + i * step, top_pad + plot_height - (plot_height * v / top if top else 0)

    parts = [_head(chart_id, title, desc, width, height)]
    for tick in range(5):
        value = tick * tick_step
        y = top_pad + plot_height - plot_height * tick / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#0b0c0c" {FONT}>{value}</text>'
        )
    for i, label in enumerate(x_labels):
        x, _ = xy(i, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad + plot_height + 18}" text-anchor="middle" font-size="12" '
            f'fill="#0b0c0c" {FONT}>{escape(label)}</text>'
        )
    for n, (name, values) in enumerate(series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        parts.extend(_marker(n, *xy(i, v), colour) for i, v in enumerate(values))
        ly = top_pad + plot_height + 40 + 22 * n
        parts.append(
            f'<line x1="{left}" y1="{ly - 4}" x2="{left + 36}" y2="{ly - 4}" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>{_marker(n, left + 18, ly - 4, colour)}"
            f'<text x="{left + 44}" y="{ly}" font-size="13" fill="#0b0c0c" {FONT}>{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through escape()
