"""Searching the index: "is this person known?", "is this family known?", and duplicate pairs."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .keys import DUPLICATE_KINDS, Kind, query_keys
from .models import PersonMatchProfile, PersonSearchKey
from .query import NameForm, Probe, SearchQuery, probe_from_profile, probe_from_query
from .scoring import HIGH, POSSIBLE, Result, compare, confidence_of, family_level, given_level, to_score

# How many pre-ranked candidates are scored in full: the trade between recall and latency.
# Measured at 1,000,000 people (bench/): 60 -> recall@5 0.989, 140 -> 0.9905, 200 -> 0.991,
# and p95 latency grows with it.
SCORED_CANDIDATES = 140
HOUSEHOLD_CANDIDATES = 200
# A second pass with looser keys (keys.LOOSE_KINDS) when the first finds fewer people than
# this scoring "possible" or better: a misspelt name with no date of birth, or after a move.
SECOND_PASS_BELOW = 3
SECOND_PASS_CANDIDATES = 80
WEAK_PRESCORE = 5.0  # below this, a hit is only a street, a postcode or a surname
_CHUNK = 900  # ids per IN list (SQLite's default variable limit is generous, but stay modest)
# Table names come from the models, never from input.
_KEY_TABLE = PersonSearchKey._meta.db_table
_PROFILE_TABLE = PersonMatchProfile._meta.db_table


@dataclass
class Candidate:
    person_id: int
    score: float  # 0-100
    confidence: str  # "high" | "possible" | "low"
    reasons: list[str] = field(default_factory=list)
    household_of: int | None = None  # household candidates: the matched person this one is linked to
    summary: str = ""  # the match in words: "Same name and date of birth; address differs"


@dataclass
class DuplicatePair:
    person_a_id: int
    person_b_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    summary: str = ""


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _key_rows(keys: list[int]) -> Iterable[tuple[int, int]]:
    if _postgres():
        # One array parameter instead of hundreds of placeholders: cheaper to send and plan.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT person_id, key FROM {_KEY_TABLE} WHERE key = ANY(%s)", [keys])  # noqa: S608
            return cursor.fetchall()
    rows: list[tuple[int, int]] = []
    for chunk in _chunks(keys):
        rows.extend(PersonSearchKey.objects.filter(key__in=chunk).values_list("person_id", "key"))
    return rows


def _lookup(keys: dict[int, tuple[Kind, float]]) -> dict[int, float]:
    """Pre-score every person hit by these keys: the best hit of each kind, added up."""
    best: dict[int, dict[Kind, float]] = defaultdict(dict)
    for person_id, key in _key_rows(list(keys)):
        kind, weight = keys[key]
        hits = best[person_id]
        if hits.get(kind, 0.0) < weight:
            hits[kind] = weight
    return {pk: sum(hits.values()) for pk, hits in best.items()}


def _in_scope(scope: QuerySet, ids: Iterable[int]) -> set[int]:
    """The access policy decides: only ids inside the caller's scope survive."""
    ids = list(ids)
    if not ids:
        return set()
    if _postgres():
        listed = RawSQL("SELECT unnest(%s::bigint[])", [ids])
        return set(scope.filter(pk__in=listed).values_list("pk", flat=True))
    allowed: set[int] = set()
    for chunk in _chunks(ids):
        allowed.update(scope.filter(pk__in=chunk).values_list("pk", flat=True))
    return allowed


def _profiles(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = list(ids)
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT person_id, data FROM {_PROFILE_TABLE} WHERE person_id = ANY(%s)",  # noqa: S608
                [ids],
            )
            return {pk: data if isinstance(data, dict) else json.loads(data) for pk, data in cursor.fetchall()}
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        found.update(PersonMatchProfile.objects.filter(person_id__in=chunk).values_list("person_id", "data"))
    return found


