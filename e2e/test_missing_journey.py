"""A child goes missing, comes back, and has a return home interview, through the screens.

The exploitation and missing practitioner signs in, finds the child ("already known?"),
records the episode (first with a return typed before the child went missing, which the
screen refuses in words and keeps what was typed), records the return, offers the
interview and records it. Along the way: the 72-hour due time, the clock met on time, and
axe-core on every page. Times are worked back from now, so the journey runs at any hour.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory


def fill_moment(page: Page, legend: str, time_label: str, moment: dt.datetime) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(moment.day))
    group.get_by_label("Month").fill(str(moment.month))
    group.get_by_label("Year").fill(str(moment.year))
    page.get_by_label(time_label, exact=True).fill(f"{moment:%H:%M}")


def saved(page: Page, message: str | re.Pattern) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_missing_returned_and_interviewed(page, live_server, sign_in, make_user, axe):
    from jigsaw.missing.models import MissingEpisode
    from jigsaw.people.matching import index_persons

    now = timezone.localtime().replace(second=0, microsecond=0)
    went, back, offered, held = (now - dt.timedelta(hours=h) for h in (30, 6, 5, 1))

    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    practitioner = make_user(
        Role.EXPLOITATION_MISSING,
        agency=csc,
        team=TeamFactory(agency=csc, name="Exploitation and missing"),
        full_name="Lena Marsh",
    )
    child = PersonFactory(given_names="Kacey", family_name="Dunmore", date_of_birth=dt.date(2011, 9, 14))
    index_persons([child.pk])

    sign_in(page, practitioner)
    page.get_by_role("link", name="Missing", exact=True).click()
    expect(page.get_by_role("heading", name="Missing children", exact=True)).to_be_visible()
    axe(page)

    # Is the child already known?
    page.get_by_role("link", name="Record a missing episode").click()
    expect(page.get_by_role("heading", name="Find the child who is missing")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Kacey Dunmore")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Kacey Dunmore")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Record a missing episode for Kacey Dunmore").click()

    # The episode, with a return typed before she went missing: refused, nothing lost.
    expect(page.get_by_role("heading", name="Record a missing episode")).to_be_visible()
    axe(page)
    page.get_by_label("Missing (whereabouts unknown)").check()
    page.get_by_label("Home", exact=True).check()
    page.get_by_label("Where were they last seen? (optional)").fill("Outside the Ferry Road shops")
    fill_moment(page, "Date they went missing", "Time they went missing", went)
    page.get_by_role("group", name="Was it reported to the police?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Police reference (optional)").fill("NB-27-40411")
    page.get_by_label("Medium", exact=True).check()
    page.get_by_label("Risks (optional)").fill("Seen getting into a car with older young people")
    fill_moment(
        page,
        "Date they returned or were found (optional)",
        "Time they returned or were found (optional)",
        went - dt.timedelta(hours=2),
    )
    page.get_by_label("Where they were found or came back from (optional)").fill("Home")
    page.get_by_role("button", name="Save the episode").click()
    expect(page.get_by_role("alert")).to_contain_text("The return must be after Kacey Dunmore went missing")
    expect(page.get_by_label("Where were they last seen? (optional)")).to_have_value("Outside the Ferry Road shops")
    axe(page)
    assert not MissingEpisode.objects.exists()

    group = page.get_by_role("group", name="Date they returned or were found (optional)", exact=True)
    for part in ("Day", "Month", "Year"):
        group.get_by_label(part).fill("")
    page.get_by_label("Time they returned or were found (optional)", exact=True).fill("")
    page.get_by_label("Where they were found or came back from (optional)").fill("")
    page.get_by_role("button", name="Save the episode").click()
    saved(page, "Missing episode recorded")
    expect(page.get_by_text("Kacey Dunmore is still missing")).to_be_visible()
    axe(page)

    # She is back.
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_role("heading", name="Record the return")).to_be_visible()
    axe(page)
    fill_moment(page, "Date they returned or were found", "Time they returned or were found", back)
    page.get_by_label("Where they were found or came back from").fill("A flat in the town centre")
    page.get_by_role("button", name="Save the return").click()
    saved(page, "The return home interview is due within 72 hours")
    due = back + dt.timedelta(hours=72)
    expect(page.get_by_text(re.compile(rf"Due by .*{due.day} {due:%B %Y}, 72 hours after the return"))).to_be_visible()
    axe(page)

    # The interview, offered by an independent worker and accepted, then held.
    page.get_by_role("button", name="Offer a return home interview").click()
    expect(page.get_by_role("heading", name="Offer a return home interview")).to_be_visible()
    axe(page)
    fill_moment(page, "Date the interview was offered", "Time it was offered", offered)
    page.get_by_label("Who will hold the interview (optional)").fill("Sam Idowu, Northbridge Youth Service")
    page.get_by_role("group", name=re.compile("Is the interviewer independent")).get_by_label("Yes", exact=True).check()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Save the offer").click()
    saved(page, "Return home interview offer recorded")

    page.get_by_role("link", name="Record the interview").click()
    expect(page.get_by_role("heading", name="Record the return home interview")).to_be_visible()
    expect(page.get_by_label("Who held the interview")).to_have_value("Sam Idowu, Northbridge Youth Service")
    axe(page)
    fill_moment(page, "Date the interview was held", "Time the interview started", held)
    page.get_by_label("Where they were (optional)").fill("A flat in the town centre")
    page.get_by_label("Who they were with (optional)").fill("Older boys she met online")
    page.get_by_label("Older friends or associates").check()
    page.get_by_label("What the child said, in their words").fill("I went because they said there was a party.")
    page.get_by_label("Actions agreed (optional)").fill("Referral to the exploitation team; safety plan")
    page.get_by_role("button", name="Save the interview").click()
    saved(page, "Return home interview recorded")
    expect(page.get_by_text("Held 5 hours after the return")).to_be_visible()
    axe(page)

    # Her missing record: the episode, the interview met on time, and the prompt the signs raised.
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("heading", name="Missing episodes")).to_be_visible()
    expect(page.get_by_text("Met on time")).to_be_visible()
    expect(
        page.get_by_text(
            re.compile("Consider a strategy discussion: Missing for 30 hours so far.*Signs of exploitation")
        )
    ).to_be_visible()
    # She records the request; convening it is for social work (child protection's own rule).
    expect(
        page.get_by_role("link", name="Record the decision on a strategy discussion for Kacey Dunmore")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Convene a strategy discussion for Kacey Dunmore")).to_have_count(0)
    axe(page)
