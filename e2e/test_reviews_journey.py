"""One serious incident, from the partnership manager recording it to the Panel's reply, through the screens.

The partnership manager signs in, records the incident ("already known?" by the child's name
and date of birth; what Jigsaw holds about the child filled in, not retyped), reads the
notification's content for the national form, records it as submitted, emails the three lead
safeguarding partners (through the outbox, to the SMTP sink) and records a receipt, asks the
agencies that knew the child for information (the police officer answers from her My work,
and cannot open the review itself), convenes the rapid review meeting (partners, agencies, the
independent scrutineer), records the facts, the learning and an immediate action that the
police officer owns and marks done from her My work, downloads the rapid review report, then records the
decision and the Panel's reply. The child's social worker cannot find any of it.
axe checks every page. Dates are worked back from today in working days, so it runs on any day.

Not yet here (issue 11, left): the practice review and its anonymised publication.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import AgencyKind, InvolvementKind, RestrictedArea, Role
from jigsaw.access.models import Involvement
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
def test_a_serious_incident_from_recording_to_the_panels_reply(
    page, live_server, sign_in, as_user, make_user, axe, smtp_sink
):
    from jigsaw.people.matching import index_persons
    from jigsaw.reviews.models import SeriousIncident

    url = live_server.url
    today = timezone.localdate()
    aware = add_working_days(today, -2)

    council = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    partnership = TeamFactory(
        agency=council, name="Safeguarding children partnership", restricted_area=RestrictedArea.REVIEWS
    )
    manager = make_user(
        Role.PARTNERSHIP_MANAGER,
        agency=council,
        team=partnership,
        full_name="Harriet Okonjo",
        email="harriet.okonjo@council.example",
    )
    worker = make_user(Role.SOCIAL_WORKER, full_name="Lucy Brennan")
    child = PersonFactory(given_names="Tamsin", family_name="Arkwright", date_of_birth=dt.date(2019, 4, 2))
    Involvement.objects.create(
        person=child, user=worker, kind=InvolvementKind.ALLOCATED, service="Child protection", started_on=aware
    )
    police_agency = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    officer = make_user(
        Role.PARTNER_PRACTITIONER,
        agency=police_agency,
        team=TeamFactory(agency=police_agency, name="Public protection unit"),
        full_name="DC Sam Hollis",
        email="sam.hollis@police.example",
    )
    Involvement.objects.create(
        person=child, user=officer, kind=InvolvementKind.INVITED, service="Strategy discussion", started_on=aware
    )
    council.email = "csc.safeguarding@council.example"
    council.save()
    index_persons([child.pk])

    # 1. The partnership manager signs in and opens the area; the deadline is not there yet.
    sign_in(page, manager)
    page.get_by_role("link", name="Partnership reviews").click()
    expect(page.get_by_role("heading", name="Partnership reviews")).to_be_visible()
    axe(page)

    # 2. The incident: the child found by name and date of birth, then the facts.
    page.get_by_role("button", name="Record a serious incident").click()
    expect(page.get_by_role("heading", name="Record a serious incident")).to_be_visible()
    axe(page)
    page.get_by_label("Where it happened").fill("At home in Northbridge")
    page.get_by_label("A child's name").fill("Tamsin Arkwright")
    page.get_by_label("The child's date of birth").fill("2 4 2019")
    page.get_by_role("button", name="Search for a child").click()
    expect(page.get_by_text("1 child found")).to_be_visible()
    expect(page.get_by_label("Where it happened")).to_have_value("At home in Northbridge")  # typed text kept
    axe(page)
    page.get_by_label(re.compile(r"Tamsin Arkwright, born 2 April 2019")).check()
    page.get_by_role("button", name="Record the incident").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # nothing about the incident yet
    axe(page)
    fill_date(page, "Date of the incident", aware)
    fill_date(page, "Date the council became aware", aware)
    page.get_by_label("The child was seriously harmed").check()
    page.get_by_label("Abuse or neglect is suspected").check()
    page.get_by_role("group", name="Was the child looked after?").get_by_label("No").check()
    page.get_by_label("What happened").fill("Admitted to hospital with injuries the parents could not explain.")
    page.get_by_role("button", name="Record the incident").click()
    incident = SeriousIncident.objects.get()
    saved(page, f"Serious incident {incident.reference} recorded")
    expect(page.get_by_role("heading", name=f"Serious incident {incident.reference}")).to_be_visible()
    expect(page.get_by_role("cell", name="Child protection")).to_be_visible()  # from Jigsaw's own records
    axe(page)
    incident_url = page.url

    # 3. The deadline is on the manager's My work, with a link to where it is done.
    page.goto(f"{url}/")
    expect(
        page.get_by_role("link", name=re.compile("Notify the Child Safeguarding Practice Review Panel"))
    ).to_be_visible()
    axe(page)
    page.goto(incident_url)

    # 4. The notification's content for the national form, then submitted.
    page.get_by_role("link", name="The notification's content for the national form").click()
    expect(page.get_by_role("heading", name=re.compile("Notification content"))).to_be_visible()
    expect(page.get_by_text("Tamsin Arkwright", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Record the notification as submitted").click()
    axe(page)
    fill_date(page, "Date submitted", today)
    page.get_by_label("Reference given by the national form").fill("CIN-2026-0412")
    page.get_by_role("button", name="Save").click()
    saved(page, "The rapid review is due by")
    axe(page)

    # 5. The lead safeguarding partners, told by email; one confirms receipt.
    page.get_by_role("button", name="Email the lead safeguarding partners").click()
    saved(page, "Notice sent to 3 lead safeguarding partners")
    page.reload()
    expect(page.get_by_role("link", name=re.compile("Record their receipt"))).to_have_count(3)
    assert len(smtp_sink.messages) == 3
    assert "Tamsin" not in "".join(m.get_content() for m in smtp_sink.messages)
    axe(page)
    page.get_by_role("link", name=re.compile("Record their receipt")).first.click()
    axe(page)
    fill_date(page, "Date the partner confirmed they received it", today)
    page.get_by_role("button", name="Save").click()
    saved(page, "Receipt from")

    # 6. The agencies that knew the child are asked for information; the police answer on their screen.
    page.get_by_role("button", name="Ask the agencies for information").click()
    expect(page.get_by_label(re.compile(r"Northbridge Police: worked with the child"))).to_be_checked()
    axe(page)
    page.get_by_role("button", name="Send the requests").click()
    saved(page, "2 agencies asked for information")
    expect(page.get_by_role("link", name="Northbridge Police", exact=True)).to_be_visible()
    assert smtp_sink.to("sam.hollis@police.example")
    as_user(page, officer)
    page.goto(f"{url}/")
    page.get_by_role("link", name=re.compile("Send your agency's information for a rapid review")).click()
    expect(page.get_by_text("Tamsin Arkwright", exact=False)).to_be_visible()
    axe(page)
    page.get_by_label("Chronology of your agency's involvement").fill("3 November 2026: strategy discussion attended.")
    page.get_by_label("Summary").fill("Known to the public protection unit since October.")
    page.get_by_label("Practitioners involved").fill("DC Sam Hollis, public protection unit")
    page.get_by_role("button", name="Send your agency's information").click()
    saved(page, "Your agency's information was sent to the partnership")
    axe(page)
    response = page.goto(incident_url)
    assert response.status == 404  # the contact sees their own request, not the review
    as_user(page, manager)
    page.goto(incident_url)
    expect(page.locator(".govuk-tag", has_text="Received")).to_be_visible()
    pdf = page.request.get(f"{incident_url}rapid-review.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    # 6b. The rapid review meeting through the meetings engine: partners, agencies, scrutineer.
    page.get_by_role("button", name="Convene the rapid review meeting").click()
    expect(page.get_by_role("heading", name="Convene the rapid review meeting")).to_be_visible()
    axe(page)
    fill_date(page, "Date", add_working_days(today, 3))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("The independent scrutineer's name").fill("Oluwaseun Hargreaves")
    page.get_by_label("The independent scrutineer's email address").fill("scrutineer@partnership.example")
    page.get_by_role("button", name="Convene the meeting").click()
    saved(page, "Rapid review meeting convened")
    assert smtp_sink.to("scrutineer@partnership.example")
    axe(page)
    page.get_by_role("link", name=re.compile("rapid review meeting")).click()
    expect(page.get_by_role("heading", name=re.compile("Rapid review meeting"))).to_be_visible()
    axe(page)
    page.goto(incident_url)

    # 6c. The facts established, the learning, and an immediate action owned by the police officer.
    page.get_by_role("link", name="Add a fact established").click()
    axe(page)
    page.get_by_label("What the rapid review found").fill("The child was seen at hospital in October.")
    page.get_by_role("button", name="Save").click()
    saved(page, "Fact added")
    page.get_by_role("link", name="Add learning identified").click()
    page.get_by_label("What the rapid review found").fill("The hospital's concern was not shared.")
    page.get_by_role("button", name="Save").click()
    saved(page, "Learning added")
    page.get_by_role("button", name="Add an immediate action").click()
    axe(page)
    page.get_by_label("The action").fill("Check the sibling is safe and record it.")
    page.get_by_label("Who owns it").select_option(label="DC Sam Hollis, Northbridge Police")
    fill_date(page, "Due by", add_working_days(today, 2))
    page.get_by_role("button", name="Add the action").click()
    saved(page, "Action added")
    axe(page)
    as_user(page, officer)
    page.goto(f"{url}/")
    page.get_by_role("link", name=re.compile("Immediate action for a child's safety")).click()
    axe(page)
    fill_date(page, "Date it was done", today)
    page.get_by_label("What was done").fill("Seen at school; safe and well.")
    page.get_by_role("button", name="Mark it done").click()
    saved(page, "Action marked done")
    axe(page)
    as_user(page, manager)
    page.goto(incident_url)
    expect(page.locator(".govuk-tag", has_text="Done")).to_be_visible()

    # 7. The rapid review's decision, and the Panel's reply.
    page.get_by_role("button", name="Record the rapid review sent to the Panel").click()
    axe(page)
    fill_date(page, "Date the rapid review was sent to the Panel", today)
    page.get_by_label("Commission a local child safeguarding practice review").check()
    page.get_by_label("Reasons for the decision").fill("Agencies did not share what they knew.")
    page.get_by_role("button", name="Save").click()
    saved(page, "Rapid review recorded")
    page.get_by_role("button", name="Record the Panel's reply").click()
    page.get_by_label("The Panel agrees with the decision").check()
    fill_date(page, "Date of the reply", today)
    page.get_by_role("button", name="Save").click()
    saved(page, "The Panel's reply recorded")
    expect(page.get_by_text("The Panel agrees with the decision")).to_be_visible()
    axe(page)

    # 8. The child's social worker finds no trace of it.
    as_user(page, worker)
    response = page.goto(incident_url)
    assert response.status == 404
    page.goto(f"{url}/people/{child.pk}/")
    expect(page.get_by_text(incident.reference)).to_have_count(0)
    expect(page.get_by_role("link", name="Partnership reviews")).to_have_count(0)