def _candidates_for(
    probe: Probe,
    scope: QuerySet,
    keys: dict[int, tuple[Kind, float]],
    top: int,
    *,
    earlier: list[tuple[int, Result, Probe]] | None = None,
    weak_floor: bool = True,
):
    """Score the `top` best pre-ranked people in scope; with `earlier` (a first pass), score
    only people it did not, and return both passes' people together, best first."""
    prescores = _lookup(keys)
    done = {pk for pk, _result, _record in earlier or ()}
    # Ask the access policy about the best-placed candidates first, a few more than will be
    # scored, and go further down the list only if too many of them are out of scope.
    # People met only by the street, the postcode or the surname alone are scored only when
    # nobody better is: a name or a date met elsewhere says far more (and scoring costs time).
    # Not for a household, whose people are often met by the address alone.
    best = max(prescores.values(), default=0.0)
    floor = WEAK_PRESCORE if weak_floor and best >= 2 * WEAK_PRESCORE else 0.0
    ordered = sorted(
        (pk for pk, prescore in prescores.items() if pk not in done and prescore >= floor),
        key=lambda pk: (-prescores[pk], pk),
    )
    ranked: list[int] = []
    step = top * 2
    for start in range(0, len(ordered), step):
        window = ordered[start : start + step]
        allowed = _in_scope(scope, window)
        ranked.extend(pk for pk in window if pk in allowed)
        if len(ranked) >= top:
            break
    ranked = ranked[:top]
    scored: list[tuple[int, Result, Probe]] = list(earlier or ())
    for pk, data in _profiles(ranked).items():
        record = probe_from_profile(data)
        scored.append((pk, compare(probe, record), record))
    scored.sort(key=lambda item: (-item[1].score, -item[1].weight, item[0]))
    return scored


def _too_few(scored: list[tuple[int, Result, Probe]]) -> bool:
    likely = sum(1 for _pk, result, _record in scored if result.score >= POSSIBLE)
    return likely < SECOND_PASS_BELOW


def find_candidates(query: SearchQuery, scope: QuerySet, *, limit: int = 10, min_score: float = 0.0) -> list[Candidate]:
    """People in `scope` who may be the person the query describes, best first, with reasons.

    `scope` is the caller's access-filtered queryset of people; nobody outside it is returned.
    """
    probe = probe_from_query(query)
    keys = query_keys(probe)
    if not keys:
        return []
    scored = _candidates_for(probe, scope, keys, SCORED_CANDIDATES)
    if _too_few(scored):
        # The second pass looks up the loose keys with the first ones (so its pre-ranking
        # counts every agreement) but scores only people the first pass did not.
        scored = _candidates_for(probe, scope, query_keys(probe, loose=True), SECOND_PASS_CANDIDATES, earlier=scored)
    return [
        Candidate(pk, result.score, result.confidence, result.explained(), summary=result.summary())
        for pk, result, _record in scored[:limit]
        if result.score >= min_score
    ]


# Households ----------------------------------------------------------------------------------

_PARENT_KINDS = ("parent", "step_parent", "carer")
_FAMILY_KINDS = (*_PARENT_KINDS, "sibling", "grandparent", "household_member", "other_family")


def _name_agrees(a: NameForm, b: NameForm) -> bool:
    if not a.given or not b.given or not a.family or not b.family:
        return False
    from .scoring import _AGREES

    return given_level(a.given[0], b.given[0]) in _AGREES and family_level(a.family, b.family) in _AGREES


def _household_anchor(probe: Probe, record: Probe, person_match: Result) -> tuple[float, list[str]]:
    """How strongly this indexed person looks like part of the family the caller describes.

    A shared surname alone is no link (there are thousands of Smiths): it only adds to an
    address, a parent's name or a match on the person themselves. Returns 0 for no link.
    """
    reasons: list[tuple[float, str]] = []
    best_place: tuple[float, str] | None = None
    for qp in probe.places:
        for rp in record.places:
            same_house = bool(qp.signature) and qp.signature == rp.signature
            if qp.postcode and rp.postcode and rp.postcode.full == qp.postcode.full:
                if same_house:
                    option = (9.0, "lives at the same address") if rp.current else (5.0, _until(rp, "address"))
                else:
                    option = (4.0, "lives at the same postcode") if rp.current else (2.0, _until(rp, "postcode"))
            elif set(qp.names) & set(rp.names) and (same_house or not (qp.postcode and rp.postcode)):
                # No postcode given: the street or house name read from the address, and the house.
                if same_house:
                    option = (9.0, "lives at the same address") if rp.current else (5.0, _until(rp, "address"))
                else:
                    option = (3.0, "lives in the same street") if rp.current else (1.5, _until(rp, "street"))
            else:
                continue
            if best_place is None or option[0] > best_place[0]:
                best_place = option
    if best_place:
        reasons.append(best_place)
    family_bonus: tuple[float, str] | None = None
    for qf in probe.names:
        for rf in record.names:
            if not qf.family or not rf.family:
                continue
            level = family_level(qf.family, rf.family)
            if level == 0:
                option = (6.0, "same surname" if rf.kind == "current" else "had the same surname")
            elif level <= 3:
                option = (4.0, "surname sounds alike")
            else:
                continue
            if family_bonus is None or option[0] > family_bonus[0]:
                family_bonus = option
    if family_bonus:
        reasons.append(family_bonus)
    # The same street is a link only with the surname too: a street is many families.
    linked = bool(best_place) and (best_place[0] >= 4.0 or family_bonus is not None)
    if any(_name_agrees(parent, own) for parent in probe.parents for own in record.names):
        reasons.append((10.0, "has the name given for a parent"))
        linked = True
    if person_match.confidence == "high":
        reasons.append((12.0, "may be the person themselves"))
        linked = True
    if not linked:
        return 0.0, []
    weight = sum(w for w, _ in reasons)
    return weight, [text for _, text in sorted(reasons, key=lambda r: -r[0])]


