"""Writing the synthetic council into the database, fast enough for a million people.

The generator (generator.py) makes plain data; this inserts each batch's rows in bulk
(see _Table). Bulk inserts send no post_save signals, so the audit log is not flooded with
a million "created" entries: the whole seed is one audit entry instead.
`casework.demo_make` makes the whole demo (this council, then every area's casework) in one
transaction, on the day asked for, and writes the DemoCouncil note last: a failure leaves
nothing, and a council that has its note is complete.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from jigsaw.access.models import Agency, Involvement, Team, User
from jigsaw.audit.services import audit_record
from jigsaw.people.matching import index_persons
from jigsaw.people.models import (
    Address,
    ContactDetail,
    Household,
    HouseholdMember,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)

from .generator import COUNCIL_ID_PREFIX, DEMO_PASSWORD, Batch, Council, CouncilGenerator
from .models import DemoCouncil

BULK = 5000


# A demo made for another day is made as if at this time of that day: every area's events of
# "today" (contacts from 9 am, meetings until late afternoon, a child missing until 6 pm) are over.
DAY_DONE = dt.time(18, 30)


@dataclass(frozen=True)
class SeedResult:
    children: int
    people: int
    users: int
    seconds: float
    casework: dict[str, dict[str, int]] = field(default_factory=dict)


def demo_council() -> DemoCouncil | None:
    return DemoCouncil.objects.first()


def demo_council_state() -> tuple[str, str]:
    """("complete" | "absent" | "half_made", a sentence for the person running `./dev up`)."""
    note = DemoCouncil.objects.filter(complete=True).first()
    if note is not None:
        return "complete", f"The demo council is here: {note}, as of {note.as_of:%-d %B %Y}."
    if DemoCouncil.objects.exists():
        return "half_made", (
            "This database holds a demo council that may be half made: an earlier version of seed_demo "
            "wrote its note before the casework, and cannot say whether the casework finished."
        )
    if Person.objects.exists():
        return "half_made", "This database holds people but no complete demo council."
    return "absent", "No demo council in this database yet."


@contextmanager
def demo_day(as_of: date) -> Iterator[date]:
    """Run the seed as if on `as_of`, and yield the last day whose events are all over.

    The services check dates against the clock ("cannot be in the future"), so a demo for
    another day is made with the clock moved to that day (time-machine, a development
    package) at DAY_DONE. Made today before DAY_DONE, the casework is dated as of yesterday,
    so that nothing "today at 9 am" lies ahead of a seed run at 7 am.
    """
    now = timezone.localtime()
    if as_of == now.date():
        yield as_of if now.time() >= DAY_DONE else as_of - dt.timedelta(days=1)
        return
    try:
        import time_machine
    except ImportError as error:  # production installs only requirements.txt
        raise ImproperlyConfigured(
            "A demo for a day other than today needs the time-machine package (requirements-dev.txt)."
        ) from error
    moment = timezone.make_aware(dt.datetime.combine(as_of, DAY_DONE))
    with time_machine.travel(moment, tick=True):
        yield as_of


def analyse() -> None:
    """Give PostgreSQL's planner statistics for the tables just bulk-loaded: until autovacuum
    gets round to them it plans whole-table scans (measured: the child's page 120 ms -> 33 ms)."""
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _first_free_key() -> int:
    """After any NB… council ids already used (only when seeding beside other people)."""
    top = (
        Person.objects.filter(council_id__startswith=COUNCIL_ID_PREFIX)
        .annotate(number=Cast(Substr("council_id", len(COUNCIL_ID_PREFIX) + 1), IntegerField()))
        .aggregate(top=Max("number"))["top"]
    )
    return (top or 0) + 1


@transaction.atomic
def council_seed(
    *,
    children: int,
    seed: int,
    as_of: date,
    batch_people: int = BULK,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Make the demo council: agencies, teams, a user for every role, families, caseloads.

    Its people only: `demo_make` adds the casework and the note that the demo is complete."""
    started = time.perf_counter()
    generator = CouncilGenerator(
        children=children, seed=seed, as_of=as_of, batch_people=batch_people, first_key=_first_free_key()
    )
    users = _write_council(generator.council)
    writer = _Writer(users)
    people = made = 0
    spent = {"generate": 0.0, "write": 0.0, "index": 0.0}
    batches = generator.batches()
    while True:
        clock = time.perf_counter()
        batch = next(batches, None)
        if batch is None:
            break
        spent["generate"] += (now := time.perf_counter()) - clock
        ids = writer.write(batch)
        spent["write"] += (clock := time.perf_counter()) - now
        index_persons(ids)
        spent["index"] += time.perf_counter() - clock
        people += len(ids)
        made += batch.children
        if progress:
            progress(f"{made:,} of {children:,} children, {people:,} people")
    analyse()
    seconds = time.perf_counter() - started
    if progress:
        progress(", ".join(f"{stage} {value:.1f} s" for stage, value in spent.items()))
    details = {"seed": seed, "children": made, "people": people, "users": len(users), "as_of": as_of.isoformat()}
    audit_record(actor=None, kind="import", model=Person, purpose="demo council seeded", details=details)
    return SeedResult(children=made, people=people, users=len(users), seconds=seconds)


def _write_council(council: Council) -> dict[str, int]:
    """Agencies, teams and staff. Returns user ids by username (existing users are kept as they are)."""
    agencies = {}
    for spec in council.agencies:
        agencies[spec.key], _ = Agency.objects.get_or_create(
            name=spec.name, defaults={"kind": spec.kind, "email": spec.safeguarding_email}
        )
    teams = {}
    for spec in council.teams:
        teams[spec.key], _ = Team.objects.get_or_create(
            agency=agencies[spec.agency], name=spec.name, defaults={"restricted_area": spec.restricted_area}
        )
    existing = dict(User.objects.filter(username__in=[u.username for u in council.users]).values_list("username", "pk"))
    # One hash for the one published demo password: hashing it per user would cost seconds for nothing.
    password = make_password(DEMO_PASSWORD)
    new = [
        User(
            username=spec.username,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            full_name=spec.full_name,
            email=spec.email,
            role=spec.role,
            agency=agencies[spec.agency],
            team=teams[spec.team],
            job_title=spec.job_title,
            demo_2fa_exempt=True,
        )
        for spec in council.users
        if spec.username not in existing
    ]
    User.objects.bulk_create(new, batch_size=BULK)
    existing.update(User.objects.filter(username__in=[u.username for u in new]).values_list("username", "pk"))
    return existing


class _Table:
    """Fast inserts of many rows into one model's table, with ids chosen here.

    Django's bulk_create spends most of its time preparing each field of each object
    (measured: about 80 % of the seed). Here each row is a plain tuple of the given fields;
    every other column gets its default once per batch; PostgreSQL takes the rows by COPY
    and SQLite by executemany. The database's own constraints still check every row.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        meta = model._meta
        self.model = model
        given = [meta.get_field(name) for name in fields]
        self.rest = [f for f in meta.concrete_fields if f.name not in fields and not f.primary_key]
        self.columns = [meta.pk.column, *(f.column for f in given), *(f.column for f in self.rest)]
        self.table = meta.db_table
        self._next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def _constants(self) -> tuple:
        now = timezone.now()
        values = []
        for f in self.rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()  # "" for text fields without a default
                if value is None and not f.null:
                    raise ImproperlyConfigured(f"The demo seed gives no value for {self.model.__name__}.{f.name}")
            values.append(f.get_db_prep_save(value, connection))
        return tuple(values)

    def _ids(self, count: int) -> list[int]:
        if connection.vendor == "postgresql":
            # From the table's own sequence, so nothing else ever gets the same id.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.model._meta.pk.column, count],
                )
                return [row[0] for row in cursor.fetchall()]
        # SQLite: this transaction holds the database's write lock, so max + 1 onwards is free.
        first = self._next_id
        self._next_id += count
        return list(range(first, first + count))

    def insert(self, rows: list[tuple]) -> list[int]:
        if not rows:
            return []
        ids = self._ids(len(rows))
        constants = self._constants()
        full = [(pk, *row, *constants) for pk, row in zip(ids, rows, strict=True)]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {qn(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in full:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {qn(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
                for start in range(0, len(full), BULK):
                    cursor.executemany(sql, full[start : start + BULK])
        return ids


class _Writer:
    def __init__(self, users: dict[str, int]):
        self.users = users
        self.persons = _Table(
            Person,
            (
                "council_id",
                "given_names",
                "family_name",
                "preferred_name",
                "date_of_birth",
                "expected_date_of_birth",
                "sex",
                "ethnicity",
                "first_language",
                "religion",
                "nhs_number",
                "upn",
                "school",
                "registered_gp",
                "restricted_area",
                "upn_unknown",
                "disability_codes",
            ),
        )
        self.names = _Table(PersonName, ("person", "kind", "given_names", "family_name", "used_from", "used_to"))
        self.identifiers = _Table(PersonIdentifier, ("person", "kind", "value", "source"))
        self.addresses = _Table(Address, ("person", "line_1", "line_2", "town", "postcode", "lived_from", "lived_to"))
        self.contacts = _Table(ContactDetail, ("person", "kind", "value"))
        self.relationships = _Table(
            Relationship, ("from_person", "to_person", "kind", "started_on", "ended_on", "note")
        )
        self.households = _Table(Household, ("name",))
        self.members = _Table(HouseholdMember, ("household", "person", "joined_on", "left_on"))
        self.involvements = _Table(Involvement, ("user", "person", "kind", "service", "started_on", "ended_on"))

    def write(self, batch: Batch) -> list[int]:
        ids = self.persons.insert(
            [
                (
                    p.council_id,
                    p.given_names,
                    p.family_name,
                    p.preferred_name,
                    p.date_of_birth,
                    p.expected_date_of_birth,
                    p.sex,
                    p.ethnicity,
                    p.first_language,
                    p.religion,
                    p.nhs_number,
                    p.upn,
                    p.school,
                    p.registered_gp,
                    p.restricted_area,
                    p.upn_unknown,
                    p.disability_codes,
                )
                for p in batch.persons
            ]
        )
        pk = {spec.key: i for spec, i in zip(batch.persons, ids, strict=True)}
        self.names.insert(
            [(pk[n.person], n.kind, n.given_names, n.family_name, n.used_from, n.used_to) for n in batch.names]
        )
        self.identifiers.insert([(pk[i.person], i.kind, i.value, i.source) for i in batch.identifiers])
        self.addresses.insert(
            [(pk[a.person], a.line_1, a.line_2, a.town, a.postcode, a.lived_from, a.lived_to) for a in batch.addresses]
        )
        self.contacts.insert([(pk[c.person], c.kind, c.value) for c in batch.contacts])
        self.relationships.insert(
            [
                (pk[r.from_person], pk[r.to_person], r.kind, r.started_on, r.ended_on, r.note)
                for r in batch.relationships
            ]
        )
        household_ids = self.households.insert([(h.name,) for h in batch.households])
        self.members.insert(
            [
                (household, pk[m.person], m.joined_on, m.left_on)
                for spec, household in zip(batch.households, household_ids, strict=True)
                for m in spec.members
            ]
        )
        users = self.users
        self.involvements.insert(
            [(users[i.username], pk[i.person], i.kind, i.service, i.started_on, i.ended_on) for i in batch.involvements]
        )
        return ids
