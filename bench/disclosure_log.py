"""The disclosure log's write: what logging one disclosure adds to the request that shares.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jigsaw_bench_governance \\
        .venv/bin/python bench/disclosure_log.py --writes 2000

Issue 12 §6: the disclosure log adds no more than 5 ms to the request that writes it. Times
`disclosure_record` (one INSERT, each in its own transaction as a request's would be) and
`disclosures_record` for minutes about three children (one multi-row INSERT), with the log
already holding `--existing` rows, and prints the median, 95th centile and worst. Figures go
in docs/benchmarks.md. Run on demand only; never part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import migrate, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jigsaw_bench_governance"


def _summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return (
        f"{name}: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, worst {times[-1]:.2f} ms (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--existing", type=int, default=200_000, help="rows already in the log")
    args = parser.parse_args()
    setup_django(
        "postgres" if "postgres" in os.environ.get("DATABASE_URL", DEFAULT_URL) else "sqlite",
        os.environ.get("DATABASE_URL", DEFAULT_URL),
    )
    migrate()
    from django.db import connection, transaction
    from django.utils import timezone

    from jigsaw.people.models import Person
    from jigsaw.records.disclosures import DisclosureRoute, disclosure_record, disclosures_record
    from jigsaw.records.models import Disclosure

    Disclosure.objects.all()._raw_delete(Disclosure.objects.db)
    people = list(Person.objects.order_by("pk")[:3])
    while len(people) < 3:
        people.append(
            Person.objects.create(council_id=f"BENCH{len(people):05d}", given_names="Bench", family_name="Child")
        )
    ids = [p.pk for p in people]
    # A log that has been written for a while: the insert must not slow as it grows (one index).
    now = timezone.now()
    batch = [
        Disclosure(occurred_at=now, person_id=ids[i % 3], route=DisclosureRoute.EMAIL_NOTICE, what="Plan started")
        for i in range(args.existing)
    ]
    Disclosure.objects.bulk_create(batch, batch_size=5000)

    one: list[float] = []
    for i in range(args.writes):
        start = time.perf_counter()
        with transaction.atomic():
            disclosure_record(
                person_id=ids[i % 3],
                route=DisclosureRoute.PDF_DOWNLOAD,
                what="Chronology (PDF)",
                recipient_name="A social worker",
                recipient_email="worker@council.example",
                recipient_agency="Children's services",
                purpose="Downloaded by a user of Jigsaw",
            )
        one.append((time.perf_counter() - start) * 1000)
    # Inside a request's (or a send's) own transaction: what the call adds before that commit,
    # which the request makes anyway.
    inside: list[float] = []
    with transaction.atomic():
        for i in range(args.writes):
            start = time.perf_counter()
            disclosure_record(
                person_id=ids[i % 3],
                route=DisclosureRoute.EMAIL_NOTICE,
                what="Child protection plan started",
                recipient_email="ppu@police.example",
                recipient_agency="Police",
                purpose="Plan notification",
            )
            inside.append((time.perf_counter() - start) * 1000)
    three: list[float] = []
    for _ in range(args.writes):
        start = time.perf_counter()
        with transaction.atomic():
            disclosures_record(person_ids=ids, route=DisclosureRoute.MINUTES_SENT, what="Minutes of a core group")
        three.append((time.perf_counter() - start) * 1000)
    print(f"{connection.vendor}, {args.existing:,} rows already in the log, load average {os.getloadavg()[0]:.1f}")
    print(_summary("one disclosure in its own transaction (INSERT and COMMIT)", one))
    print(_summary("one disclosure inside the caller's transaction (the INSERT alone)", inside))
    print(_summary("minutes about three children (one INSERT of three rows)", three))


if __name__ == "__main__":
    main()
