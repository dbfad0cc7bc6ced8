"""Deterministic redaction for a review's published report (STACK.md §9).

No model and no download: a deny list of the review's own people (names, aliases, dates of
birth, addresses, schools, NHS numbers, UPNs, the professionals named in the case), plus UK
patterns for postcodes, phone numbers, email addresses, NHS numbers, National Insurance
numbers and unique pupil numbers. Every redaction is returned with where it was and why, so
that a person can review each in context, add one, or undo one before sign-off (the redaction
log is kept; the published text is `apply`'s result).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# UK patterns. Word boundaries keep them off longer numbers.
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s\-)]?){9,10}\d?(?!\w)")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
NHS_NUMBER = re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b")
# Any two letters, not only the prefixes HMRC issues: a false alarm costs the reviewer one click.
NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
UPN = re.compile(r"\b[A-Z]\d{11}[0-9A-Z]\b")
PATTERNS: dict[str, re.Pattern[str]] = {
    "email address": EMAIL,
    "postcode": POSTCODE,
    "NHS number": NHS_NUMBER,
    "phone number": PHONE,
    "National Insurance number": NI_NUMBER,
    "unique pupil number": UPN,
}


@dataclass(frozen=True)
class Term:
    """Something of the review's own people to take out: a name, an address, a school..."""

    text: str
    replacement: str  # what the reader sees instead, e.g. "[Child A]", "[Social worker 1]"
    why: str  # "name of Child A", "school"


@dataclass(frozen=True)
class Redaction:
    start: int
    end: int
    original: str
    replacement: str
    why: str


@dataclass
class Result:
    text: str
    redactions: list[Redaction] = field(default_factory=list)

    def apply(self, *, undone: Iterable[int] = ()) -> str:
        """The text with every redaction made except those undone (by index)."""
        skip = set(undone)
        out, last = [], 0
        for n, r in enumerate(self.redactions):
            if n in skip:
                continue
            out.append(self.text[last : r.start])
            out.append(r.replacement)
            last = r.end
        out.append(self.text[last:])
        return "".join(out)


def date_forms(day: dt.date) -> list[str]:
    """A date of birth as a report might write it."""
    return [
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
    ]


def person_terms(
    *,
    label: str,
    given_names: str = "",
    family_name: str = "",
    aliases: Iterable[str] = (),
    date_of_birth: dt.date | None = None,
    identifiers: Iterable[str] = (),
    addresses: Iterable[str] = (),
    schools: Iterable[str] = (),
) -> list[Term]:
    """The terms for one person of the review: their full name, each part of it on its own
    (a report says "Tamsin" as often as "Tamsin Arkwright"), aliases, date of birth in its
    usual written forms, identifiers, addresses and schools."""
    replacement = f"[{label}]"
    terms: list[Term] = []
    full = " ".join(part for part in (given_names, family_name) if part).strip()
    names = [full, *aliases]
    for name in list(names):
        names += [part for part in re.split(r"[\s-]+", name) if len(part) > 1]
    for name in names:
        if name:
            terms.append(Term(name, replacement, f"name of {label}"))
    if date_of_birth:
        terms += [Term(text, "[date of birth]", f"date of birth of {label}") for text in date_forms(date_of_birth)]
    terms += [Term(i, "[identifier]", f"identifier of {label}") for i in identifiers if i]
    terms += [Term(a, "[address]", f"address of {label}") for a in addresses if a]
    terms += [Term(s, "[school]", f"school of {label}") for s in schools if s]
    return terms


def redact(text: str, terms: Iterable[Term]) -> Result:
    """Find every term (case-insensitive, whole words, longest first) and every UK pattern.
    Overlaps keep the earliest, longest match, so "Tamsin Arkwright" is one redaction, not two."""
    found: list[Redaction] = []
    for term in sorted({t.text.lower(): t for t in terms}.values(), key=lambda t: -len(t.text)):
        pattern = re.compile(rf"(?<!\w){re.escape(term.text)}(?!\w)", re.IGNORECASE)
        found += [Redaction(m.start(), m.end(), m.group(), term.replacement, term.why) for m in pattern.finditer(text)]
    for why, pattern in PATTERNS.items():
        found += [Redaction(m.start(), m.end(), m.group(), f"[{why}]", why) for m in pattern.finditer(text)]
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Redaction] = []
    for r in found:
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return Result(text=text, redactions=kept)
