"""The safeguarding children partnership, through the screens, with axe on every page.

1. A teacher with no Jigsaw account books a face-to-face course on a phone-sized screen (320px),
   gets the confirmation with its calendar invitation (read from the local SMTP server), and
   opens the booking by the link in it. A second professional books the last place but one
   ... the session fills, a third joins the waiting list, the teacher cancels, and the place
   goes to the one waiting at once, with their own invitation.
2. The partnership manager writes a newsletter and sends it; a subscriber follows the
   unsubscribe link in their email, and their row is gone from the database.
"""

import datetime as dt
import re
from email.message import EmailMessage
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from jigsaw.access.choices import Role

PHONE = {"width": 320, "height": 800}


def _link(message: EmailMessage, part: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return urlparse(re.search(rf"https?://\S+{part}\S+", body).group(0)).path


def _calendar(message: EmailMessage) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def _book(page: Page, axe, *, name: str, role: str, org: str, sector: str, email: str) -> None:
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Job role").fill(role)
    page.get_by_label("Organisation").fill(org)
    page.get_by_label("Sector").select_option(label=sector)
    page.get_by_label("Email address").fill(email)


@pytest.mark.django_db(transaction=True)
def test_book_a_course_get_the_invitation_and_a_freed_place_goes_to_the_waiting_list(
    page, live_server, make_user, axe, smtp_sink
):
    from jigsaw.partnership import services
    from jigsaw.partnership.models import Booking

    url = live_server.url
    manager = make_user(Role.PARTNERSHIP_MANAGER, full_name="Ruth Adeyemi")
    trainer = make_user(Role.CP_CHAIR_IRO, full_name="Nadia Brooks")
    course = services.course_create(
        actor=manager,
        title="Recognising and responding to neglect",
        learning_outcomes="Know the signs of neglect and what to do",
        audience="Everyone who works with children",
        level="2",
        format="face_to_face",
    )
    day = timezone.localdate() + dt.timedelta(days=14)
    services.session_create(
        actor=manager,
        course=course,
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30))),
        ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12, 30))),
        capacity=2,
        venue="Northbridge Civic Centre, Room 2",
        trainer=trainer,
    )

    # 1. A teacher, on a phone, with no account.
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/partnership/training/")
    expect(page.get_by_role("heading", name="Multi-agency safeguarding training")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    page.get_by_role("link", name=re.compile("^Book a place")).click()
    expect(page.get_by_role("heading", name="Book: Recognising and responding to neglect")).to_be_visible()
    axe(page)
    _book(
        page,
        axe,
        name="Kim Marsh",
        role="Teacher",
        org="Riverside Primary School",
        sector="Education (schools and colleges)",
        email="not an email",
    )
    page.get_by_label("Dietary or other requirements (optional)").fill("Vegetarian lunch")
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address in the correct format")
    expect(page.get_by_label("Organisation")).to_have_value("Riverside Primary School")
    axe(page)
    page.get_by_label("Email address").fill("kim.marsh@riverside.example")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", name="Booking confirmed")).to_be_visible()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The confirmation, with the calendar invitation, from the SMTP server.
    [confirmation] = smtp_sink.to("kim.marsh@riverside.example")
    assert confirmation["Subject"] == "Booking confirmed: Recognising and responding to neglect"
    invitation = _calendar(confirmation)
    assert invitation["METHOD"] == "REQUEST"
    assert str(next(iter(invitation.walk("VEVENT")))["LOCATION"]) == "Northbridge Civic Centre, Room 2"
    booking_link = _link(confirmation, "/training/bookings/")

    # Another books the last place; a third joins the waiting list.
    page.goto(f"{url}/partnership/training/")
    page.get_by_role("link", name=re.compile("^Book a place")).click()
    _book(
        page,
        axe,
        name="Dean Ellery",
        role="Health visitor",
        org="Northbridge Community Health",
        sector="Health",
        email="dean.ellery@health.example",
    )
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", name="Booking confirmed")).to_be_visible()
    page.goto(f"{url}/partnership/training/")
    page.get_by_role("link", name=re.compile("^Join the waiting list")).click()
    axe(page)
    _book(
        page,
        axe,
        name="Pat Okafor",
        role="Youth worker",
        org="Northbridge Family Support Network",
        sector="Voluntary, community and faith sector",
        email="pat.okafor@voluntary.example",
    )
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("heading", name="You are on the waiting list")).to_be_visible()
    axe(page)

    # The teacher cancels from the link in her email; the place goes to Pat at once.
    page.goto(f"{url}{booking_link}")
    expect(page.get_by_role("heading", name="Your booking")).to_be_visible()
    page.get_by_role("link", name="Cancel this booking").click()
    axe(page)
    page.get_by_label("Yes, cancel my booking").check()
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your booking is cancelled")
    axe(page)
    assert _calendar(smtp_sink.to("kim.marsh@riverside.example")[-1])["METHOD"] == "CANCEL"
    offers = [m for m in smtp_sink.to("pat.okafor@voluntary.example") if m["Subject"].startswith("Booking confirmed")]
    assert offers and _calendar(offers[0])["METHOD"] == "REQUEST"
    assert Booking.objects.get(email="pat.okafor@voluntary.example").status == "booked"


