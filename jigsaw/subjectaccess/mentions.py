"""Who a piece of writing mentions: the other people in the family's network, matched by name.

Used when a record is written (the links are kept as Mention rows) and again when a pack is
compiled (so a name written before this existed, or edited in since, is still caught).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from jigsaw.people.models import HouseholdMember, Person, Relationship

MIN_NAME = 3  # a given name shorter than this ("Al") is too likely to match an ordinary word


@dataclass(frozen=True)
class Named:
    person_id: int
    names: tuple[str, ...]  # longest first: "Kim Marsh", "Kim"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(r"\b(" + "|".join(re.escape(n) for n in self.names) + r")\b", re.IGNORECASE)


def network_of(person_id: int) -> list[Person]:
    """The people around this person: relationships either way and the households they share."""
    related = Relationship.objects.filter(Q(from_person_id=person_id) | Q(to_person_id=person_id)).values_list(
        "from_person_id", "to_person_id"
    )
    ids = {pid for pair in related for pid in pair}
    households = HouseholdMember.objects.filter(person_id=person_id).values("household_id")
    ids |= set(HouseholdMember.objects.filter(household_id__in=households).values_list("person_id", flat=True))
    ids.discard(person_id)
    return list(Person.objects.filter(pk__in=ids))


def names_of(person: Person, subject: Person | None = None) -> Named:
    """A person's names as writing would use them; never a name the subject shares (a family
    name, or a given name two relatives have), which would redact the subject's own."""
    own = {n.lower() for n in _names(subject)} if subject is not None else set()
    subject_family = (subject.family_name or "").strip().lower() if subject is not None else ""
    names = [n for n in _names(person) if n.lower() not in own and n.lower() != subject_family]
    return Named(person.pk, tuple(sorted(set(names), key=len, reverse=True)))


def _names(person: Person | None) -> list[str]:
    if person is None:
        return []
    given = " ".join((person.given_names or "").split())
    family = " ".join((person.family_name or "").split())
    names = [f"{given} {family}".strip(), given, family, (person.preferred_name or "").strip()]
    first = given.split(" ")[0] if given else ""
    names.append(first)
    return [n for n in names if len(n) >= MIN_NAME]


def third_parties(subject: Person) -> list[Named]:
    return [named for p in network_of(subject.pk) if (named := names_of(p, subject)).names]


def mentioned_in(texts: Iterable[str], people: list[Named]) -> set[int]:
    text = "\n".join(t for t in texts if t)
    if not text:
        return set()
    return {named.person_id for named in people if named.pattern.search(text)}


REDACTED = "\u2588\u2588\u2588 [redacted: another person]"


def redact(text: str, people: list[Named]) -> tuple[str, int]:
    """The text with each of these people's names replaced by a visible redaction mark."""
    count = 0
    for named in people:
        text, n = named.pattern.subn(REDACTED, text)
        count += n
    return text, count
