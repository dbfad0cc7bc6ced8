"""Building the search index: a profile and a set of blocking keys per person, in bulk."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from .keys import record_keys
from .models import PersonMatchProfile, PersonSearchKey
from .normalise import address_parts, clean_upn, digits, name_tokens, parse_postcode
from .query import probe_from_profile


def _ids(persons_or_ids: Any) -> Iterator[int]:
    from jigsaw.people.models import Person

    if isinstance(persons_or_ids, QuerySet) and persons_or_ids.model is Person:
        yield from persons_or_ids.values_list("pk", flat=True).order_by("pk").iterator(chunk_size=20_000)
        return
    if isinstance(persons_or_ids, int | Person):
        persons_or_ids = [persons_or_ids]
    for item in persons_or_ids:
        yield item if isinstance(item, int) else item.pk


def _batches(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _text(tokens: tuple[str, ...]) -> str:
    return " ".join(tokens)


def build_profile(
    person: dict[str, Any], names: list[dict[str, Any]], addresses: list[dict[str, Any]], former_upns: list[str]
) -> dict[str, Any]:
    """The normalised facts the scorer compares, as JSON-friendly data."""
    today = dt.date.today()
    given, family = name_tokens(person["given_names"]), name_tokens(person["family_name"])
    forms: list[list[Any]] = []
    if given or family:
        forms.append([_text(given), _text(family), "current", None])
    preferred = name_tokens(person["preferred_name"] or "")
    if preferred:
        # "Bex" is a first name known by; "Bex Jones" a whole name.
        p_given, p_family = (preferred[:-1], preferred[-1:]) if len(preferred) > 1 else (preferred, family)
        if (p_given, p_family) != (given, family):
            forms.append([_text(p_given), _text(p_family), "preferred", None])
    for other in names:
        o_given = name_tokens(other["given_names"]) or given
        o_family = name_tokens(other["family_name"]) or family
        if o_given or o_family:
            used_to = other["used_to"].year if other["used_to"] else None
            forms.append([_text(o_given), _text(o_family), other["kind"], used_to])
    places = []
    for address in addresses:
        postcode = parse_postcode(address["postcode"] or "")
        lived_to = address["lived_to"]
        # Both lines, read as a search reads a typed address: "Flat 2" on line 1 and "14 Mill
        # Lane" on line 2 sign the same as "Flat 2, 14 Mill Lane" typed in one box.
        parts = address_parts(", ".join(filter(None, (address["line_1"], address.get("line_2")))))
        places.append(
            [
                postcode.full if postcode else "",
                parts.signature,
                lived_to is None or lived_to >= today,
                lived_to.year if lived_to else None,
                list(parts.names),
            ]
        )
    # Current addresses first, then the most recent previous ones.
    places.sort(key=lambda p: (not p[2], -(p[3] or 0)))
    upn = clean_upn(person["upn"] or "")
    data: dict[str, Any] = {
        "names": forms,
        "dob": person["date_of_birth"].isoformat() if person["date_of_birth"] else None,
        "edd": person["expected_date_of_birth"].isoformat() if person["expected_date_of_birth"] else None,
        "sex": person["sex"] if person["sex"] in ("F", "M") else "",
        "nhs": digits(person["nhs_number"] or ""),
        "upn": [upn] if upn else [],
        "fupn": sorted({clean_upn(u) for u in former_upns if clean_upn(u)} - {upn}),
        "addr": places,
        "school": _text(name_tokens(person["school"] or "")),
    }
    return data


_PERSON_FIELDS = (
    "id",
    "given_names",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "nhs_number",
    "upn",
    "school",
    "merged_into_id",
)


def _load(batch: list[int]) -> list[tuple[int, dict[str, Any]]]:
    from jigsaw.people.choices import IdentifierKind
    from jigsaw.people.models import Address, Person, PersonIdentifier, PersonName

    names: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in PersonName.objects.filter(person_id__in=batch).values(
        "person_id", "kind", "given_names", "family_name", "used_to"
    ):
        names[row["person_id"]].append(row)
    addresses: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in Address.objects.filter(person_id__in=batch).values(
        "person_id", "line_1", "line_2", "postcode", "lived_to"
    ):
        addresses[row["person_id"]].append(row)
    former: dict[int, list[str]] = defaultdict(list)
    for person_id, value in PersonIdentifier.objects.filter(
        person_id__in=batch, kind=IdentifierKind.FORMER_UPN
    ).values_list("person_id", "value"):
        former[person_id].append(value)
    profiles = []
    for person in Person.objects.filter(pk__in=batch).values(*_PERSON_FIELDS):
        if person["merged_into_id"]:
            continue  # a merged record is found through the one it was merged into
        pk = person["id"]
        profiles.append((pk, build_profile(person, names[pk], addresses[pk], former[pk])))
    return profiles


def _write_postgres(batch: list[int], profiles: list[tuple[int, dict[str, Any]]], keys: list[tuple[int, int, int]]):
    key_table = PersonSearchKey._meta.db_table
    profile_table = PersonMatchProfile._meta.db_table
    with connection.cursor() as cursor:
        # Table names come from the models, never from input.
        cursor.execute(f"DELETE FROM {key_table} WHERE person_id = ANY(%s)", [batch])  # noqa: S608
        cursor.execute(f"DELETE FROM {profile_table} WHERE person_id = ANY(%s)", [batch])  # noqa: S608
        raw = cursor.cursor  # psycopg 3: COPY is an order of magnitude faster than INSERT
        with raw.copy(f"COPY {key_table} (key, person_id, kind) FROM STDIN") as copy:
            for row in keys:
                copy.write_row(row)
        with raw.copy(f"COPY {profile_table} (person_id, data) FROM STDIN") as copy:
            for pk, data in profiles:
                copy.write_row((pk, json.dumps(data, separators=(",", ":"))))


def _write_plain(batch: list[int], profiles: list[tuple[int, dict[str, Any]]], keys: list[tuple[int, int, int]]):
    """SQLite and others: executemany, which is several times faster than bulk_create here."""
    key_table = PersonSearchKey._meta.db_table
    profile_table = PersonMatchProfile._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(batch), 900):
            chunk = batch[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            # Table names come from the models, never from input.
            cursor.execute(f"DELETE FROM {key_table} WHERE person_id IN ({marks})", chunk)  # noqa: S608
            cursor.execute(f"DELETE FROM {profile_table} WHERE person_id IN ({marks})", chunk)  # noqa: S608
        cursor.executemany(f"INSERT INTO {key_table} (key, person_id, kind) VALUES (%s, %s, %s)", keys)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {profile_table} (person_id, data) VALUES (%s, %s)",  # noqa: S608
            [(pk, json.dumps(data, separators=(",", ":"))) for pk, data in profiles],
        )


def index_persons(persons_or_ids: Any, *, batch_size: int = 5000) -> int:
    """(Re)build the search keys and profiles of these people. Idempotent, in batches.

    Accepts a Person queryset, Person objects, or ids. Merged records lose their keys.
    Returns how many people were indexed.
    """
    writer = _write_postgres if connection.vendor == "postgresql" else _write_plain
    indexed = 0
    for batch in _batches(_ids(persons_or_ids), batch_size):
        profiles = _load(batch)
        keys: list[tuple[int, int, int]] = []
        for pk, data in profiles:
            for key, kind in record_keys(probe_from_profile(data)).items():
                keys.append((key, pk, int(kind)))
        with transaction.atomic():
            writer(batch, profiles, keys)
        indexed += len(profiles)
    return indexed