def _until(place: Any, what: str) -> str:
    return f"lived at the same {what} until {place.lived_to}" if place.lived_to else f"lived at the same {what}"


def _family_links(anchor_ids: list[int]) -> dict[int, dict[int, str]]:
    """For each anchor: family members (relationships, current household, parents' children) and how."""
    from jigsaw.people.models import HouseholdMember, Relationship

    links: dict[int, dict[int, str]] = defaultdict(dict)
    anchors = set(anchor_ids)
    rels = Relationship.objects.filter(
        Q(from_person_id__in=anchor_ids) | Q(to_person_id__in=anchor_ids), kind__in=_FAMILY_KINDS
    ).filter(ended_on__isnull=True)
    parents_of: dict[int, set[int]] = defaultdict(set)
    for src, dst, kind in rels.values_list("from_person_id", "to_person_id", "kind"):
        if dst in anchors:
            links[dst].setdefault(
                src,
                {"parent": "parent", "step_parent": "step-parent", "carer": "carer"}.get(kind, kind.replace("_", " ")),
            )
            if kind in _PARENT_KINDS:
                parents_of[dst].add(src)
        if src in anchors:
            links[src].setdefault(dst, "child" if kind in _PARENT_KINDS else kind.replace("_", " "))
    # Brothers and sisters through a shared parent, and the parent's other children.
    all_parents = {p for ps in parents_of.values() for p in ps} | {
        a for a in anchors if any(v == "child" for v in links[a].values())
    }
    if all_parents:
        children: dict[int, set[int]] = defaultdict(set)
        for src, dst in Relationship.objects.filter(
            from_person_id__in=list(all_parents), kind__in=_PARENT_KINDS, ended_on__isnull=True
        ).values_list("from_person_id", "to_person_id"):
            children[src].add(dst)
        for anchor in anchors:
            for parent in parents_of.get(anchor, ()):
                for child in children[parent]:
                    if child != anchor:
                        links[anchor].setdefault(child, "brother or sister")
            for child in children.get(anchor, ()):
                links[anchor].setdefault(child, "child")
    memberships = HouseholdMember.objects.filter(person_id__in=anchor_ids, left_on__isnull=True)
    household_of: dict[int, set[int]] = defaultdict(set)
    for person_id, household_id in memberships.values_list("person_id", "household_id"):
        household_of[household_id].add(person_id)
    if household_of:
        for household_id, person_id in HouseholdMember.objects.filter(
            household_id__in=list(household_of), left_on__isnull=True
        ).values_list("household_id", "person_id"):
            for anchor in household_of[household_id]:
                if person_id != anchor:
                    links[anchor].setdefault(person_id, "lives in the same household")
    return links


