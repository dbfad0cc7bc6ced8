"""Restricted records are invisible everywhere, on every page and API response (issue 9).

Restricted means invisible, not merely forbidden: an allegation against a member of staff
(LADO), a Channel case and a sealed adoption record must leave no trace for anyone outside
their team: no name, reference, id, text, date, count or "a record you cannot see".

The test builds a small council, then, inside a savepoint, the restricted records on top of
it, made by their own teams through the real services: two LADO referrals naming a child
(one about a new adult, one about her father, already in the index) with a meeting and a
police officer invited to one; a Channel referral of the same child, whose record stays open to
the index, and one of a new, restricted person, her brother; her sister, adopted, whose record is
sealed; and a social worker from an open team allocated to the sealed child.

With the restricted records there, everyone outside those teams
- crawls the service: every URL pattern without parameters (walked from the URL resolver,
  so a page added later is walked too) and the pages of the people involved who are open to
  the index, then every link and search form they show, and the API with a token;
- and one of them requests every URL pattern with every parameter filled in with every id of
  the people and restricted records involved (a restricted record's page must answer just as
  a record that does not exist).
The savepoint is then rolled back and everything is asked again in the same database
without the restricted records. The answers must be the same, once form tokens are set
aside: the restricted records changed nothing an outsider can see, whatever a page shows
(a person's history, family network, counts, lists, digests, PDFs, error pages). No answer
may contain a restricted record's names, council ids, references or distinctive text; every
URL of the restricted areas (/lado/, /channel/) answers exactly as a path that does not
exist; the deadline digest emails are compared the same way.

The restricted teams and the invited professional must still see their own records: checked
too, so the test cannot be passed by hiding everything.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import io
import logging
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from jigsaw.access.choices import AgencyKind, InvolvementKind, RestrictedArea, Role
from jigsaw.access.models import Involvement, User
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory, UserFactory
from jigsaw.people.models import Person
from jigsaw.people.services import household_join, person_create, relationship_add

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 18)  # a Wednesday
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=LONDON)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


# Synthetic people and text, made up for this test and distinctive, so that a leak is found.
LADO_SUBJECT = {"given_names": "Quillon", "family_name": "Brackenridge", "date_of_birth": dt.date(1983, 7, 19)}
LADO_EMPLOYER = "Kestrel Vale Academy"
LADO_TEXT = "Seen pushing a pupil against the sports hall wallbars after the Thursday swimming lesson"
LADO_EMPLOYER_2 = "Marshgate Rowing Club"
LADO_TEXT_2 = "Sent private messages to a junior rower asking to meet away from the boathouse"
CHANNEL_SUBJECT = {"given_names": "Thorvald", "family_name": "Ashgrove", "date_of_birth": dt.date(2010, 2, 27)}
CHANNEL_TEXT = "Drawing insignia copied from a proscribed group on his planner and quoting its leaflets"
CHANNEL_TEXT_2 = "Watching attack videos on a shared tablet and praising the attackers in form time"
SEALED_CHILD = {"given_names": "Ottoline", "family_name": "Fenwarren", "date_of_birth": dt.date(2021, 9, 14)}

# Users outside the restricted teams, one of each kind of view (exploitation workers and family
# group conference coordinators see what social workers see): each crawls the whole service.
OUTSIDERS = (
    "social_worker",
    "team_manager",
    "business_support",
    "cp_chair",
    "partner",
    "dpo",
    "youth_justice",
    "sysadmin",
)
# ... and this one also asks for every URL pattern with every id.
PROBER = "social_worker"


# The council -------------------------------------------------------------------------------------


@dataclass
class Council:
    users: dict[str, User]
    people: dict[str, Person]  # open to the index
    clients: dict[str, Client] = field(default_factory=dict)
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Restricted:
    ids: set[int]  # the ids of the restricted records, of every kind
    markers: list[str]  # what must never reach an outsider
    lado_case: Any
    channel_case: Any
    lado_subject: Person
    channel_subject: Person
    sealed_child: Person


def open_council() -> Council:
    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    yjs = AgencyFactory(name="Northbridge Youth Justice Service", kind=AgencyKind.YOUTH_JUSTICE)
    assessment = TeamFactory(agency=csc, name="Assessment")
    ppu = TeamFactory(agency=police, name="Public protection unit")

    def user(username: str, role: str, team: Any = assessment, agency: Any = csc, name: str = "") -> User:
        return UserFactory(
            username=username,
            role=role,
            agency=agency,
            team=team,
            full_name=name or username.replace("_", " ").capitalize(),
        )

    def restricted_team(name: str, area: str) -> Any:
        return TeamFactory(agency=csc, name=name, restricted_area=area)

    users = {
        "social_worker": user("social_worker", Role.SOCIAL_WORKER, name="Bronwen Tarrant"),
        "team_manager": user("team_manager", Role.TEAM_MANAGER, name="Idris Calloway"),
        "business_support": user("business_support", Role.BUSINESS_SUPPORT),
        "cp_chair": user("cp_chair", Role.CP_CHAIR_IRO),
        "partner": user("partner", Role.PARTNER_PRACTITIONER, ppu, police, name="PC Jo Varley"),
        "dpo": user("dpo", Role.DATA_PROTECTION_OFFICER),
        "exploitation": user("exploitation", Role.EXPLOITATION_MISSING),
        "fgc": user("fgc", Role.FGC_COORDINATOR),
        "youth_justice": user("youth_justice", Role.YOUTH_JUSTICE_OFFICER, TeamFactory(agency=yjs, name="YOT"), yjs),
        "sysadmin": user("sysadmin", Role.SYSTEM_ADMINISTRATOR),
        # In the manager's team; allocated to the sealed child (with the restricted records).
        "social_worker_2": user("social_worker_2", Role.SOCIAL_WORKER, name="Petra Lindqvist"),
        # The restricted teams.
        "lado": user("lado", Role.LADO_OFFICER, restricted_team("LADO", RestrictedArea.LADO), name="Grace Whitfield"),
        "channel": user(
            "channel",
            Role.CHANNEL_CHAIR,
            restricted_team("Channel panel", RestrictedArea.CHANNEL),
            name="Morgan Ellery",
        ),
        "adoption": user(
            "adoption", Role.SOCIAL_WORKER, restricted_team("Adoption", RestrictedArea.SEALED), name="Rosalind Achter"
        ),
        # Invited to one LADO case.
        "invited": user("invited", Role.PARTNER_PRACTITIONER, ppu, police, name="DC Sam Hollis"),
    }
    sw = users["social_worker"]

    def person(**data: Any) -> Person:
        return person_create(actor=sw, data=data)

    people = {
        # Named in both allegations, referred to Channel (her record stays open to the index),
        # sister of the sealed child and of the Channel subject.
        "child": person(given_names="Amelia", family_name="Rowntree", date_of_birth=dt.date(2013, 3, 2), sex="F"),
        # Her mother: also the Channel subject's mother and the sealed child's birth mother.
        "mother": person(given_names="Dawn", family_name="Rowntree", date_of_birth=dt.date(1988, 1, 9), sex="F"),
        # Her father, in the index, and the subject of a LADO referral.
        "father": person(given_names="Terence", family_name="Oakhurst", date_of_birth=dt.date(1979, 5, 30), sex="M"),
    }
    relationship_add(actor=sw, from_person=people["mother"], to_person=people["child"], kind="parent")
    relationship_add(actor=sw, from_person=people["father"], to_person=people["child"], kind="parent")
    household_join(actor=sw, person=people["child"], with_person=people["mother"], joined_on=dt.date(2013, 3, 2))
    for p in people.values():
        Involvement.objects.create(
            user=sw, person=p, kind=InvolvementKind.ALLOCATED, service="Child in need", started_on=days_ago(30)
        )
        Involvement.objects.create(
            user=users["partner"], person=p, kind=InvolvementKind.INVITED, started_on=days_ago(30)
        )
    # Something due, so that the social worker and her manager get a deadline digest either way.
    from jigsaw.timescales.clocks import clock_start

    clock_start(rule_key="strategy_discussion", person=people["child"], started_on=TODAY)
    return Council(users=users, people=people)


def restricted_records(council: Council) -> Restricted:
    """The restricted records, made by their own teams through the real services."""
    from jigsaw.allegations import services as lado_services
    from jigsaw.allegations.choices import Capacity, Engagement, HarmTest, Sector
    from jigsaw.channel import services as channel_services
    from jigsaw.channel.choices import FACTORS, ConsentFrom, Decision, Rating
    from jigsaw.chronology.models import ChronologyEntry
    from jigsaw.chronology.services import chronology_record
    from jigsaw.meetings.models import Meeting
    from jigsaw.timescales.models import Clock

    users, people = council.users, council.people
    lado, chair, adoption = users["lado"], users["channel"], users["adoption"]
    open_clocks = list(Clock.objects.values_list("pk", flat=True))

    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    lado_services.duty_week_set(
        actor=lado, week_start=monday, officers={monday + dt.timedelta(days=n): lado for n in range(5)}
    )
    referral = {
        "actor": lado,
        "received_at": at(TODAY, 9),
        "referrer_name": "Helen Marsh",
        "referrer_organisation": "Ferry Road Primary School",
        "referrer_role": "Headteacher",
        "employer_sector": Sector.EDUCATION,
        "subject_role": "PE teacher",
        "engagement": Engagement.PAID,
        "employer_aware_on": days_ago(1),
        "harm_tests": [HarmTest.HARMED],
    }
    # About an adult whose record is open to the index: its clocks run on his record.
    case_2 = lado_services.referral_record(
        **referral,
        employer_name=LADO_EMPLOYER_2,
        allegation=LADO_TEXT_2,
        subject=people["father"],
        children=[people["child"]],
    )
    case = lado_services.referral_record(
        **referral,
        employer_name=LADO_EMPLOYER,
        allegation=LADO_TEXT,
        new_subject=LADO_SUBJECT,
        children=[people["child"]],
    )
    lado_services.allegation_invite(actor=lado, allegation=case, user=users["invited"], capacity=Capacity.POLICE)
    lado_services.allegation_meeting_convene(actor=lado, allegation=case, starts_at=at(TODAY + dt.timedelta(days=2)))

    received = {"received_from": "Counter-terrorism policing (gateway assessment)", "received_on": days_ago(40)}
    channel_case = channel_services.case_refer(
        actor=chair, person=people["child"], concern_type="extreme_right_wing", concerns=CHANNEL_TEXT, **received
    )
    channel_case_2 = channel_services.case_refer_new_person(
        actor=chair, person_data=CHANNEL_SUBJECT, concern_type="islamist", concerns=CHANNEL_TEXT_2, **received
    )
    channel_subject = channel_case_2.person
    relationship_add(actor=chair, from_person=people["mother"], to_person=channel_subject, kind="parent")
    panel = channel_services.panel_convene(actor=chair, starts_at=at(days_ago(20)), location="Civic Centre")
    for c in (channel_case, channel_case_2):
        channel_services.consent_record(
            actor=chair,
            case=c,
            status="given",
            recorded_on=days_ago(35),
            consent_from=ConsentFrom.PARENTAL_RESPONSIBILITY,
            given_by_name="A parent",
            capacity_considered=True,
        )
        channel_services.assessment_record(
            actor=chair,
            case=c,
            assessed_on=days_ago(30),
            ratings={f.code: (Rating.MEDIUM, f"Seen by the school: {f.label.lower()}") for f in FACTORS},
            summary="Susceptible",
        )
        review = channel_services.panel_case_add(actor=chair, meeting=panel, case=c)
        channel_services.panel_decision_record(actor=chair, review=review, decision=Decision.ADOPT, reasons="Agreed")

    born = SEALED_CHILD["date_of_birth"]
    sealed = person_create(actor=adoption, data={**SEALED_CHILD, "sex": "F"}, restricted_area=RestrictedArea.SEALED)
    relationship_add(actor=adoption, from_person=people["mother"], to_person=sealed, kind="parent", started_on=born)
    relationship_add(actor=adoption, from_person=people["child"], to_person=sealed, kind="sibling", started_on=born)
    household_join(actor=adoption, person=sealed, with_person=people["mother"], joined_on=born)
    for p, summary in ((sealed, "Adoption order made"), (people["child"], "Her sister was adopted")):
        chronology_record(
            person=p,
            occurred_on=days_ago(10),
            kind="adoption_order",
            summary=summary,
            recorded_by=adoption,
            restricted_area=RestrictedArea.SEALED,
        )
    # The adoption worker, and a social worker from an open team (whose manager must not see it).
    for user, service in ((adoption, "Adoption"), (users["social_worker_2"], "Adoption support")):
        Involvement.objects.create(
            user=user, person=sealed, kind=InvolvementKind.ALLOCATED, service=service, started_on=days_ago(10)
        )

    restricted_people = [case.subject, channel_subject, sealed]
    open_people = list(people.values())
    restricted_meetings = Meeting.objects.exclude(restricted_area="")
    ids = {p.pk for p in restricted_people} | {c.pk for c in (case, case_2, channel_case, channel_case_2)}
    ids |= set(restricted_meetings.values_list("pk", flat=True))
    ids |= set(case.access.values_list("pk", flat=True))
    for c in (channel_case, channel_case_2):
        ids |= set(c.assessments.values_list("pk", flat=True)) | set(c.panel_reviews.values_list("pk", flat=True))
    # Deadlines and chronology entries are many: one of each area's, on people open to the index.
    clocks = Clock.objects.exclude(pk__in=open_clocks)
    for area_rows in (
        clocks.filter(person__in=open_people, rule_key__startswith="lado"),
        clocks.filter(person__in=open_people).exclude(rule_key__startswith="lado"),
        clocks.filter(person__in=restricted_people),
        ChronologyEntry.objects.filter(person__in=open_people, restricted_area=RestrictedArea.LADO),
        ChronologyEntry.objects.filter(person__in=open_people, restricted_area=RestrictedArea.CHANNEL),
        ChronologyEntry.objects.filter(person__in=open_people, restricted_area=RestrictedArea.SEALED),
    ):
        first = area_rows.order_by("pk").first()
        assert first is not None
        ids.add(first.pk)

    markers = [case.reference, case_2.reference, LADO_EMPLOYER, LADO_TEXT, LADO_EMPLOYER_2, LADO_TEXT_2]
    markers += [CHANNEL_TEXT, CHANNEL_TEXT_2, "A record you cannot see", "cannot see this record"]
    for p in restricted_people:
        markers += [p.council_id, p.given_names, p.family_name]
        markers += [f"{p.date_of_birth.day} {p.date_of_birth:%B %Y}", p.date_of_birth.isoformat()]
    return Restricted(
        ids=ids,
        markers=sorted(set(markers)),
        lado_case=case,
        channel_case=channel_case,
        lado_subject=case.subject,
        channel_subject=channel_subject,
        sealed_child=sealed,
    )


# Walking the service -----------------------------------------------------------------------------

# Django's own admin is for staff accounts, and no one here is staff (checked below).
# /metrics/ is the operator's (loopback or token only): its request counters change with every
# page walked, so two walks never match; it counts no restricted team's work (core/metrics.py).
NOT_WALKED = ("django-admin/", "metrics/")
# Values for text parameters: what the project's take (a person's detail, a rota week), and one more.
TEXT_VALUES = ("address", "2026-11-16", "x")
ABSENT = 987654  # an id no record has
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_LINK = re.compile(r'(?:href|action)="(/[^"#]*)')
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_TEXT_INPUT = re.compile(r'<input\b(?![^>]*type="(?:hidden|submit|checkbox|radio)")[^>]*\bname="([^"]+)"', re.I)
NOT_FOLLOWED = ("/static/", "/account/sign-out/", "/django-admin/")
CRAWL_LIMIT = 400  # pages per user: far more than the council has (a manager reaches every figure)
FILTERED_PAGES_PER_KIND = 3  # filtered pages walked of each pattern and set of query names


def url_routes() -> list[str]:
    """Every URL pattern of the project, as a route with its <converter:name> parameters."""

    def walk(resolver: URLResolver, prefix: str) -> Iterator[str]:
        for p in resolver.url_patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p, route)
            elif isinstance(p, URLPattern):
                yield route

    return sorted({r for r in walk(get_resolver(), "") if not r.startswith(NOT_WALKED)})


def fill(route: str, ids: list[int]) -> list[str]:
    """The route with its parameters filled in every way: ids for numbers, TEXT_VALUES for text."""
    urls, pos = [""], 0
    for m in _PARAM.finditer(route):
        values = [str(i) for i in ids] if m["converter"] == "int" else list(TEXT_VALUES)
        urls = [u + route[pos : m.start()] + v for u in urls for v in values]
        pos = m.end()
    return ["/" + u + route[pos:] for u in urls]


_VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]+')


def normalised(response: Any) -> str:
    """What the user receives: status, where a redirect goes, and the body (a PDF by its digest:
    the same bytes with and without the restricted records cannot tell of them; if they differ,
    pdf_text compares what the two PDFs say)."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        body = "PDF " + hashlib.sha256(response.content).hexdigest()
        PDFS[body] = response.content
    else:
        body = _VOLATILE.sub(r"\1…", response.content.decode(errors="replace"))
    return f"{response.status_code} {response.get('Location', '')}\n{body}"


