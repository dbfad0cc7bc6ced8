"""The registry of what Jigsaw holds about a person, section by section, for a subject access pack.

Each area (or core app) registers a function `provider(person) -> list[PackItem]` with
`register_section(key=, title=, provider=, order=)`, from its AppConfig.ready(). The pack reads
every registered section, so an area added later is in every pack from the day it registers.

Registered here (subjectaccess.apps): the person record and its history, the chronology,
meetings where the person was discussed (with minutes), and every service area's records
found from the record classes models declare (contacts, plans, reviews, notes...), and the
disclosure log (jigsaw.records: what was shared about the person, with whom and why).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PackItem:
    key: str  # stable across compilations: "chronology:123"
    title: str
    on: dt.date | None
    text: str  # the words of the record, as held
    mentioned: set[int] = field(default_factory=set)  # other people linked to it when written
    restricted: bool = False  # from a restricted area (LADO, Channel): withheld until reviewed


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    provider: Callable[[Any], list[PackItem]]
    order: int


_SECTIONS: dict[str, Section] = {}


def register_section(*, key: str, title: str, provider: Callable[[Any], list[PackItem]], order: int = 50) -> None:
    """Called from an AppConfig.ready(); registering again replaces (harmless on reload)."""
    _SECTIONS[key] = Section(key, title, provider, order)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
