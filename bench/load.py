"""Loading a generated dataset into the people tables: COPY on PostgreSQL, bulk_create on SQLite.

Call `setup_django(db, url)` first. Refuses to touch a database whose name lacks "bench".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db: str, url: str | None = None) -> str:
    if url is None:
        if db == "postgres":
            url = "postgres://postgres@127.0.0.1:5432/jigsaw_bench"
        else:
            url = f"sqlite:///{ROOT / 'bench' / 'data' / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    # The test settings: debug off (no query log eating memory), no outside services.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    (ROOT / "bench" / "data").mkdir(exist_ok=True)
    if db == "postgres":
        _ensure_postgres_database(url)
    import django

    django.setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"refusing to load benchmark data into {name!r}: its name must contain 'bench'")
    return url


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _tables() -> list[Any]:
    from jigsaw.people.matching.models import PersonMatchProfile, PersonSearchKey
    from jigsaw.people.models import (
        Address,
        Household,
        HouseholdMember,
        Person,
        PersonIdentifier,
        PersonName,
        Relationship,
    )

    return [
        PersonSearchKey,
        PersonMatchProfile,
        HouseholdMember,
        Household,
        Relationship,
        PersonIdentifier,
        PersonName,
        Address,
        Person,
    ]


def reset() -> None:
    """Empty the people tables (and the audit rows that point at them) of the bench database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        names = ", ".join(m._meta.db_table for m in _tables())
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        for model in _tables():
            model.objects.all()._raw_delete(model.objects.db)


def _copy(model: Any, rows: Iterable[dict[str, Any]], *, with_id: bool = False) -> int:
    """Insert rows (dicts keyed by field attname) with every other column at its default."""
    from django.db import connection
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key or with_id]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif f.empty_strings_allowed:
            defaults[f.attname] = ""
    count = 0
    if connection.vendor == "postgresql":
        columns = [f.column for f in fields]
        attnames = [f.attname for f in fields]
        statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row.get(a, defaults.get(a)) for a in attnames])
                count += 1
        return count
    batch: list[Any] = []
    for row in rows:
        batch.append(model(**{**defaults, **row}))
        count += 1
        if len(batch) >= 5000:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
    return count


def load(dataset: Any) -> dict[str, int]:
    """Write the dataset's index records, their families and households. Person id = record id."""
    from django.db import connection, transaction

    from jigsaw.people.models import (
        Address,
        Household,
        HouseholdMember,
        Person,
        PersonIdentifier,
        PersonName,
        Relationship,
    )

    records = dataset.records

    def persons() -> Iterator[dict[str, Any]]:
        for r in records:
            yield {
                "id": r.rid,
                "council_id": f"B{r.rid:08d}",
                "given_names": r.given_names,
                "family_name": r.family_name,
                "date_of_birth": r.dob,
                "sex": r.sex,
                "nhs_number": r.nhs,
                "upn": r.upn,
                "school": r.school,
            }

    def addresses() -> Iterator[dict[str, Any]]:
        for r in records:
            for line, postcode, lived_from, lived_to in r.addresses:
                line_1, _, line_2 = line.partition("|")  # "Flat 3|14 Mill Lane": two lines
                yield {
                    "person_id": r.rid,
                    "line_1": line_1,
                    "line_2": line_2,
                    "town": "Northbridge",
                    "postcode": postcode,
                    "lived_from": lived_from,
                    "lived_to": lived_to,
                }

    def names() -> Iterator[dict[str, Any]]:
        for r in records:
            for family, used_to in r.previous_names:
                yield {"person_id": r.rid, "kind": "previous", "family_name": family, "used_to": used_to}

    def identifiers() -> Iterator[dict[str, Any]]:
        for r in records:
            for upn in r.former_upns:
                yield {"person_id": r.rid, "kind": "former_upn", "value": upn}

    # One record per person for the family links (a duplicate record carries none).
    first_record: dict[int, int] = {}
    for r in records:
        if r.duplicate_of is None:
            first_record.setdefault(r.eid, r.rid)

    def households() -> Iterator[dict[str, Any]]:
        for fid in dataset.families:
            if any(m in first_record for m in dataset.families[fid].members):
                yield {"id": fid, "name": f"Household {fid}"}

    def members() -> Iterator[dict[str, Any]]:
        for fid, fam in dataset.families.items():
            for eid in fam.members:
                if eid in first_record:
                    yield {"household_id": fid, "person_id": first_record[eid], "joined_on": fam.moved_on}

    def relationships() -> Iterator[dict[str, Any]]:
        for eid, rid in first_record.items():
            for parent in dataset.entities[eid].parents:
                if parent in first_record:
                    yield {"from_person_id": first_record[parent], "to_person_id": rid, "kind": "parent"}

    counts = {}
    with transaction.atomic():
        counts["persons"] = _copy(Person, persons(), with_id=True)
        counts["addresses"] = _copy(Address, addresses())
        counts["previous_names"] = _copy(PersonName, names())
        counts["identifiers"] = _copy(PersonIdentifier, identifiers())
        counts["households"] = _copy(Household, households(), with_id=True)
        counts["household_members"] = _copy(HouseholdMember, members())
        counts["relationships"] = _copy(Relationship, relationships())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Person, Household):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    return counts


def analyze() -> None:
    """What autovacuum would do soon after a bulk load: statistics and the visibility map."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