PDFS: dict[str, bytes] = {}


def pdf_text(answer: str) -> str:
    """An answer with its PDF (if any) as the text it shows."""
    status, _, body = answer.partition("\n")
    if body not in PDFS:
        return answer
    from pypdf import PdfReader

    return status + "\n" + "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(PDFS[body])).pages)


@dataclass
class Walk:
    answers: dict[tuple[str, str], str] = field(default_factory=dict)
    order: list[tuple[str, str]] = field(default_factory=list)

    def get(self, council: Council, who: str, url: str) -> str:
        headers = council.tokens[who] if url.startswith("/api/") else {}
        answer = normalised(council.clients[who].get(url, **headers))
        self.answers[(who, url)] = answer
        self.order.append((who, url))
        return answer


def searches_in(page: str, url: str, word: str) -> list[str]:
    """The page's search forms (method GET), with every text box filled in with the word."""
    out = []
    for attributes, body in _FORM.findall(page):
        if re.search(r'method="post"', attributes, re.I):
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        target = html.unescape(action[1]) if action and action[1] else url.split("?")[0]
        names = sorted(set(_TEXT_INPUT.findall(body)))
        if target.startswith("/") and names:
            out.append(f"{target}?{urlencode(dict.fromkeys(names, word))}")
    return out


def query_pattern(url: str) -> tuple[str, tuple[str, ...]] | None:
    """A page with a query string, as its URL pattern and the names it sets (None: no query)."""
    from django.urls import Resolver404, resolve

    path, _, query = url.partition("?")
    if not query:
        return None
    try:
        route = resolve(path).route
    except Resolver404:
        route = path
    return route, tuple(sorted({part.split("=")[0] for part in query.split("&")}))