@pytest.mark.django_db(transaction=True)
def test_a_newsletter_goes_out_and_unsubscribing_deletes_the_subscriber(
    page, live_server, as_user, make_user, axe, smtp_sink
):
    from jigsaw.partnership.models import Subscriber

    url = live_server.url
    manager = make_user(Role.PARTNERSHIP_MANAGER, full_name="Ruth Adeyemi")

    # A professional signs up and confirms from the email.
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/partnership/news/subscribe/")
    axe(page)
    page.get_by_label("Full name").fill("Josh Brooks")
    page.get_by_label("Organisation").fill("Castleton High School")
    page.get_by_label("Email address").fill("josh.brooks@castleton.example")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe(page)
    [confirm] = smtp_sink.to("josh.brooks@castleton.example")
    page.goto(f"{url}{_link(confirm, '/news/confirm/')}")
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    axe(page)

    # The partnership manager writes and sends a newsletter.
    page.set_viewport_size({"width": 1280, "height": 900})
    as_user(page, manager)
    page.goto(f"{url}/partnership/")
    axe(page)
    page.get_by_role("link", name="Write to subscribers").click()
    axe(page)
    page.get_by_label("Newsletter").check()
    page.get_by_label("Subject").fill("Partnership news: winter")
    page.get_by_label("Message").fill("New courses on neglect are open to book.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Partnership news: winter")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Send now").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Sending")
    news = [m for m in smtp_sink.to("josh.brooks@castleton.example") if m["Subject"] == "Partnership news: winter"]
    assert len(news) == 1
    assert news[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The subscriber unsubscribes from the link: the row is gone at once.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{url}{_link(news[0], '/news/unsubscribe/')}")
    axe(page)
    assert Subscriber.objects.filter(email="josh.brooks@castleton.example").exists()
    page.get_by_role("button", name="Unsubscribe and delete my details").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    axe(page)
    assert not Subscriber.objects.filter(email="josh.brooks@castleton.example").exists()
    assert not Subscriber.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_auditor_from_another_agency_audits_the_children_given_to_them(page, live_server, as_user, make_user, axe):
    from jigsaw.access.choices import AgencyKind
    from jigsaw.access.models import Agency
    from jigsaw.partnership import services
    from jigsaw.partnership.choices import CohortRule
    from jigsaw.people.tests.factories import PersonFactory
    from jigsaw.timescales.clocks import clock_start

    url = live_server.url
    today = timezone.localdate()
    manager = make_user(Role.PARTNERSHIP_MANAGER, full_name="Ruth Adeyemi")
    police = Agency.objects.create(name="Northbridge Police", kind=AgencyKind.POLICE)
    auditor = make_user(Role.PARTNER_PRACTITIONER, full_name="Sam Hollis", agency=police)
    lily = PersonFactory(given_names="Lily", family_name="Marsh", date_of_birth=dt.date(2016, 4, 1))
    josh = PersonFactory(given_names="Josh", family_name="Marsh", date_of_birth=dt.date(2019, 9, 9))
    for n, child in enumerate((lily, josh)):
        clock_start(rule_key="icpc", person=child, started_on=today - dt.timedelta(days=30 - n))
    audit = services.audit_create(
        actor=manager,
        title="Section 47 enquiries, autumn",
        rule=CohortRule.SECTION_47,
        size=2,
        since=today - dt.timedelta(days=90),
        until=today,
        ends_on=today + dt.timedelta(days=30),
        questions="Was the child seen and heard?\nWas information shared in time?",
        grades="Good\nRequires improvement\nInadequate",
    )

    # The partnership manager gives Lily's case to the police auditor.
    as_user(page, manager)
    page.goto(f"{url}/partnership/audits/{audit.pk}/")
    expect(page.get_by_role("heading", name="Section 47 enquiries, autumn")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=f"Choose the auditor for {lily.council_id}").click()
    axe(page)
    page.get_by_label("Auditor").select_option(label="Sam Hollis (Northbridge Police)")
    page.get_by_role("button", name="Give the case to this auditor").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Auditor assigned")
    axe(page)

    # The auditor sees Lily, and only Lily, and grades her case.
    as_user(page, auditor)
    page.goto(f"{url}/")
    expect(page.get_by_role("link", name=re.compile("Case file audit: grade"))).to_be_visible()
    page.get_by_role("link", name="Case file audit", exact=True).click()
    expect(page.get_by_role("heading", name="Your case file audit")).to_be_visible()
    axe(page)
    expect(page.get_by_text("Josh Marsh")).to_have_count(0)
    page.get_by_role("link", name=re.compile("^Lily Marsh")).click()
    expect(page.get_by_role("heading", name=re.compile("Lily Marsh"))).to_be_visible()
    page.goto(f"{url}/people/{josh.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Page not found"))).to_be_visible()
    page.goto(f"{url}/partnership/audits/yours/")
    page.get_by_role("link", name=re.compile("^Grade the case")).click()
    axe(page)
    page.get_by_role("group", name="Was the child seen and heard?").get_by_label("Good").check()
    page.get_by_label("Findings").fill("Lily was seen alone; the school's concerns reached the core group late.")
    page.get_by_role("button", name="Save grades").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a grade for")
    expect(page.get_by_label("Findings")).to_have_value(re.compile("Lily was seen alone"))
    axe(page)
    page.get_by_role("group", name="Was information shared in time?").get_by_label("Requires improvement").check()
    page.get_by_role("button", name="Save grades").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Grades saved")

    # The findings roll up into the report; closing the audit ends the auditor's access.
    as_user(page, manager)
    page.goto(f"{url}/partnership/audits/{audit.pk}/")
    expect(page.get_by_text("1 of 2")).to_be_visible()
    expect(page.get_by_text("the school's concerns reached the core group late")).to_be_visible()
    page.get_by_role("button", name="Close the audit and end the auditors' access").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Audit closed")
    axe(page)
    as_user(page, auditor)
    page.goto(f"{url}/people/{lily.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Page not found"))).to_be_visible()
