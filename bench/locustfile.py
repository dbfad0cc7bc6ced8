"""Load test of the production shape (issue 15): practitioners on a Monday morning, with locust.

Against the plain-server shape (deploy/run-plain-server.sh: gunicorn + worker + scheduler, on
PostgreSQL) on the loopback address only:

    .venv/bin/pip install -r bench/requirements.txt
    JIGSAW_BENCH_USERS=social_worker.0001,social_worker.0002 \\
    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8615 \\
        --headless --users 50 --spawn-rate 10 --run-time 2m --csv bench/out/load

Each simulated practitioner signs in as one of the demo users (JIGSAW_BENCH_USERS, password
the demo's; the demo council must run with JIGSAW_DEMO_MODE on, so no second factor), finds
the children on their My work, and then, with think time, does the mix below. Partner API
reads need a token: JIGSAW_BENCH_API_TOKEN (manage.py or the Tokens screen).

Not yet in the mix (left, docs/benchmarks.md): recording a contact and convening a meeting
(multi-page forms). Refuses any host but the loopback address.
"""

from __future__ import annotations

import os
import random
import re
from datetime import date, timedelta
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

DEMO_PASSWORD = "jigsaw-demo-2026"  # noqa: S105 - the demo's published password (jigsaw/demo/generator.py)
USERS = [u for u in os.environ.get("JIGSAW_BENCH_USERS", "social_worker.0001").split(",") if u]
API_TOKEN = os.environ.get("JIGSAW_BENCH_API_TOKEN", "")
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Khan", "Patel", "Evans", "Thomas"]
PERSON_LINK = re.compile(r'href="/people/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_start.add_listener
def _loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"bench/locustfile.py sends traffic to the loopback address only, not {host!r}")


class Practitioner(HttpUser):
    wait_time = between(0.5, 2.0)  # think time: a practitioner reads before the next click

    def on_start(self) -> None:
        self.username = random.choice(USERS)
        page = self.client.get("/account/sign-in/", name="sign-in")
        token = CSRF.search(page.text)
        self.client.post(
            "/account/sign-in/",
            {
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign-in",
        )
        work = self.client.get("/", name="my work")
        self.children = list(dict.fromkeys(PERSON_LINK.findall(work.text))) or ["1"]

    def child(self) -> str:
        return random.choice(self.children)

    @task(4)
    def my_work(self) -> None:
        self.client.get("/", name="my work")

    @task(4)
    def search(self) -> None:
        self.client.get(f"/people/?name={random.choice(SURNAMES)}", name="search")

    @task(4)
    def child_page(self) -> None:
        self.client.get(f"/people/{self.child()}/", name="child's page")

    @task(3)
    def chronology(self) -> None:
        self.client.get(f"/chronology/{self.child()}/", name="chronology")

    @task(1)
    def add_chronology_entry(self) -> None:
        child = self.child()
        form = self.client.get(f"/chronology/{child}/add/", name="chronology entry (form)")
        token = CSRF.search(form.text)
        if form.status_code != 200 or token is None:
            return  # this worker may not add to this child's chronology: nothing to post
        day = date.today() - timedelta(days=random.randint(0, 30))
        self.client.post(
            f"/chronology/{child}/add/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "occurred_on-day": day.day,
                "occurred_on-month": day.month,
                "occurred_on-year": day.year,
                "summary": "Home visit: bench load test entry",
                "detail": "",
                "significance": "standard",
            },
            name="chronology entry (save)",
        )

    @task(2)
    def partner_api(self) -> None:
        if not API_TOKEN:
            return
        self.client.get(
            f"/api/v1/people/search?family_name={random.choice(SURNAMES)}&purpose=bench",
            headers={"Authorization": f"Token {API_TOKEN}"},
            name="API: people search",
        )
