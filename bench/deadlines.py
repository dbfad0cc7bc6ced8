"""The deadline recomputation benchmark: N running clocks, then a new closure day.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jigsaw_bench_deadlines \\
        .venv/bin/python bench/deadlines.py --clocks 100000

Fills a dedicated database (its name must contain "bench"; it is emptied first) with
synthetic people and N open clocks spread over every registered rule and four months of
start dates, then times clock_recompute_all three ways: with nothing to move, after a
closure day is added in the middle of the range (most working-day clocks move), and after a
local rule's amount changes; and the worst case, every clock moved. Also times the "due soon and overdue" query the digest and
"My work" use. Prints the figures. Run on demand only; never part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import migrate, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jigsaw_bench_deadlines"
FIRST_START = dt.date(2026, 10, 1)
START_DAYS = 120  # start dates from 1 October 2026 to late January 2027
CLOSURE = dt.date(2026, 12, 16)  # a Wednesday in the middle of the range


def reset() -> None:
    from django.db import connection

    from jigsaw.people.models import Person
    from jigsaw.timescales.models import BankHoliday, Clock

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {Clock._meta.db_table}, {Person._meta.db_table}, {BankHoliday._meta.db_table} "
                "RESTART IDENTITY CASCADE"
            )
    else:
        for model in (Clock, Person, BankHoliday):
            model.objects.all()._raw_delete(model.objects.db)


def fill(clocks: int) -> None:
    """N open clocks: each person holds one clock of several rules (one running clock per rule and person)."""
    from jigsaw.people.models import Person
    from jigsaw.timescales.models import Clock
    from jigsaw.timescales.rules import all_rules, deadline_for

    rules = [rule.key for rule in all_rules()]
    people_needed = -(-clocks // len(rules))
    Person.objects.bulk_create(
        [Person(council_id=f"BD{i:07d}", given_names=f"Child{i}", family_name="Bench") for i in range(people_needed)],
        batch_size=5000,
    )
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    due_cache: dict[tuple[str, dt.date], dt.date] = {}
    batch: list[Clock] = []
    for n in range(clocks):
        person_id = person_ids[n % len(person_ids)]
        rule_key = rules[n // len(person_ids)]
        started_on = FIRST_START + dt.timedelta(days=(n * 7919) % START_DAYS)
        key = (rule_key, started_on)
        if key not in due_cache:
            due_cache[key] = deadline_for(rule_key, started_on)
        batch.append(Clock(rule_key=rule_key, person_id=person_id, started_on=started_on, due_on=due_cache[key]))
        if len(batch) == 10000:
            Clock.objects.bulk_create(batch)
            batch = []
    if batch:
        Clock.objects.bulk_create(batch)


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE timescales_clock")


def timed(label: str, func, repeat: int = 1):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    best = min(times)
    print(
        f"  {label}: {best:.2f} s" + (f" (median of {repeat}: {statistics.median(times):.2f} s)" if repeat > 1 else "")
    )
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clocks", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()

    db = "postgres" if args.url.startswith("postgres") else "sqlite"
    setup_django(db, args.url)
    from django.conf import settings
    from django.db import connection
    from django.db.models import F

    from jigsaw.timescales import calendar
    from jigsaw.timescales.clocks import clock_recompute_all
    from jigsaw.timescales.models import BankHoliday, Clock
    from jigsaw.timescales.selectors import due_soon_horizon

    migrate()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    reset()
    _, load_s = timed(f"load {args.clocks:,} open clocks", lambda: fill(args.clocks))
    analyze()

    moved_none, unchanged_s = timed(
        "recompute, nothing to move", lambda: clock_recompute_all(batch_size=args.batch_size)
    )
    assert moved_none == 0, moved_none

    # Straight into the table: the service would also queue a recomputation of its own.
    BankHoliday.objects.create(date=CLOSURE, name="Benchmark closure", kind="closure")
    calendar.calendar_cache_clear()
    moved_closure, closure_s = timed(
        f"recompute after a closure on {CLOSURE:%d %B %Y}", lambda: clock_recompute_all(batch_size=args.batch_size)
    )

    settings.JIGSAW_TIMESCALE_OVERRIDES = {"strategy_discussion": 2, "cp_visit": 15}
    moved_rule, rule_s = timed(
        "recompute after two local rules change", lambda: clock_recompute_all(batch_size=args.batch_size)
    )

    # The worst case: every running clock holds a stale due date (as after restoring a backup
    # taken before a calendar change), so every one of them is rewritten.
    Clock.objects.open().update(due_on=F("due_on") + dt.timedelta(days=1))
    moved_all, all_s = timed("recompute, every clock moved", lambda: clock_recompute_all(batch_size=args.batch_size))
    assert moved_all == args.clocks, moved_all

    today = dt.date(2027, 1, 11)
    horizon = due_soon_horizon(today)
    due, query_s = timed(
        "count due soon and overdue (indexed)",
        lambda: Clock.objects.open().filter(due_on__lte=horizon).count(),
        repeat=5,
    )

    print()
    print(f"{args.clocks:,} open clocks on {connection.vendor}, batch size {args.batch_size}:")
    print(f"  loaded in {load_s:.1f} s")
    print(f"  recompute, nothing to move: {unchanged_s:.2f} s")
    print(f"  recompute after a closure day: {closure_s:.2f} s, {moved_closure:,} clocks moved")
    print(f"  recompute after local rules change: {rule_s:.2f} s, {moved_rule:,} clocks moved")
    print(f"  recompute with every clock moved: {all_s:.2f} s, {moved_all:,} clocks moved")
    print(f"  due soon and overdue on {today:%d %B %Y}: {due:,} clocks, counted in {query_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
