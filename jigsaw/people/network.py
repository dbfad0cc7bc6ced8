"""The family network as a picture: an SVG drawn on the server (no script, CSP-clean).

The person sits in the middle; relatives around them, each line labelled with the
relationship; ended relationships are dashed. The same facts are in the list beside it,
so the picture is never the only way to read them (WCAG 1.1.1).
"""

import math
from html import escape

from .selectors import FamilyNetwork

WIDTH, HEIGHT = 720, 520
CX, CY = WIDTH / 2, HEIGHT / 2
RADIUS = 190
BOX_W, BOX_H = 150, 44


def _box(x: float, y: float, title: str, subtitle: str, *, centre: bool = False) -> str:
    fill = "#1d70b8" if centre else "#ffffff"
    ink = "#ffffff" if centre else "#0b0c0c"
    body = (
        f'<rect x="{x - BOX_W / 2:.1f}" y="{y - BOX_H / 2:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4" '
        f'fill="{fill}" stroke="#0b0c0c" stroke-width="2"/>'
        f'<text x="{x:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="{ink}" font-weight="bold">{escape(title[:22])}</text>'
        f'<text x="{x:.1f}" y="{y + 14:.1f}" text-anchor="middle" fill="{ink}">{escape(subtitle[:24])}</text>'
    )
    return body


def family_network_svg(network: FamilyNetwork) -> str:
    person = network.person
    members = network.members
    n = max(len(members), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-family-network" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="network-title network-desc">',
        f'<title id="network-title">Family network of {escape(person.display_name)}</title>',
        f'<desc id="network-desc">{len(members)} relationships. The same information is listed below the picture.</desc>',
    ]
    positions = []
    for i, _member in enumerate(members):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        positions.append((CX + RADIUS * 1.35 * math.cos(angle), CY + RADIUS * math.sin(angle)))
    for (x, y), member in zip(positions, members, strict=True):
        dash = "" if member.current else ' stroke-dasharray="6 4"'
        parts.append(
            f'<line x1="{CX:.1f}" y1="{CY:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#505a5f" stroke-width="2"{dash}/>'
        )
        mx, my = (CX + x) / 2, (CY + y) / 2
        label = member.relationship + ("" if member.current else " (ended)")
        parts.append(
            f'<rect x="{mx - 58:.1f}" y="{my - 11:.1f}" width="116" height="20" fill="#f3f2f1"/>'
            f'<text x="{mx:.1f}" y="{my + 4:.1f}" text-anchor="middle" fill="#0b0c0c">{escape(label[:18])}</text>'
        )
    for (x, y), member in zip(positions, members, strict=True):
        p = member.person
        born = f"born {p.date_of_birth:%Y}" if p.date_of_birth else ("unborn" if p.expected_date_of_birth else "")
        # No links inside the picture (an image must not hold controls); the list below links.
        parts.append(_box(x, y, p.display_name, born))
    born = f"born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ""
    parts.append(_box(CX, CY, person.display_name, born, centre=True))
    parts.append("</svg>")
    return "".join(parts)
