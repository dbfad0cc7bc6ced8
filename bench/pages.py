"""Server time of the pages a worker opens most, on the demo council scaled up.

Run on demand (never in the test suite). The first run makes the PostgreSQL database
(`jigsaw_demo_bench`, 100,000 children: about 5 minutes) and later runs reuse it:

    .venv/bin/python bench/pages.py                      # 100,000 children, 40 requests a page
    .venv/bin/python bench/pages.py --quick              # 5,000 children (jigsaw_demo_bench_quick), 15 requests
    .venv/bin/python bench/pages.py --quick --profile    # queries per page and where the time goes

`--database-url` names another database (its name must contain "bench"). It adds what the
scenario needs if it is missing (a child with 1,000 chronology entries, a worker with 30
cases, a team of 300), then times real requests through Django's test client (URL routing,
middleware, access policy, audit writes, template rendering: everything the server does,
without the network). Prints p50/p95 per page, the queries per request, the machine and
its load average (timings on a shared machine are upper bounds).
"""

import argparse
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("JIGSAW_DEMO_MODE", "false")
# As in production: templates are not re-read from disk on every render, queries not logged.
os.environ.setdefault("DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at")  # static files are not served here

SERVER = "postgres://postgres@127.0.0.1:5432/"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it is not there yet (connecting to `postgres`)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            print(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def seed_once(*, children: int) -> None:
    """Migrate, and seed the demo council (with its casework) unless it is already there."""
    from django.core.management import call_command

    from jigsaw.demo.seed import demo_council

    call_command("migrate", verbosity=0)
    if demo_council() is None:
        from django.utils import timezone

        from jigsaw.demo.casework import seed_casework, seed_service_areas

        print(f"Seeding the demo council with {children:,} children (once; about 5 minutes for 100,000)")
        started = time.perf_counter()
        call_command("seed_demo", children=children, no_casework=True, verbosity=1)
        today = timezone.localdate()
        seed_casework(seed=1, as_of=today, per_stage=4)
        try:  # the other service areas' cases make the child's page realistic, but are not needed here
            seed_service_areas(seed=1, as_of=today, per_stage=4)
        except Exception as error:  # report and go on: the four pages do not depend on them
            print(f"Skipped the other service areas' demo cases: {error!r}")
        print(f"Seeded in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5,000 children and 15 requests a page")
    parser.add_argument("--requests", type=int, default=None, help="timed requests a page (default 40; 15 quick)")
    parser.add_argument("--children", type=int, default=None, help="children to seed (default 100,000; 5,000 quick)")
    parser.add_argument("--database-url", default=None, help="default jigsaw_demo_bench (jigsaw_demo_bench_quick)")
    parser.add_argument("--profile", action="store_true", help="print where the time of one request goes")
    parser.add_argument("--page", action="append", default=[], help="only the pages whose label contains this")
    args = parser.parse_args()
    requests = args.requests or (15 if args.quick else 40)
    children = args.children or (5_000 if args.quick else 100_000)
    url = args.database_url or os.environ.get("DATABASE_URL")
    if not url or "bench" not in url:
        url = SERVER + ("jigsaw_demo_bench_quick" if args.quick else "jigsaw_demo_bench")
    if "bench" not in urlsplit(url).path:
        sys.exit("Use a PostgreSQL database whose name contains 'bench' (see the docstring).")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)

    import django

    django.setup()
    seed_once(children=children)
    from django.conf import settings
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jigsaw.access.choices import Role
    from jigsaw.access.models import Involvement, Team, User
    from jigsaw.chronology.models import ChronologyEntry
    from jigsaw.chronology.services import chronology_record
    from jigsaw.people.models import Person

    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "postgresql" or "bench" not in str(name):
        sys.exit("Run against a PostgreSQL database whose name contains 'bench' (see the docstring).")
    settings.ALLOWED_HOSTS = ["*"]

    people = Person.objects.count()
    worker = User.objects.filter(role=Role.SOCIAL_WORKER, agency__kind="csc").order_by("pk").first()
    manager = User.objects.filter(role=Role.TEAM_MANAGER).order_by("pk").first()
    team, _ = Team.objects.get_or_create(name="Bench: big team", agency=manager.agency)
    manager.team = team
    manager.save(update_fields=["team"])

    # A worker with 30 cases.
    cases = list(
        Person.objects.filter(restricted_area="", merged_into__isnull=True)
        .exclude(involvements__user=worker)
        .order_by("pk")[:30]
    )
    have = Involvement.objects.filter(user=worker, ended_on__isnull=True).count()
    Involvement.objects.bulk_create(
        [
            Involvement(user=worker, person=p, kind="allocated", service="Child in need")
            for p in cases[: max(0, 30 - have)]
        ]
    )
    # A team of 300 workers, each with a case.
    members = User.objects.filter(team=team).count()
    if members < 300:
        base = User.objects.filter(username__startswith="bench_member").count()
        new = [
            User(
                username=f"bench_member{base + i}",
                full_name=f"Bench Member {base + i}",
                role=Role.SOCIAL_WORKER,
                agency=manager.agency,
                team=team,
            )
            for i in range(300 - members)
        ]
        User.objects.bulk_create(new)
        pool = list(Person.objects.filter(restricted_area="").order_by("-pk")[: len(new)])
        Involvement.objects.bulk_create(
            [
                Involvement(user=u, person=p, kind="allocated", service="Child in need")
                for u, p in zip(User.objects.filter(team=team), pool, strict=False)
            ]
        )
    # A child with 1,000 chronology entries.
    child = cases[0] if cases else Involvement.objects.filter(user=worker).first().person
    existing = ChronologyEntry.objects.filter(person=child).count()
    for i in range(existing, 1000):
        chronology_record(
            person=child,
            occurred_on=dt.date(2020, 1, 1) + dt.timedelta(days=i * 2),
            kind="note",
            summary=f"Bench entry {i}: home visit, child seen alone, school attendance discussed",
            significance=("low", "standard", "high", "critical")[i % 4],
        )

    # Fresh planner statistics, as autovacuum would have them on a running server: bulk-loaded
    # tables have none, and without them PostgreSQL scans whole tables for one child's rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def client_for(user: User) -> Client:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        c = Client()
        c.force_login(user)
        s = c.session
        s[DEVICE_ID_SESSION_KEY] = device.persistent_id
        s.save()
        return c

    pages = [
        ("child's page", worker, f"/people/{child.pk}/"),
        ("chronology (1,000 entries)", worker, f"/chronology/{child.pk}/"),
        ("my work (30 cases)", worker, "/"),
        ("team view (300 workers)", manager, "/"),
        (
            "search (name + rough DOB)",
            worker,
            f"/people/?name={child.given_names}+{child.family_name}&dob={child.date_of_birth.year if child.date_of_birth else ''}",
        ),
    ]
    if args.page:
        pages = [p for p in pages if any(f in p[0] for f in args.page)]
    print(
        f"{people:,} people in {name}; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'n':>4} {'queries':>8} {'KB':>6}")
    profiles = []
    # Each request would empty the query log that counts its queries.
    request_started.disconnect(reset_queries)
    for label, user, path in pages:
        c = client_for(user)
        for _ in range(3):  # warm caches as a running server would have them
            assert c.get(path).status_code == 200, (label, path)
        with CaptureQueriesContext(connection) as captured:
            size = len(c.get(path).content) // 1024
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = c.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(f"{label:32} {statistics.median(times):8.1f} {p95:8.1f} {len(times):4} {len(captured):8} {size:6}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            c.get(path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(
                os.environ.get("BENCH_FILTER", ""), 25
            )
            sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]
            text = "\n".join(f"{float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}" for q in slowest)
            profiles.append((label, sql_ms, text + "\n" + out.getvalue()))
    print(f"load average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for label, sql_ms, text in profiles:
        print(f"\n=== {label}: {sql_ms:.0f} ms of SQL in one request ===")
        print(text)


if __name__ == "__main__":
    main()