def crawl(walk: Walk, council: Council, who: str, start: list[str], word: str) -> None:
    """Every page the user can reach from the start pages by links and search forms.

    Every page without a query string is walked (each record, list and form), but only a few
    of each kind of filtered page (the same pattern, the same query names): a list for each
    month, period and filter of a dashboard would multiply the walk many times over and show
    nothing the unfiltered page does not (a restricted child in any month's list is also in the
    counts on the dashboard itself, which is walked)."""
    queue, seen = deque(start), set(start)
    filtered: dict[tuple[str, tuple[str, ...]], int] = {}
    walked = 0
    while queue:
        url = queue.popleft()
        if (kind := query_pattern(url)) is not None and url not in start:
            filtered[kind] = filtered.get(kind, 0) + 1
            if filtered[kind] > FILTERED_PAGES_PER_KIND:
                continue
        walked += 1
        assert walked <= CRAWL_LIMIT, f"{who} reaches more than {CRAWL_LIMIT} pages: raise CRAWL_LIMIT"
        page = walk.get(council, who, url)
        found = [html.unescape(link) for link in _LINK.findall(page)]
        if "?" not in url:
            found += searches_in(page, url, word)
        for link in found:
            if link not in seen and not link.startswith(NOT_FOLLOWED):
                seen.add(link)
                queue.append(link)


