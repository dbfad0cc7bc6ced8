"""Information governance benchmarks: a subject access pack, and the nightly retention run.

    .venv/bin/python bench/governance.py --people 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jigsaw_bench_governance .venv/bin/python bench/governance.py

1. A subject access pack for a child with 1,000 chronology entries over 10 years (a fifth of
   them naming someone in the family), 50 meetings with approved minutes, and a family of five:
   compiled (every section, mentions, redaction) and made into the PDF. Goal: under 30 s.
   Also: what linking mentions adds to writing one chronology entry.
2. The nightly retention run (`disposal_run`) over a council of N people (default 100,000),
   2 % of them past their date. Goal: under 5 minutes at 100,000.

The database's name must contain "bench" (it is filled, not emptied: use a fresh one). Run on
demand only; never part of the test suite. Prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import migrate, setup_django  # noqa: E402

TODAY = dt.date(2026, 12, 8)


def sar_pack(rng: random.Random) -> dict[str, float]:
    from django.utils import timezone

    from jigsaw.access.choices import Role
    from jigsaw.access.models import User
    from jigsaw.chronology.models import ChronologyEntry
    from jigsaw.chronology.services import chronology_record
    from jigsaw.meetings.models import Meeting, MeetingSubject, Minutes
    from jigsaw.people.models import Person, Relationship
    from jigsaw.subjectaccess.linking import link_mentions
    from jigsaw.subjectaccess.pack import compile_pack, pack_pdf
    from jigsaw.subjectaccess.services import request_log

    dpo = User.objects.create(username=f"bench-dpo-{rng.random()}", role=Role.DATA_PROTECTION_OFFICER, full_name="DPO")
    child = Person.objects.create(
        council_id=f"BS{rng.randrange(10**7):07d}",
        given_names="Ria",
        family_name="Bench",
        date_of_birth=TODAY.replace(year=TODAY.year - 12),
    )
    family = []
    for given, family_name in (("Mona", "Bench"), ("Carl", "Oxley"), ("Tess", "Bench"), ("Ivan", "Price")):
        person = Person.objects.create(
            council_id=f"BS{rng.randrange(10**7):07d}", given_names=given, family_name=family_name
        )
        Relationship.objects.create(from_person=person, to_person=child, kind="other")
        family.append(person)
    start = TODAY - dt.timedelta(days=3650)
    entries = []
    for i in range(1000):
        who = rng.choice(family)
        named = i % 5 == 0
        entries.append(
            ChronologyEntry(
                person=child,
                occurred_on=start + dt.timedelta(days=int(i * 3.65)),
                recorded_on=start + dt.timedelta(days=int(i * 3.65)),
                kind="note",
                summary=f"Visit {i}: "
                + (f"{who.given_names} {who.family_name} was present" if named else "seen alone"),
                detail="Ria talked about school and her friends. " * 8,
            )
        )
    made = ChronologyEntry.objects.bulk_create(entries)
    for entry in made:  # what the signal does at writing time, here after a bulk load
        link_mentions(record=entry, person_id=child.pk, texts=[entry.summary, entry.detail])
    for i in range(50):
        when = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=i * 73), dt.time(10)))
        meeting = Meeting.objects.create(
            kind=Meeting._meta.get_field("kind").choices[0][0], title=f"Review {i}", starts_at=when, convened_by=dpo
        )
        MeetingSubject.objects.create(meeting=meeting, person=child)
        Minutes.objects.create(
            meeting=meeting,
            text=f"Discussed progress. {family[0].given_names} attended. " * 20,
            drafted_by=dpo,
            drafted_at=when,
            approved_by=dpo,
            approved_at=when + dt.timedelta(days=1),
        )
    request = request_log(
        actor=dpo,
        person=child,
        requester_kind="self",
        requester_name="Ria",
        requester_address="By email",
        received_on=TODAY,
        identity_confirmed=True,
        identity_evidence="Passport",
        today=TODAY,
    )
    t0 = time.perf_counter()
    lines = compile_pack(request=request)
    t1 = time.perf_counter()
    data = pack_pdf(user=dpo, request=request)
    t2 = time.perf_counter()
    # Writing one entry with the mention-linking receiver on (through the service).
    t3 = time.perf_counter()
    for i in range(50):
        chronology_record(
            person=child, occurred_on=TODAY, kind="note", summary=f"Call {i} with Mona Bench", source=None
        )
    t4 = time.perf_counter()
    return {
        "items": len(lines),
        "compile_seconds": round(t1 - t0, 2),
        "compile_and_pdf_seconds": round(t2 - t0, 2),
        "pdf_bytes": len(data),
        "chronology_record_with_linking_ms": round((t4 - t3) / 50 * 1000, 1),
    }


def retention_run(people: int, rng: random.Random) -> dict[str, float]:
    from jigsaw.chronology.models import ChronologyEntry
    from jigsaw.people.models import Person
    from jigsaw.retention.services import disposal_run

    batch = []
    for i in range(people):
        old = rng.random() < 0.02
        age_days = rng.randint(26 * 365, 40 * 365) if old else rng.randint(0, 24 * 365)
        batch.append(
            Person(
                council_id=f"BR{i:08d}",
                given_names=f"Child{i}",
                family_name="Bench",
                date_of_birth=TODAY - dt.timedelta(days=age_days),
            )
        )
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    old = list(
        Person.objects.filter(
            council_id__startswith="BR", date_of_birth__lt=TODAY - dt.timedelta(days=26 * 365)
        ).values_list("pk", flat=True)
    )
    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                person_id=pk,
                occurred_on=TODAY - dt.timedelta(days=9000),
                recorded_on=TODAY - dt.timedelta(days=9000),
                kind="note",
                summary="Closed",
            )
            for pk in old
        ]
    )
    Person.objects.filter(council_id__startswith="BR").update(updated_at=dt.datetime(2012, 1, 1, tzinfo=dt.UTC))
    t0 = time.perf_counter()
    made = disposal_run(as_of=TODAY)
    t1 = time.perf_counter()
    again = disposal_run(as_of=TODAY)
    t2 = time.perf_counter()
    return {
        "people": Person.objects.count(),
        "listed": made.items.count() if made else 0,
        "run_seconds": round(t1 - t0, 2),
        "second_run_seconds": round(t2 - t1, 2),
        "second_run_same_batch": bool(made and again and made.pk == again.pk),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--skip-retention", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'bench' / 'data' / 'governance-bench.sqlite3'}"
    setup_django("sqlite" if url.startswith("sqlite") else "postgres", url)
    migrate()
    rng = random.Random(args.seed)
    result = {"date": TODAY.isoformat(), "load_average": os.getloadavg(), "sar_pack": sar_pack(rng)}
    if not args.skip_retention:
        result["retention_run"] = retention_run(args.people, rng)
    result["load_average_after"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
