"""One allegation against a teaching assistant, from the school's referral to the outcome, through the screens.

The LADO officer signs in, records the referral (the employer knew three working days
before: it is late); it goes to the officer on duty that day; she invites the police
officer to the case, convenes the allegation management meeting and records the outcome.
The police officer then sees that one case; a social worker cannot find it. axe checks
every page. Dates are worked back from today in working days, so it runs on any day.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.calendar import add_working_days


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str | re.Pattern) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_an_allegation_from_referral_to_outcome(page, live_server, sign_in, as_user, make_user, axe):
    from jigsaw.allegations import services
    from jigsaw.allegations.models import Allegation
    from jigsaw.people.matching import index_persons

    url = live_server.url
    today = timezone.localdate()
    received = add_working_days(today, -1)  # the last working day before today
    aware = add_working_days(received, -3)

    grace = make_user(Role.LADO_OFFICER, full_name="Grace Whitfield", email="grace.whitfield@council.example")
    omar = make_user(Role.LADO_OFFICER, full_name="Omar Haddad", email="omar.haddad@council.example")
    police_agency = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    police = make_user(
        Role.PARTNER_PRACTITIONER,
        agency=police_agency,
        team=TeamFactory(agency=police_agency, name="Public protection unit"),
        full_name="DC Sam Hollis",
        email="sam.hollis@police.example",
    )
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor")
    child = PersonFactory(given_names="Maisie", family_name="Calder", date_of_birth=dt.date(2016, 5, 11))
    index_persons([child.pk])
    services.duty_slot_set(actor=grace, on=received, officer=omar)

    # 1. The LADO officer signs in and opens the LADO area.
    sign_in(page, grace)
    page.get_by_role("link", name="LADO", exact=True).click()
    expect(page.get_by_role("heading", name="Allegations against people who work with children")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Duty rota").click()
    expect(page.get_by_role("heading", name="Duty rota")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Back").click()

    # 2. The school's referral.
    page.get_by_role("link", name="Record a referral").click()
    expect(page.get_by_role("heading", name="Record a referral")).to_be_visible()
    axe(page)
    fill_date(page, "Date received", received)
    page.get_by_label("Time received").fill("10:30")
    page.get_by_label("Name of the person referring").fill("Helen Marsh")
    page.get_by_label("Their organisation (optional)").fill("Ferry Road Primary School")
    page.get_by_label("Their role (optional)").fill("Headteacher")
    # "Already known?" on the form itself: nobody by that name, so he is added as someone not known.
    page.get_by_label("Their name", exact=True).fill("Declan Fairweather")
    page.get_by_role("button", name="Search for the person").click()
    expect(page.get_by_text("No one found")).to_be_visible()
    axe(page)
    page.get_by_label("None of these: they are not known, add them with the name below").check()
    page.get_by_label("Given names (if not known)").fill("Declan")
    page.get_by_label("Family name (if not known)").fill("Fairweather")
    page.get_by_label("Their role", exact=True).fill("Teaching assistant")
    page.get_by_label("Paid", exact=True).check()
    page.get_by_label("Employer or organisation").fill("Ferry Road Primary School")
    page.get_by_label("Sector").select_option("education")
    fill_date(page, "Date the employer first knew of the allegation", aware)
    page.get_by_label("What is alleged").fill("A pupil said he grabbed her arm hard enough to bruise.")
    page.get_by_label("Has harmed, or may have harmed, a child").check()
    page.get_by_label("A child's name").fill("Maisie Calder")
    page.get_by_role("button", name="Search for a child").click()
    expect(page.get_by_text("1 child found")).to_be_visible()
    expect(page.get_by_label("What is alleged")).to_have_value("A pupil said he grabbed her arm hard enough to bruise.")
    page.get_by_label(re.compile(r"Maisie Calder, born 11 May 2016")).check()
    page.get_by_role("button", name="Record the referral").click()

    saved(page, "assigned to Omar Haddad, the duty officer")
    case = Allegation.objects.get()
    expect(page.get_by_role("heading", name=f"Allegation {case.reference}")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Referred late").first).to_be_visible()
    expect(page.get_by_text("Maisie Calder")).to_be_visible()
    axe(page)

    # 3. The police officer is invited to the case.
    page.get_by_role("link", name="Invite someone to this case").click()
    page.get_by_label("Username or email address").fill("sam.hollis@police.example")
    page.get_by_label("Police", exact=True).check()
    axe(page)
    page.get_by_role("button", name="Invite").click()
    saved(page, "DC Sam Hollis can now see this case")

    # 4. The allegation management meeting.
    page.get_by_role("button", name="Convene a meeting").click()
    expect(page.get_by_role("heading", name="Convene an allegation management meeting")).to_be_visible()
    axe(page)
    fill_date(page, "Date", received)
    page.get_by_label("Start time").fill("2pm")
    page.get_by_label("Place (optional)").fill("Northbridge Civic Centre")
    page.get_by_label("Other people to invite (optional)").fill(
        "Helen Marsh, Ferry Road Primary School, head@ferryroad.example"
    )
    page.get_by_role("button", name="Convene the meeting").click()
    saved(page, "Allegation management meeting convened")
    expect(page.get_by_role("cell", name="Northbridge Civic Centre")).to_be_visible()
    axe(page)
    case_url = page.url

    # It took place as set: recorded as held (the meeting deadline is met when held, not when booked,
    # and no outcome is recorded before).
    page.get_by_role("link", name=re.compile("meeting papers")).click()
    page.get_by_role("link", name="Record that the meeting took place").click()
    expect(page.get_by_role("heading", name="Record that the meeting took place")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Save").click()
    saved(page, "Meeting recorded as held")
    page.goto(case_url)

    # 5. The outcome.
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("heading", name="Record the outcome")).to_be_visible()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select outcome")
    axe(page)
    page.get_by_label(re.compile(r"Unsubstantiated: There is not enough evidence")).check()
    fill_date(page, "Date concluded", today)
    page.get_by_label("Training or supervision").check()
    page.get_by_role("button", name="Record the outcome").click()
    saved(page, "Outcome recorded: Unsubstantiated")
    expect(page.get_by_text("It must not be mentioned in any reference")).to_be_visible()
    axe(page)
    page.goto(f"{url}/lado/")
    axe(page)

    # 6. The police officer sees this case; a social worker cannot find it.
    as_user(page, police)
    page.goto(f"{url}/lado/")
    expect(page.get_by_role("heading", name="Allegations you are invited to")).to_be_visible()
    page.get_by_role("link", name=re.compile(case.reference)).click()
    expect(page.get_by_role("heading", name=f"Allegation {case.reference}")).to_be_visible()
    axe(page)
    as_user(page, worker)
    response = page.goto(f"{url}/lado/cases/{case.pk}/")
    assert response.status == 404
    page.goto(f"{url}/people/?name=Declan+Fairweather")
    expect(page.get_by_role("link", name=re.compile("Fairweather"))).to_have_count(0)
