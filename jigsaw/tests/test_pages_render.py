"""Every page a user can reach in the demo council renders as a person should read it (issue 10 §5).

The demo council (seed_demo, with its casework: children at every stage, in every area) is
walked by users of several roles: the front page of every URL pattern without parameters, then
every same-site link each page shows, a few of each URL pattern (so a page added later is walked
too, and the walk stays short). Each HTML page must not show
- an undefined name: the test settings make printing one fail (`UndefinedShownFails`), which
  is how "{{ no such element: dict object['text'] }}" reached tables' action cells;
- markup as text (`&lt;a `, `&lt;span`: a string joined with markup, then escaped);
- a date written 04/12/2026 (Jigsaw writes 4 December 2026);
- a link that answers this user 403: a link shown must be one the user may follow.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections import defaultdict, deque
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from jinja2 import UndefinedError

from jigsaw.access.models import User
from jigsaw.tests.test_restricted_invisible import NOT_FOLLOWED, sign_in, url_routes

AS_OF = dt.date(2026, 11, 20)  # a Friday
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
# The demo users (their user names are their roles) whose pages are walked: between them they
# reach every service area, a partner's and a manager's view included.
WALKERS = (
    "social_worker",
    "team_manager",
    "partner_practitioner",
    "cp_chair_iro",
    "lado_officer",
    "channel_chair",
    "fgc_coordinator",
    "youth_justice_officer",
    "exploitation_missing",
)
PER_PATTERN = 2  # pages walked of each URL pattern, per user
NOT_WALKED = (*NOT_FOLLOWED, "/api/", "/account/sign-in", "/notifications/read")

_HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
_ESCAPED_TAG = re.compile(r"&lt;/?(?:a|abbr|br|button|code|div|dd|dl|dt|em|h[1-6]|li|p|span|strong|table|td|tr|ul)\b")
_SLASHED_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_TAG = re.compile(r"<[^>]*>")


# Where digits are the point: a hint showing what may be typed, a match told by its digits.
_DIGITS_MEANT = re.compile(
    r'<div[^>]*class="govuk-hint"[^>]*>.*?</div>|differs by one digit \(.*?\)|day and month swapped \(.*?\)', re.S
)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return _TAG.sub(" ", _DIGITS_MEANT.sub(" ", page))


def pattern_of(url: str) -> str | None:
    try:
        return resolve(url.split("?")[0]).route
    except Resolver404:
        return None


def walk_as(client: Client, who: str, start: list[str]) -> list[str]:
    """Every page this user reaches (a few per URL pattern); what is wrong, as a list."""
    problems: list[str] = []
    queue = deque(start)
    seen = set(start)
    status: dict[str, int] = {}
    shown_on: dict[str, str] = {}  # a link -> the first page that showed it
    per_pattern: dict[str | None, int] = defaultdict(int)
    while queue:
        url = queue.popleft()
        pattern = pattern_of(url)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        try:
            response = client.get(url)
        except UndefinedError as error:
            problems.append(f"{who} GET {url}: prints an undefined name ({error})")
            continue
        status[url] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{who} GET {url}: {response.status_code}")
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        for pattern_name, regex, text in (
            ("markup shown as text", _ESCAPED_TAG, page),
            ("a date as numbers", _SLASHED_DATE, visible_text(page)),
            ("an undefined name", re.compile(r"no such element|is undefined"), page),
        ):
            if found := regex.search(text):
                around = text[max(0, found.start() - 80) : found.end() + 40].replace("\n", " ")
                problems.append(f"{who} GET {url}: {pattern_name}: …{around}…")
        for link in _HREF.findall(page):
            link = html.unescape(link)
            if link.startswith(NOT_WALKED):
                continue
            shown_on.setdefault(link, url)  # menu links too, though walked from the start
            if link not in seen:
                seen.add(link)
                queue.append(link)
    # A link shown must be one the user may follow (of those walked: a sample of each pattern).
    problems += [
        f"{who} is shown {link} on {page} and gets 403" for link, page in shown_on.items() if status.get(link) == 403
    ]
    return problems


@pytest.fixture
def demo_council(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--children", "40", "--seed", "3", "--as-of", AS_OF.isoformat())
        yield


@pytest.fixture(autouse=True)
def quiet_refusals():
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def test_every_page_reads_as_a_person_should_read_it(demo_council):
    start = ["/" + r for r in url_routes() if "<" not in r and not r.startswith("api/")]
    problems: list[str] = []
    walked = 0
    for who in WALKERS:
        client = sign_in(User.objects.get(username=who))
        client.raise_request_exception = True
        found = walk_as(client, who, start)
        problems += found
        walked += 1
    assert walked == len(WALKERS)
    assert not problems, f"{len(problems)} faults:\n" + "\n".join(problems[:80])


def test_the_family_plans_remove_button_is_a_button_not_text(demo_council):
    """Found walking the family group conferences: "Remove" showed as escaped markup."""
    from jigsaw.fgc.models import FamilyPlan

    plan = FamilyPlan.objects.filter(items__isnull=False).distinct().first()
    assert plan is not None, "the demo council has a family's plan with lines in it"
    # The plan as it is still being written (the referrer has not decided yet): lines can be removed.
    FamilyPlan.objects.filter(pk=plan.pk).update(decision="", decided_on=None, decision_reasons="")
    client = sign_in(User.objects.get(username="fgc_coordinator"))
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/family-group-conferences/conferences/{plan.conference_id}/plan/").content.decode()
    item = plan.items.first()
    assert f'action="/family-group-conferences/plan-items/{item.pk}/remove/"' in page
    assert "&lt;form" not in page and "&lt;button" not in page
    assert page.count(">Remove<span") == plan.items.count()
