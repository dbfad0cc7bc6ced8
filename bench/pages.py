"""Server time of the pages a worker opens most, on the demo council scaled up.

Run on demand (never in the test suite), against a PostgreSQL database whose name contains
"bench", already seeded with `seed_demo` (e.g. 100,000 children):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jigsaw_demo_bench \
        .venv/bin/python bench/pages.py --requests 40

It adds what the scenario needs if it is missing (a child with 1,000 chronology entries, a
worker with 30 cases, a team of 300), then times real requests through Django's test client
(URL routing, middleware, access policy, audit writes, template rendering: everything the
server does, without the network). Prints p50/p95 per page and the machine.
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("JIGSAW_DEMO_MODE", "false")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
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
    print(
        f"{people:,} people in {name}; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'n':>4}")
    for label, user, path in pages:
        c = client_for(user)
        for _ in range(3):  # warm caches as a running server would have them
            assert c.get(path).status_code == 200, (label, path)
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = c.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(f"{label:32} {statistics.median(times):8.1f} {p95:8.1f} {len(times):4}")


if __name__ == "__main__":
    main()
