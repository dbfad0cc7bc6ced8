"""Server time of the figures' dashboards for a council of 10,000 children in need and 1,000
looked after (issue 13 §3: a dashboard page p95 at most 300 ms).

Run on demand (never in the test suite). The first run makes the PostgreSQL database
(`jigsaw_insights_bench`): the demo council's people (seed_demo, no casework), then, written
straight to the tables, 10,000 episodes of need, 1,000 children in care and 400 protection
plans spread over the last two years. Later runs reuse it:

    .venv/bin/python bench/bench_dashboards.py                 # 40 requests a page
    .venv/bin/python bench/bench_dashboards.py --requests 15

Times real requests through Django's test client (routing, middleware, access policy, audit
writes, the SVG charts, templates), as an analyst and as a team manager, and prints p50/p95 per
page, the queries per request, and the machine's load average (a shared machine: upper bounds).
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("JIGSAW_DEMO_MODE", "false")
os.environ.setdefault("DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at")

from bench.pages import SERVER, ensure_database  # noqa: E402

CHILDREN_IN_NEED = 10_000
LOOKED_AFTER = 1_000
PLANS = 400


def seed(today: dt.date) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from jigsaw.access.choices import Role
    from jigsaw.access.models import User
    from jigsaw.care.models import CareEpisode, PeriodOfCare
    from jigsaw.demo.seed import demo_council
    from jigsaw.frontdoor.models import Episode
    from jigsaw.meetings.models import Meeting
    from jigsaw.people.models import Person
    from jigsaw.protection.models import Conference, ProtectionPlan, Section47, StrategyDiscussion

    call_command("migrate", verbosity=0)
    if demo_council() is None:
        print("Seeding the demo council's people (once)")
        call_command("seed_demo", children=CHILDREN_IN_NEED + 2_000, no_casework=True, verbosity=0)
    if Episode.objects.count() >= CHILDREN_IN_NEED:
        return
    print(f"Adding {CHILDREN_IN_NEED:,} episodes of need, {LOOKED_AFTER:,} children in care, {PLANS} plans (once)")
    rng = random.Random(13)
    worker = User.objects.filter(role=Role.SOCIAL_WORKER).order_by("pk").first()
    taken = set(Episode.objects.values_list("person_id", flat=True))
    children = list(
        Person.objects.filter(restricted_area="", merged_into__isnull=True)
        .exclude(pk__in=taken)
        .exclude(date_of_birth__lt=today - dt.timedelta(days=17 * 365))
        .order_by("pk")
        .values_list("pk", flat=True)[:CHILDREN_IN_NEED]
    )
    needs = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N0"]
    sources = ["1A", "2A", "3A", "3B", "4", "5A", "6", "8", "9"]
    with transaction.atomic():
        episodes = []
        for pk in children:
            referred = today - dt.timedelta(days=rng.randint(0, 730))
            closed = None if rng.random() < 0.5 else min(today, referred + dt.timedelta(days=rng.randint(0, 300)))
            episodes.append(
                Episode(
                    person_id=pk,
                    referral_date=referred,
                    referral_source=rng.choice(sources),
                    primary_need=rng.choice(needs),
                    closure_date=closed,
                    closure_reason="RC7" if closed else "",
                    opened_by=worker,
                )
            )
        Episode.objects.bulk_create(episodes, batch_size=1000)
        open_episodes = list(Episode.objects.filter(person_id__in=children, closure_date__isnull=True)[: PLANS * 2])
        in_care = children[:LOOKED_AFTER]
        periods = []
        for pk in in_care:
            started = today - dt.timedelta(days=rng.randint(30, 900))
            periods.append(PeriodOfCare(person_id=pk, started_on=started, started_by=worker))
        PeriodOfCare.objects.bulk_create(periods, batch_size=1000)
        care_episodes = []
        for period in PeriodOfCare.objects.filter(person_id__in=in_care):
            days = (today - period.started_on).days
            moves = rng.choice([0, 0, 0, 1, 1, 2, 3])
            starts = sorted({period.started_on + dt.timedelta(days=rng.randint(1, days - 1)) for _ in range(moves)})
            starts = [period.started_on, *starts]
            for i, start in enumerate(starts):
                end = starts[i + 1] if i + 1 < len(starts) else None
                away = rng.random() < 0.25
                care_episodes.append(
                    CareEpisode(
                        period=period,
                        person_id=period.person_id,
                        started_on=start,
                        ended_on=end,
                        reason_ended="X1" if end else "",
                        reason_new="S" if i == 0 else "P",
                        legal_status=rng.choice(["C2", "C2", "V2", "E1"]),
                        category_of_need="N1",
                        placement_type=rng.choice(["U4", "U6", "U3", "K2"]),
                        placement_postcode="" if rng.random() < 0.02 else "NB1 2AB",
                        out_of_area=away,
                        host_council="Eastmoor Council" if away else "",
                        distance_miles=rng.randint(1, 80),
                        recorded_by=worker,
                    )
                )
        CareEpisode.objects.bulk_create(care_episodes, batch_size=1000)
        categories = ["NEG", "NEG", "EMO", "EMO", "PHY", "SAB"]
        for n, cin in enumerate(open_episodes[:PLANS]):
            started = max(cin.referral_date + dt.timedelta(days=20), today - dt.timedelta(days=rng.randint(20, 700)))
            started = min(started, today)
            strategy_on = started - dt.timedelta(days=14)

            def meeting(kind: str, day: dt.date) -> Meeting:
                at = dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)
                return Meeting.objects.create(kind=kind, title=kind, starts_at=at, convened_by=worker)

            strategy = StrategyDiscussion.objects.create(
                meeting=meeting("strategy_discussion", strategy_on),
                title="Strategy discussion",
                held_on=strategy_on,
                convened_by=worker,
                recorded_at=dt.datetime(strategy_on.year, strategy_on.month, strategy_on.day, 12, tzinfo=dt.UTC),
            )
            s47 = Section47.objects.create(
                episode=cin,
                person_id=cin.person_id,
                strategy_discussion=strategy,
                started_on=strategy_on,
                completed_on=started,
                outcome="icpc",
                icpc_needed=True,
            )
            category = categories[n % len(categories)]
            icpc = Conference.objects.create(
                meeting=meeting("icpc", started),
                episode=cin,
                person_id=cin.person_id,
                kind="initial",
                section_47=s47,
                convened_for=started,
                convened_by=worker,
                held_on=started,
                decision="plan",
                category=category,
                lead_practitioner=worker,
            )
            ended = started + dt.timedelta(days=rng.randint(90, 800)) if rng.random() < 0.4 else None
            ended = ended if ended and ended <= today else None
            ProtectionPlan.objects.create(
                episode=cin,
                person_id=cin.person_id,
                started_on=started,
                started_by_conference=icpc,
                initial_category=category,
                category=category,
                lead_practitioner=None if ended else worker,
                ended_on=ended,
                end_reason="review_decision" if ended else "",
                ended_by=worker if ended else None,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="default jigsaw_insights_bench")
    args = parser.parse_args()
    url = args.database_url or SERVER + "jigsaw_insights_bench"
    if "bench" not in urlsplit(url).path:
        sys.exit("Use a PostgreSQL database whose name contains 'bench'.")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jigsaw.access.choices import Role
    from jigsaw.access.models import User
    from jigsaw.insights import cohorts
    from jigsaw.insights.cohorts import Period

    today = timezone.localdate()
    seed(today)
    settings.ALLOWED_HOSTS = ["*"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    year = Period(today - dt.timedelta(days=364), today)
    print(
        f"{cohorts.children_in_need(year).count():,} children in need and "
        f"{cohorts.looked_after(year).count():,} looked after in the year to {today}; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )

    def client_for(role: str) -> Client:
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        c = Client()
        c.force_login(user)
        s = c.session
        s[DEVICE_ID_SESSION_KEY] = device.persistent_id
        s.save()
        return c

    analyst, manager = client_for(Role.ANALYST), client_for(Role.TEAM_MANAGER)
    query = f"?from={year.start.isoformat()}&to={year.end.isoformat()}"
    pages = [
        ("front door (analyst)", analyst, "/figures/front-door/" + query),
        ("child protection (analyst)", analyst, "/figures/child-protection/" + query),
        ("children in care (analyst)", analyst, "/figures/children-in-care/" + query),
        ("over time, 12 months (analyst)", analyst, "/figures/over-time/" + query),
        ("data quality (analyst)", analyst, "/figures/data-quality/" + query),
        ("front door (manager)", manager, "/figures/front-door/" + query),
        ("list: children in need (manager)", manager, "/figures/front-door/cin_in_period/" + query),
        ("download: child protection CSV", analyst, "/figures/child-protection/figures.csv" + query),
    ]
    # Wall time on a shared machine is mostly waiting for a core; the CPU time of this process
    # (Django's own work, without PostgreSQL's) and the SQL time of one request say where it goes.
    print(f"{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'CPU p95':>8} {'n':>4} {'queries':>8} {'SQL ms':>7} {'KB':>6}")
    request_started.disconnect(reset_queries)
    for label, c, path in pages:
        for _ in range(2):
            assert c.get(path).status_code == 200, (label, path)
        with CaptureQueriesContext(connection) as captured:
            size = len(c.get(path).content) // 1024
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        times, cpu = [], []
        for _ in range(args.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = c.get(path)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        times.sort()
        cpu.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        cpu95 = cpu[max(0, round(0.95 * len(cpu)) - 1)]
        print(
            f"{label:36} {statistics.median(times):8.1f} {p95:8.1f} {cpu95:8.1f} {len(times):4} {len(captured):8} "
            f"{sql_ms:7.0f} {size:6}"
        )
    print(f"load average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