def walk_the_service(
    council: Council, ids: list[int], words: list[str], outsiders: tuple[str, ...], probe: bool
) -> Walk:
    walk = Walk()
    routes = url_routes()
    open_ids = [p.pk for p in council.people.values()]
    start = ["/no-such-page/", "/lado/no-such-page/", "/channel/no-such-page/"]
    start += ["/" + r for r in routes if "<" not in r]
    start += [reverse("people:detail", args=[i]) for i in open_ids]
    start += [u for r in routes if r.startswith("api/") and "<" in r for u in fill(r, open_ids)]
    for who in outsiders:
        cache.clear()  # the API's rate limit counts per user and minute: each crawl starts afresh
        n = OUTSIDERS.index(who)
        crawl(walk, council, who, start, words[n % len(words)])  # each searches for one of the names
    if not probe:
        return walk
    # Every pattern with every id. An answer the same as for an id no record has tells nothing:
    # only the others are kept (to be asked again without the restricted records).
    for route in routes:
        if "<" not in route:
            continue
        absent = walk.get(council, PROBER, fill(route, [ABSENT])[0])
        for url in fill(route, ids):
            if (PROBER, url) not in walk.answers and walk.get(council, PROBER, url) == absent:
                del walk.answers[(PROBER, url)]
                walk.order.pop()
    return walk


