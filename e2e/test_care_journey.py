"""One child into care, through a move out of the area and the first review, through the screens.

A social worker signs in, finds the child and records her coming into care (an interim care
order, fostered in the area); a team manager allocates the independent reviewing officer;
the social worker records a move to a children's home in another council's area (the host
council is told) and convenes the first looked-after review; the IRO records it, with the
child's participation. The register, the child's record, the deadlines and the chronology
show each step. Dates are working days counted back from today.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.calendar import add_calendar_months, add_working_days


def govuk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_a_child_comes_into_care_moves_out_of_area_and_has_her_first_review(
    page, live_server, sign_in, as_user, make_user, axe
):
    from jigsaw.care.models import CareEpisode, HostNotification
    from jigsaw.chronology.models import ChronologyEntry

    url = live_server.url
    today = timezone.localdate()

    def ago(n: int) -> dt.date:
        return add_working_days(today, -n)

    start_day, move_day, review_day = ago(12), ago(6), ago(2)
    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    team = TeamFactory(agency=csc, name="Children in care team")
    worker = make_user(Role.SOCIAL_WORKER, agency=csc, team=team, full_name="Tom Okafor", email="tom@council.example")
    manager = make_user(Role.TEAM_MANAGER, agency=csc, team=team, full_name="Ruth Adeyemi")
    iro = make_user(Role.CP_CHAIR_IRO, agency=csc, full_name="Priya Nair", email="priya.nair@council.example")
    child = PersonFactory(given_names="Maisie", family_name="Calder", date_of_birth=dt.date(2016, 5, 11))

    # 1. The social worker finds Maisie and records her coming into care.
    sign_in(page, worker)
    page.get_by_role("link", name="Children in care", exact=True).first.click()
    expect(page.get_by_role("heading", name="Children in care", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label("Find a child by name or council id").fill("Maisie Calder")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("Maisie Calder")).click()
    expect(page.get_by_text("Maisie Calder is not looked after by")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Record the child coming into care").click()
    expect(page.get_by_role("heading", name="Record a child coming into care")).to_be_visible()
    axe(page)
    # A date in the future is refused, and what was typed is kept.
    fill_date(page, "Date the child became looked after", today + dt.timedelta(days=30))
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Home postcode (optional)").fill("NB3 1XY")
    page.get_by_label("Placement type").select_option("U6")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer or provider name (optional)").fill("Mr and Mrs Ashdown")
    page.get_by_label("Ofsted unique reference number (URN)").fill("SC999001")
    page.get_by_label("Placement postcode").fill("NB1 2AB")
    page.get_by_label("Inside the council's area").check()
    page.get_by_label("Distance from home in miles (optional)").fill("3.5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    expect(page.get_by_label("Placement postcode")).to_have_value("NB1 2AB")
    axe(page)
    fill_date(page, "Date the child became looked after", start_day)
    page.get_by_role("button", name="Save").click()
    saved(page, "Period of care started")
    expect(page.get_by_role("heading", name="Looked after now")).to_be_visible()
    expect(page.get_by_text("C1: interim care order")).to_be_visible()
    expect(page.get_by_role("cell", name="Hold the first looked-after review")).to_be_visible()
    axe(page)

    # 2. The team manager allocates the IRO.
    as_user(page, manager)
    page.goto(f"{url}/children-in-care/")
    expect(page.get_by_role("link", name="Maisie Calder")).to_be_visible()
    page.get_by_role("link", name="Maisie Calder").click()
    page.get_by_role("link", name="Allocate an IRO").click()
    axe(page)
    page.get_by_label("Independent reviewing officer").select_option(label="Priya Nair")
    fill_date(page, "Date allocated", start_day)
    page.get_by_role("button", name="Save").click()
    saved(page, "IRO allocated")
    expect(page.get_by_text(f"Priya Nair, since {govuk(start_day)}")).to_be_visible()

    # 3. The social worker records the move to a children's home in another council's area.
    as_user(page, worker)
    page.goto(f"{url}/children-in-care/people/{child.pk}/")
    page.get_by_role("link", name="Record a change of placement or legal status").click()
    expect(page.get_by_role("heading", name="Record a change of placement or legal status")).to_be_visible()
    axe(page)
    page.get_by_label("A move to a new placement with a new carer").check()
    fill_date(page, "Date of the change", move_day)
    page.get_by_label("Reason the placement changed (if it did)").select_option("CREQB")
    page.get_by_label("Placement type").select_option("K2")
    page.get_by_label("Placement provider").select_option("PR4")
    page.get_by_label("Carer or provider name (optional)").fill("Hilltop House")
    page.get_by_label("Ofsted unique reference number (URN)").fill("SC123456")
    page.get_by_label("Placement postcode").fill("ZZ9 4QT")
    page.get_by_label("Outside the council's area").check()
    page.get_by_label("Distance from home in miles (optional)").fill("42")
    page.get_by_role("button", name="Save").click()
    # The host council's contact is needed for the notice.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the council the child is placed in")
    axe(page)
    page.get_by_label("Host council (if outside the area)").fill("Eastmoor Council")
    page.get_by_label("Host council contact name (if outside the area)").fill("Dana Field")
    page.get_by_label("Host council contact email (if outside the area)").fill("placements@eastmoor.example")
    page.get_by_role("button", name="Save").click()
    saved(page, "Change recorded")
    expect(page.get_by_text("Outside the area, in Eastmoor Council")).to_be_visible()
    expect(page.get_by_role("table", name="Placement history").get_by_role("row")).to_have_count(3)
    expect(page.get_by_role("table", name="Host councils told")).to_contain_text("placements@eastmoor.example")
    axe(page)
    page.goto(f"{url}/children-in-care/?view=out_of_area")
    expect(page.get_by_text("Our children placed in other areas (1)")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Maisie Calder"))).to_contain_text("Eastmoor Council")
    axe(page)

    # 4. The social worker convenes the first review; the IRO records it.
    page.goto(f"{url}/children-in-care/people/{child.pk}/")
    page.get_by_role("link", name="Convene a looked-after review").click()
    axe(page)
    fill_date(page, "Date of the review", review_day)
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Place (optional)").fill("Hilltop House")
    page.get_by_role("button", name="Save").click()
    saved(page, "Review convened")

    as_user(page, iro)
    page.goto(f"{url}/children-in-care/")
    expect(page.get_by_role("heading", name="Children you review")).to_be_visible()
    page.get_by_role("row", name=re.compile("Maisie Calder")).first.get_by_role("link").first.click()
    page.get_by_role("link", name=re.compile("Record the review")).click()
    expect(page.get_by_role("heading", name="Record the looked-after review")).to_be_visible()
    axe(page)
    page.get_by_label("PN1: attends and speaks for themself").check()
    page.get_by_role("button", name="Save").click()
    saved(page, "Review recorded")
    expect(page.get_by_role("cell", name="PN1: attends and speaks for themself")).to_be_visible()
    expect(page.get_by_role("cell", name="Hold the second looked-after review")).to_be_visible()
    expect(page.get_by_text(govuk(add_calendar_months(review_day, 3))).first).to_be_visible()
    axe(page)

    episodes = list(CareEpisode.objects.filter(person=child).order_by("started_on"))
    assert [(e.reason_new, e.reason_ended) for e in episodes] == [("S", "X1"), ("P", "")]
    assert HostNotification.objects.get(person=child).sent_at is not None
    assert any("placements@eastmoor.example" in m.to for m in mail.outbox)
    kinds = set(ChronologyEntry.objects.filter(person=child).values_list("kind", flat=True))
    assert {"care_started", "care_placement_changed", "lac_review"} <= kinds
