"""The family network as a picture: an SVG drawn on the server (no script, CSP-clean).

A family tree read top to bottom: grandparents, then parents and carers, then the person with
their siblings and others of their own generation, then their children and grandchildren.
Each relative's box says who they are to the person; ended relationships are dashed. A name
too long for its box is wrapped onto a second line and, if still too long, shortened with "…";
the full name is the box's <title>. The same facts are in the list beside it, so the picture is
never the only way to read them (WCAG 1.1.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from jigsaw.core.jinja2 import govuk_date

from .choices import INVERSE_LABEL, RelationshipKind
from .selectors import FamilyMember, FamilyNetwork

BOX_W, BOX_H = 170, 80
GAP_X, ROW_H = 24, 136
MARGIN = 20
MIN_WIDTH = 720
# About how many characters of 14px Arial fit on a line of the box (bold names are wider).
NAME_CHARS, LINE_CHARS = 19, 22

# How many generations above (+) or below (-) the person each relationship puts the relative,
# read from the same labels the selector gives (the kind, or its inverse from the other side).
GENERATION: dict[str, int] = {
    RelationshipKind.GRANDPARENT.label: 2,
    RelationshipKind.PARENT.label: 1,
    RelationshipKind.STEP_PARENT.label: 1,
    RelationshipKind.CARER.label: 1,
    INVERSE_LABEL[RelationshipKind.PARENT]: -1,
    INVERSE_LABEL[RelationshipKind.STEP_PARENT]: -1,
    INVERSE_LABEL[RelationshipKind.CARER]: -1,
    INVERSE_LABEL[RelationshipKind.GRANDPARENT]: -2,
}


def generation_of(member: FamilyMember) -> int:
    """Siblings, other family, household members, friends and professionals share the person's row."""
    return GENERATION.get(member.relationship, 0)


def fit(text: str, chars: int, lines: int = 1) -> list[str]:
    """`text` on at most `lines` lines of about `chars` characters, broken between words; what
    does not fit ends with "…"."""
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= chars or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1] + " …"
    return [t if len(t) <= chars else t[: chars - 1].rstrip() + "…" for t in out]


@dataclass(frozen=True)
class Placed:
    """A box of the picture and where its centre is."""

    x: float
    y: float
    name: str
    name_lines: tuple[str, ...]  # the name, wrapped (bold)
    about: tuple[str, ...]  # who they are to the person, when born
    member: FamilyMember | None = None  # None: the person the picture is about

    @property
    def generation(self) -> int:
        return 0 if self.member is None else generation_of(self.member)


def layout(network: FamilyNetwork) -> tuple[list[Placed], float, float]:
    """Every box's centre, and the picture's width and height: a row per generation, eldest at
    the top; the person in the middle of their row, their own generation either side."""
    person = network.person
    rows: dict[int, list[FamilyMember]] = {}
    for member in network.members:
        rows.setdefault(generation_of(member), []).append(member)
    rows.setdefault(0, [])
    generations = sorted(rows, reverse=True)
    widest = max(len(rows[g]) + (1 if g == 0 else 0) for g in generations)
    width = max(MIN_WIDTH, 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X)
    height = 2 * MARGIN + BOX_H + (len(generations) - 1) * ROW_H
    placed: list[Placed] = []
    for index, generation in enumerate(generations):
        y = MARGIN + BOX_H / 2 + index * ROW_H
        members = rows[generation]
        if generation == 0:
            # Half the person's own generation to the left, half to the right.
            left = members[: len(members) // 2]
            row: list[FamilyMember | None] = [*left, None, *members[len(left) :]]
        else:
            row = list(members)
        span = len(row) * BOX_W + (len(row) - 1) * GAP_X
        start = (width - span) / 2 + BOX_W / 2
        for i, member in enumerate(row):
            x = start + i * (BOX_W + GAP_X)
            placed.append(_placed(x, y, person, member))
    return placed, width, height


def _placed(x: float, y: float, person, member: FamilyMember | None) -> Placed:
    if member is None:
        who = person
        about = [f"Born {govuk_date(who.date_of_birth)}"] if who.date_of_birth else []
    else:
        who = member.person
        relationship = member.relationship + ("" if member.current else " (ended)")
        born = f"born {who.date_of_birth:%Y}" if who.date_of_birth else ("unborn" if who.expected_date_of_birth else "")
        about = [part for part in (relationship, born) if part]
    name = who.display_name
    return Placed(
        x=x,
        y=y,
        name=name,
        name_lines=tuple(fit(name, NAME_CHARS, lines=2)),
        about=tuple(fit(text, LINE_CHARS)[0] for text in about),
        member=member,
    )


def _box(box: Placed) -> str:
    fill, ink = ("#1d70b8", "#ffffff") if box.member is None else ("#ffffff", "#0b0c0c")
    lines = [(line, True) for line in box.name_lines] + [(line, False) for line in box.about]
    first_y = box.y - (len(lines) - 1) * 8 + 5
    texts = "".join(
        f'<text x="{box.x:.1f}" y="{first_y + i * 16:.1f}" text-anchor="middle" fill="{ink}"'
        f"{' font-weight="bold"' if bold else ''}>{escape(line)}</text>"
        for i, (line, bold) in enumerate(lines)
    )
    # The full name as the box's title: a name cut short on screen is whole for a screen reader
    # and as a tooltip.
    return (
        f"<g><title>{escape(box.name)}</title>"
        f'<rect x="{box.x - BOX_W / 2:.1f}" y="{box.y - BOX_H / 2:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4" '
        f'fill="{fill}" stroke="#0b0c0c" stroke-width="2"/>{texts}</g>'
    )


def _line(person: Placed, box: Placed) -> str:
    assert box.member is not None
    dash = "" if box.member.current else ' stroke-dasharray="6 4"'
    style = f'fill="none" stroke="#505a5f" stroke-width="2"{dash}'
    top, bottom = BOX_H / 2, BOX_H / 2
    if box.generation > 0:  # above: from the person's top to the relative's bottom
        points = [(person.x, person.y - top), (person.x, box.y + bottom + ROW_H / 4), (box.x, box.y + bottom)]
    elif box.generation < 0:  # below: from the person's bottom to the relative's top
        points = [(person.x, person.y + bottom), (person.x, box.y - top - ROW_H / 4), (box.x, box.y - top)]
    else:  # the same generation: along a line just under the row
        under = person.y + bottom + 12
        points = [(person.x, person.y + bottom), (person.x, under), (box.x, under), (box.x, box.y + bottom)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{path}" {style}/>'


def family_network_svg(network: FamilyNetwork) -> str:
    person = network.person
    placed, width, height = layout(network)
    centre = next(box for box in placed if box.member is None)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-family-network" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="network-title network-desc">',
        f'<title id="network-title">Family network of {escape(person.display_name)}</title>',
        f'<desc id="network-desc">{len(network.members)} relationships, older generations above. '
        "The same information is listed below the picture.</desc>",
    ]
    parts.extend(_line(centre, box) for box in placed if box.member is not None)
    # No links inside the picture (an image must not hold controls); the list below links.
    parts.extend(_box(box) for box in placed)
    parts.append("</svg>")
    return "".join(parts)