def replay(council: Council, walk: Walk) -> Walk:
    """The same requests, in the same order, so that the audit log grows the same way."""
    again, last = Walk(), ""
    for who, url in walk.order:
        if who != last:
            cache.clear()
            last = who
        again.get(council, who, url)
    return again


def digests() -> dict[str, str]:
    """The deadline digest emails, by user name."""
    from jigsaw.timescales.digest import deadline_digest_send

    mail.outbox = []
    deadline_digest_send(for_date=TODAY)
    return {m.to[0].split("@")[0]: f"{m.subject}\n{m.body}" for m in mail.outbox}


def diff(before: str, after: str) -> str:
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    return "\n".join("      " + line for line in lines[2:12])


class _RollBack(Exception):
    pass


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def quiet_refusals():
    """Thousands of 403s and 404s are the point here, not each one's warning in the log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def sign_in(user: User) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def api_token(user: User) -> dict[str, str]:
    from jigsaw.access.policy import Action, can
    from jigsaw.api.services import api_token_issue

    if not can(user, Action.USE_API):
        return {}
    issued = api_token_issue(actor=None, user=user, name=f"Walk as {user.username}")
    return {"HTTP_AUTHORIZATION": f"Token {issued.secret}"}


# The walk is long: it is split in two halves of the outsiders, each its own test in its own file
# (this one, and test_restricted_invisible_more.py), so that two test workers share it.
FIRST_HALF = OUTSIDERS[:4]
SECOND_HALF = OUTSIDERS[4:]


@pytest.mark.django_db
def test_restricted_records_leave_no_trace_for_anyone_outside_their_teams():
    """The first half of the outsiders crawl, and the prober asks every pattern with every id."""
    check_no_trace(FIRST_HALF, probe=True)


def check_no_trace(outsiders: tuple[str, ...], probe: bool) -> None:
    council = open_council()
    council.clients = {who: sign_in(user) for who, user in council.users.items()}
    council.tokens = {who: api_token(user) for who, user in council.users.items()}
    assert not User.objects.filter(is_staff=True).exists()  # so Django's admin is closed to all

    try:
        with transaction.atomic():
            hidden = restricted_records(council)
            ids = sorted(hidden.ids | {p.pk for p in council.people.values()})
            words = [
                hidden.lado_subject.family_name,
                hidden.channel_subject.family_name,
                hidden.sealed_child.family_name,
            ]
            seen = walk_the_service(council, ids, words, outsiders, probe)
            digests_with = digests()
            insiders = insiders_still_see_their_own(council, hidden)
            raise _RollBack
    except _RollBack:
        pass
    unseen = replay(council, seen)
    digests_without = digests()
    # Not a walk of empty pages: the people involved were reached, and digests were sent.
    child = council.people["child"]
    for who in {"social_worker", "team_manager", "business_support", "cp_chair", "dpo", "partner"} & set(outsiders):
        assert seen.answers[(who, f"/people/{child.pk}/")].startswith("200"), who
    for who in {"social_worker", "team_manager", "dpo"} & set(outsiders):
        assert seen.answers[(who, f"/people/{child.pk}/history/")].startswith("200"), who
    assert {"social_worker", "team_manager"} <= set(digests_without)

    problems = list(insiders)
    for (who, url), answer in seen.answers.items():
        before = unseen.answers[(who, url)]
        if answer != before:  # a PDF: compare what the two say
            answer, before = pdf_text(answer), pdf_text(before)
        # A page may repeat what is in its own address (the words searched for).
        shown = [m for m in hidden.markers if (m in answer or escape(m) in answer) and m not in unquote(url)]
        if shown:
            problems.append(f"{who} GET {url} shows {shown}")
        elif answer != before:
            problems.append(f"{who} GET {url} changes with the restricted records:\n{diff(before, answer)}")
        elif url.startswith(("/lado/", "/channel/")) and answer != seen.answers[(who, "/no-such-page/")]:
            problems.append(f"{who} GET {url} does not answer as a page that does not exist")
    for who in outsiders:
        if digests_with.get(who, "") != digests_without.get(who, ""):
            problems.append(
                f"{who}'s deadline digest changes:\n{diff(digests_without.get(who, ''), digests_with.get(who, ''))}"
            )
    assert not problems, f"{len(problems)} traces of restricted records:\n" + "\n".join(problems[:60])


def insiders_still_see_their_own(council: Council, hidden: Restricted) -> list[str]:
    """The restricted teams see their records everywhere, and not each other's; the invited
    professional sees their case. What is wrong, as a list (reported with the rest)."""
    child, mother, sealed = council.people["child"], council.people["mother"], hidden.sealed_child
    problems = []

    def page(who: str, url: str) -> str:
        return html.unescape(council.clients[who].get(url).content.decode())

    def status(who: str, url: str) -> int:
        return council.clients[who].get(url).status_code

    lado_words = [hidden.lado_case.reference, LADO_EMPLOYER, LADO_EMPLOYER_2, hidden.lado_subject.family_name]
    channel_words = [CHANNEL_TEXT, CHANNEL_TEXT_2, hidden.channel_subject.family_name]
    sealed_words = [sealed.family_name, "Her sister was adopted"]
    for who, others in (
        ("lado", channel_words + sealed_words),
        ("channel", lado_words + sealed_words),
        ("adoption", lado_words + channel_words),
        ("invited", channel_words + sealed_words + [LADO_EMPLOYER_2]),
    ):
        for p in council.people.values():
            for url in (f"/people/{p.pk}/", f"/people/{p.pk}/history/", f"/chronology/{p.pk}/", "/"):
                if shown := [w for w in others if w in page(who, url)]:
                    problems.append(f"{who} GET {url} shows another team's {shown}")
    expected = [
        ("lado", f"/lado/cases/{hidden.lado_case.pk}/", LADO_TEXT),
        ("lado", f"/people/{child.pk}/history/", hidden.lado_case.reference),
        ("lado", f"/chronology/{child.pk}/", LADO_EMPLOYER),
        ("channel", f"/channel/cases/{hidden.channel_case.pk}/", CHANNEL_TEXT),
        ("channel", f"/people/{mother.pk}/", hidden.channel_subject.display_name),
        ("adoption", f"/people/{mother.pk}/", sealed.display_name),
        ("adoption", f"/people/{sealed.pk}/", sealed.display_name),
        ("adoption", f"/chronology/{child.pk}/", "Her sister was adopted"),
        ("invited", f"/lado/cases/{hidden.lado_case.pk}/", LADO_TEXT),
        ("invited", "/lado/", hidden.lado_case.reference),
        # Whoever works with the sealed child has her on "My work" (her manager does not: above).
        ("social_worker_2", "/", sealed.display_name),
    ]
    problems += [f"{who} GET {url} does not show {text!r}" for who, url, text in expected if text not in page(who, url)]
    for url in (f"/channel/cases/{hidden.channel_case.pk}/", f"/people/{sealed.pk}/", "/lado/rota/"):
        if status("invited", url) != 404:
            problems.append(f"invited GET {url} is not 404")
    return problems