def find_household(query: SearchQuery, scope: QuerySet, *, limit: int = 10) -> list[Candidate]:
    """Known families the query's person may belong to: for a new baby or a sibling never recorded.

    Each family is led by the person it was matched through (its anchor: same address, same
    surname, a parent's name), followed by that person's family members. Every candidate's
    `household_of` is the anchor's id (the anchor's own is its id too), so a screen can group
    them. Families come best first; `limit` counts people. Only people in `scope` appear.
    """
    probe = probe_from_query(query)
    keys = query_keys(probe, household=True)
    if not keys:
        return []
    # Wider than a person search: the family's people rank below same-named strangers, and
    # one met only at the postcode (another surname, no house number given) is family too.
    scored = _candidates_for(probe, scope, keys, HOUSEHOLD_CANDIDATES, weak_floor=False)
    anchors: list[tuple[float, int, list[str]]] = []
    for pk, person_match, record in scored:
        weight, reasons = _household_anchor(probe, record, person_match)
        if weight > 0:
            anchors.append((weight, pk, reasons))
    if not anchors:
        return []
    anchors.sort(key=lambda a: (-a[0], a[1]))
    anchors = anchors[:limit]
    links = _family_links([pk for _, pk, _ in anchors])
    member_ids = {m for a in links.values() for m in a}
    visible = _in_scope(scope, member_ids | {pk for _, pk, _ in anchors})
    results: list[Candidate] = []
    seen: set[int] = set()
    for weight, pk, reasons in anchors:
        if pk in seen or pk not in visible:
            continue
        family = [m for m in links.get(pk, {}) if m in visible and m not in seen]
        anchor_score = round(to_score(weight + 6.0), 1)
        seen.add(pk)
        summary = "; ".join(reasons[:2])
        results.append(
            Candidate(
                pk,
                anchor_score,
                confidence_of(anchor_score),
                reasons,
                household_of=pk,
                summary=summary[:1].upper() + summary[1:],
            )
        )
        for member in family:
            seen.add(member)
            relation = links[pk][member]
            results.append(
                Candidate(
                    member,
                    round(anchor_score - 1.0, 1),
                    confidence_of(anchor_score - 1.0),
                    [f"{relation} of the matched person"],
                    household_of=pk,
                    summary=f"{relation[:1].upper()}{relation[1:]} of the matched person",
                )
            )
        if len(results) >= limit:
            break
    return results[:limit]


# Duplicates ----------------------------------------------------------------------------------


def _blocks(max_block: int) -> Iterable[list[int]]:
    """People sharing a strong key, grouped in the database (a million people make ~10M rows)."""
    kinds = [int(k) for k in DUPLICATE_KINDS]
    if _postgres():
        sql = (
            f"SELECT array_agg(person_id) FROM {_KEY_TABLE} WHERE kind = ANY(%s) "  # noqa: S608
            "GROUP BY key HAVING count(*) BETWEEN 2 AND %s"
        )
    else:
        marks = ", ".join(["%s"] * len(kinds))
        sql = (
            f"SELECT group_concat(person_id) FROM {_KEY_TABLE} WHERE kind IN ({marks}) "  # noqa: S608
            "GROUP BY key HAVING count(*) BETWEEN 2 AND %s"
        )
    params = [kinds, max_block] if _postgres() else [*kinds, max_block]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10_000):
            for (members,) in rows:
                yield members if isinstance(members, list) else [int(m) for m in str(members).split(",")]


def find_duplicates(
    scope: QuerySet, *, threshold: float = HIGH, limit: int = 1000, max_block: int = 50
) -> list[DuplicatePair]:
    """Likely duplicate records among the people in `scope`, strongest first.

    Pairs come from shared strong keys (NHS number, UPN, name with date of birth, first and
    family name, date of birth with district); blocks bigger than `max_block` are skipped as
    too common to mean anything. Each pair is scored both ways with the search scorer, so the
    twin guard holds here too.
    """
    allowed = set(scope.values_list("pk", flat=True))
    pairs: set[tuple[int, int]] = set()
    for members in _blocks(max_block):
        members = sorted(m for m in members if m in allowed)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    found: list[DuplicatePair] = []
    ordered = sorted(pairs)
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        profiles = _profiles({pk for pair in chunk for pk in pair})
        probes = {pk: probe_from_profile(data) for pk, data in profiles.items()}
        for a, b in chunk:
            if a not in probes or b not in probes:
                continue
            ab, ba = compare(probes[a], probes[b]), compare(probes[b], probes[a])
            result = ab if ab.score >= ba.score else ba
            if result.score >= threshold:
                found.append(DuplicatePair(a, b, result.score, result.explained(), result.summary()))
    found.sort(key=lambda p: (-p.score, p.person_a_id, p.person_b_id))
    return found[:limit]


__all__ = ["Candidate", "DuplicatePair", "find_candidates", "find_duplicates", "find_household"]
