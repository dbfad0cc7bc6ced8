"""One child, from a school's phone call to the first review conference, through the screens.

A business support officer signs in and records the contact; a team manager decides on a
strategy discussion, allocates the case, convenes and records the discussion with the
police and health; the social worker completes the section 47 enquiry; the chair convenes
and records the initial conference (a plan for neglect), then the first review (the plan
continues). Along the way: who was told of the plan, the deadlines, and the chronology.

The events are dated on working days counted back from today (the services refuse a
meeting recorded before its day and a conference at a weekend), so the journey runs the
same on any day of the week. Only the people, users and agencies are made beforehand.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.people.models import ContactDetail
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory
from jigsaw.timescales.calendar import add_working_days
from jigsaw.timescales.rules import deadline_for


def govuk(day: dt.date) -> str:
    """A date as the screens write it: 7 March 2027."""
    return f"{day.day} {day:%B %Y}"


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str | re.Pattern) -> None:
    """The green banner a screen shows after it saved something."""
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


def summary_row(page: Page, key: str, within: Locator | None = None) -> Locator:
    """The row of a summary list whose key is exactly `key`."""
    scope = within if within is not None else page
    return scope.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    )


def attended_by_everyone(page: Page) -> None:
    for radio in page.get_by_label("Attended", exact=True).all():
        radio.check()


@pytest.mark.django_db(transaction=True)
def test_one_child_from_contact_to_review_conference(page, live_server, sign_in, as_user, make_user, axe):
    from jigsaw.people.matching import index_persons
    from jigsaw.protection.models import Conference, ProtectionPlan

    url = live_server.url
    today = timezone.localdate()

    def ago(n: int) -> dt.date:
        return add_working_days(today, -n)

    contact_day, strategy_day, s47_day, icpc_day, review_day = ago(8), ago(7), ago(5), ago(4), ago(1)

    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    health = AgencyFactory(name="Ferry Road Surgery", kind=AgencyKind.HEALTH)
    AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION)
    officer = make_user(Role.BUSINESS_SUPPORT, agency=csc, full_name="Dawn Pickering")
    manager = make_user(Role.TEAM_MANAGER, agency=csc, full_name="Ruth Adeyemi", email="ruth@council.example")
    worker = make_user(
        Role.SOCIAL_WORKER,
        agency=csc,
        team=TeamFactory(agency=csc, name="Safeguarding team"),
        full_name="Tom Okafor",
        email="tom@council.example",
    )
    chair = make_user(Role.CP_CHAIR_IRO, agency=csc, full_name="Priya Nair", email="priya.nair@council.example")
    make_user(
        Role.PARTNER_PRACTITIONER,
        agency=police,
        team=TeamFactory(agency=police, name="Public protection unit"),
        full_name="DC Sam Hollis",
        email="sam.hollis@police.example",
    )
    make_user(
        Role.PARTNER_PRACTITIONER,
        agency=health,
        team=TeamFactory(agency=health, name="GP practice"),
        full_name="Dr Anil Mehta",
        email="anil.mehta@nhs.example",
    )
    child = PersonFactory(given_names="Maisie", family_name="Calder", date_of_birth=dt.date(2016, 5, 11))
    mother = PersonFactory(given_names="Kerry", family_name="Calder", date_of_birth=dt.date(1991, 8, 2))
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    ContactDetail.objects.create(person=mother, kind="email", value="kerry.calder@home.example")
    AddressFactory(person=child, line_1="14 Mill Lane", postcode="LS28 5QS")
    index_persons([child.pk, mother.pk])
    partners = "\n".join(
        (
            "DC Sam Hollis, Northbridge Police, sam.hollis@police.example",
            "Dr Anil Mehta, Ferry Road Surgery, anil.mehta@nhs.example",
        )
    )

    # 1. The business support officer takes the school's call.
    sign_in(page, officer)
    axe(page)
    page.get_by_role("link", name="Front door", exact=True).click()
    expect(page.get_by_role("heading", name="Front door", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Record a contact").click()

    expect(page.get_by_role("heading", name="About the caller")).to_be_visible()
    axe(page)
    fill_date(page, "Date the contact was received", contact_day)
    page.get_by_label("Time the contact was received").fill("9:30")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Professional", exact=True).check()
    page.get_by_label("Caller's name").fill("Priya Shah")
    page.get_by_label("Caller's agency").select_option(label="Ferry Road Primary School")
    page.get_by_label("Caller's job or role (optional)").fill("Designated safeguarding lead")
    page.get_by_label("Caller's relationship to the family").fill("Maisie's school")
    page.get_by_label("How do they know the family? (optional)").fill("Maisie has been at the school since 2021")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Consent and the family's knowledge")).to_be_visible()
    axe(page)
    page.get_by_role("group", name="Does the family know about the contact?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Given", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Children and adults")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Find a child or adult").click()
    expect(page.get_by_role("heading", name="Is this child or adult already known?")).to_be_visible()
    page.get_by_label("Relationship").fill("Subject child")
    page.get_by_label("Name").fill("Maisie Calder")
    page.get_by_label("Date of birth").fill("11/5/2016")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Maisie Calder")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Add Maisie Calder as a child").click()
    saved(page, "Maisie Calder added to the contact")
    expect(page.get_by_text(f"Maisie Calder ({child.council_id}), born 11 May 2016")).to_be_visible()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="The worries")).to_be_visible()
    axe(page)
    page.get_by_label("What are the caller's worries?").fill(
        "Maisie came to school hungry for the third day running, in the same clothes, "
        "with a burn on her hand she would not talk about."
    )
    page.get_by_label("What should the caller do if they are worried again? (optional)").fill(
        "Call the front door straight away, or 999 if Maisie is in danger"
    )
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Level of need")).to_be_visible()
    axe(page)
    page.get_by_label("Specialist", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before recording the contact")).to_be_visible()
    expect(page.get_by_text(f"{contact_day.day} {contact_day:%B %Y} at 09:30")).to_be_visible()
    expect(page.get_by_text("Designated safeguarding lead")).to_be_visible()
    expect(page.get_by_text(re.compile(r"with a burn on her hand"))).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Contact received"))).to_be_visible()
    saved(page, re.compile(r"Contact .+ recorded\. A decision is due by"))
    expect(page.get_by_role("link", name="Maisie Calder")).to_be_visible()
    expect(page.get_by_text("Awaiting a decision by a social worker or a manager.")).to_be_visible()
    axe(page)

    # 2. The team manager decides: a strategy discussion. Then allocates the case.
    as_user(page, manager)
    page.goto(f"{url}/front-door/")
    page.get_by_role("row", name=re.compile("Maisie Calder")).get_by_role(
        "link", name=re.compile(r"^C\d+$")
    ).click()  # the contact, not "Assign"
    expect(page.get_by_role("heading", name=re.compile(r"^Contact received"))).to_be_visible()
    axe(page)
    page.get_by_label("Strategy discussion", exact=True).check()
    page.get_by_label("Reasons for the decision").fill(
        "An unexplained burn and signs of neglect: significant harm is suspected"
    )
    page.get_by_label("Primary need").select_option("N1")
    fill_date(page, "Date of the decision", contact_day)
    page.get_by_label("Time of the decision").fill("11:00")
    page.get_by_role("button", name="Record the decision").click()
    saved(page, "Decision recorded (on time): Strategy discussion")
    axe(page)

    page.get_by_role("link", name=f"Maisie Calder: referral of {govuk(contact_day)}").click()
    expect(page.get_by_role("heading", name=re.compile("Maisie Calder"))).to_be_visible()
    expect(page.get_by_text("N1 Abuse or neglect")).to_be_visible()
    axe(page)
    page.get_by_label("Allocate to").select_option(label="Tom Okafor (Safeguarding team)")
    page.get_by_role("button", name="Allocate").click()
    saved(page, "Case allocated")

    # 3. The team manager convenes the strategy discussion with the police and health, then records it.
    page.get_by_role("link", name="Child protection", exact=True).click()
    expect(page.get_by_role("heading", name="Child protection", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Convene a strategy discussion for Maisie Calder").click()
    expect(page.get_by_role("heading", name="Convene a strategy discussion")).to_be_visible()
    axe(page)
    page.get_by_label("Concerns").fill("A burn to the hand, unexplained. Hungry and unkempt at school.")
    fill_date(page, "Date", strategy_day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place (optional)").fill("Room 4, Civic Centre")
    page.get_by_label("Other people to invite (optional)").fill(partners)
    page.get_by_role("button", name="Convene and send invitations").click()
    saved(page, "Strategy discussion convened. Invitations are on their way")
    expect(page.get_by_role("heading", name="Strategy discussion: Maisie Calder")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Record the strategy discussion").click()
    expect(page.get_by_role("heading", name="Record the strategy discussion")).to_be_visible()
    for who in ("Ruth Adeyemi (Convener)", "DC Sam Hollis (Northbridge Police)", "Dr Anil Mehta (Ferry Road Surgery)"):
        expect(page.get_by_role("group", name=who)).to_be_visible()
    axe(page)
    fill_date(page, "Date held", strategy_day)
    attended_by_everyone(page)
    page.get_by_label("Information shared about Maisie Calder").fill(
        "Police: two call-outs to the address this year. GP: Maisie missed her last two appointments."
    )
    page.get_by_role("group", name="Do section 47 enquiries start for Maisie Calder?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("Reason for the decision").fill("Reasonable cause to suspect significant harm")
    page.get_by_role("button", name="Save").click()
    saved(page, "Strategy discussion recorded")
    expect(summary_row(page, "Held")).to_contain_text(govuk(strategy_day))
    expect(summary_row(page, "Section 47 enquiries")).to_contain_text("Yes")

    # 4. The social worker completes the section 47 enquiry: an initial conference is needed.
    as_user(page, worker)
    page.goto(f"{url}/protection/children/{child.pk}/")
    expect(page.get_by_role("heading", name="Child protection: Maisie Calder")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Section 47 enquiry", exact=True).click()
    expect(page.get_by_role("heading", name="Complete the section 47 enquiry")).to_be_visible()
    expect(page.get_by_text(f"Started {govuk(strategy_day)}.")).to_be_visible()
    axe(page)
    fill_date(page, "Date completed", s47_day)
    page.get_by_label("Initial child protection conference", exact=True).check()
    page.get_by_label("Summary of the findings (optional)").fill("Neglect substantiated; the burn is not explained.")
    page.get_by_role("button", name="Save").click()
    saved(page, "Section 47 enquiry completed")
    section_47s = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Outcome"))
    expect(section_47s).to_contain_text("Initial child protection conference")

    # 5. The chair convenes the initial conference and records it: a plan for neglect.
    as_user(page, chair)
    page.goto(f"{url}/protection/children/{child.pk}/")
    page.get_by_role("link", name="Initial child protection conference", exact=True).click()
    expect(page.get_by_role("heading", name="Convene a child protection conference")).to_be_visible()
    expect(page.get_by_label("Initial child protection conference", exact=True)).to_be_checked()
    axe(page)
    fill_date(page, "Date", icpc_day)
    page.get_by_label("Start time").fill("1:30pm")
    page.get_by_label("Place (optional)").fill("Conference room 1, Civic Centre")
    expect(page.get_by_label("Chair")).to_have_value(str(chair.pk))
    page.get_by_label("Other people to invite (optional)").fill(
        partners + "\nPriya Shah, Ferry Road Primary School, priya.shah@school.example"
    )
    page.get_by_role("button", name="Convene and send invitations").click()
    saved(page, "Initial child protection conference convened. The family and agencies are being invited")
    conferences = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Dissent"))
    expect(conferences).to_contain_text(f"Set for {govuk(icpc_day)}")

    page.get_by_role("link", name="Initial child protection conference", exact=True).click()
    expect(page.get_by_role("heading", name="Record the initial child protection conference")).to_be_visible()
    axe(page)
    fill_date(page, "Date held", icpc_day)
    attended_by_everyone(page)
    page.get_by_role("group", name="Priya Shah (Ferry Road Primary School)").get_by_label("Sent apologies").check()
    decision = page.get_by_role("group", name="Does the child need a child protection plan?")
    decision.get_by_label("Child protection plan", exact=True).check()
    page.get_by_role("group", name="Category of abuse").get_by_label("Neglect").check()
    page.get_by_label("Lead practitioner").select_option(label="Tom Okafor")
    core_group = page.get_by_role("group", name="Core group members (optional)")
    # Any of the six people invited may join the core group, several at once: checkboxes.
    expect(core_group.get_by_role("checkbox")).to_have_count(6)
    for member in (
        "Tom Okafor (Social worker)",
        "Kerry Calder (Parent)",
        "DC Sam Hollis (Northbridge Police)",
        "Dr Anil Mehta (Ferry Road Surgery)",
        "Priya Shah (Ferry Road Primary School)",
    ):
        core_group.get_by_role("checkbox", name=member).check()
    page.get_by_label("Dissent (optional)").fill("Kerry Calder disagreed that Maisie needs a plan.")
    page.get_by_role("button", name="Save").click()
    saved(page, "Initial child protection conference recorded")

    # 6. The chair confirms which agencies are told, as the record shows them (check your answers).
    expect(page.get_by_role("heading", name="Tell the agencies the plan started")).to_be_visible()
    to_tell = page.get_by_role("group", name="Agencies to tell")
    for who in ("DC Sam Hollis", "Dr Anil Mehta", "Priya Shah", "Tom Okafor"):
        expect(to_tell.get_by_role("checkbox", name=re.compile(who))).to_be_checked()
    expect(to_tell).not_to_contain_text("kerry.calder@home.example")
    axe(page)
    page.get_by_role("button", name="Confirm and send").click()
    saved(page, "agencies are being told")
    expect(page.get_by_role("heading", name="Child protection plan: Maisie Calder")).to_be_visible()
    axe(page)

    # The record shows the plan, who was told, and the deadlines it started.
    page.goto(f"{url}/protection/children/{child.pk}/")
    expect(page.get_by_role("heading", name=f"Plan from {govuk(icpc_day)} (open)")).to_be_visible()
    plan_summary = page.locator(".govuk-summary-list").filter(has_text="Initial category")
    expect(summary_row(page, "Started", plan_summary)).to_contain_text(govuk(icpc_day))
    expect(summary_row(page, "Initial category", plan_summary)).to_contain_text("Neglect")
    expect(summary_row(page, "Lead practitioner", plan_summary)).to_contain_text("Tom Okafor")
    expect(conferences).to_contain_text("Child protection plan: Neglect")
    expect(conferences).to_contain_text("Kerry Calder disagreed that Maisie needs a plan.")
    core = page.get_by_role("table", name="Core group", exact=True)
    for name in ("Tom Okafor", "Kerry Calder", "DC Sam Hollis", "Dr Anil Mehta", "Priya Shah"):
        expect(core).to_contain_text(name)
    told = page.get_by_role("table", name="Agencies told")
    sent_today = govuk(timezone.localdate())  # sent as the chair confirmed
    for agency, who in (
        ("Northbridge Police", "DC Sam Hollis (sam.hollis@police.example)"),
        ("Ferry Road Surgery", "Dr Anil Mehta (anil.mehta@nhs.example)"),
        ("Ferry Road Primary School", "Priya Shah (priya.shah@school.example)"),
        ("Northbridge Children's Services", "Tom Okafor (tom@council.example)"),
    ):
        row = told.get_by_role("row").filter(has_text=who)
        expect(row).to_contain_text("Plan started")
        expect(row).to_contain_text(agency)
        expect(row).to_contain_text(sent_today)
    # The family is told by the social worker, not by this email.
    expect(told).not_to_contain_text("kerry.calder@home.example")
    axe(page)

    page.get_by_role("link", name="All deadlines for Maisie Calder").click()
    expect(page.get_by_role("heading", name="Deadlines for Maisie Calder")).to_be_visible()
    running = page.get_by_role("table", name=re.compile(r"^Running deadlines"))
    first_core_group = running.get_by_role("row").filter(has_text="Hold the first core group meeting")
    expect(first_core_group).to_contain_text(govuk(icpc_day))
    expect(first_core_group).to_contain_text(govuk(add_working_days(icpc_day, 10)))
    first_review = running.get_by_role("row").filter(has_text="Hold the first review child protection conference")
    # Three months on, or the last working day before if that is a weekend or bank holiday.
    expect(first_review).to_contain_text(govuk(deadline_for("first_review_conference", icpc_day)))
    finished = page.get_by_role("table", name=re.compile(r"^Finished deadlines"))
    expect(finished.get_by_role("row").filter(has_text="Hold the initial child protection conference")).to_contain_text(
        "on time"
    )
    axe(page)

    # 7. The chair convenes and records the first review: the plan continues.
    page.goto(f"{url}/protection/children/{child.pk}/")
    page.get_by_role("link", name="Review conference", exact=True).click()
    expect(page.get_by_role("heading", name="Convene a child protection conference")).to_be_visible()
    expect(page.get_by_label("Review child protection conference", exact=True)).to_be_checked()
    fill_date(page, "Date", review_day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Online meeting link (optional)").fill("https://meet.council.example/review-calder")
    page.get_by_role("button", name="Convene and send invitations").click()
    saved(page, "Review child protection conference convened. The family and agencies are being invited")
    expect(conferences).to_contain_text(f"Set for {govuk(review_day)}")

    page.get_by_role("link", name="Review conference", exact=True).click()
    expect(page.get_by_role("heading", name="Record the review child protection conference")).to_be_visible()
    # The core group is invited without being typed again.
    for who in ("DC Sam Hollis", "Dr Anil Mehta", "Priya Shah", "Kerry Calder", "Tom Okafor"):
        expect(page.get_by_role("group", name=re.compile(f"^{who}"))).to_be_visible()
    expect(page.get_by_role("group", name="Category of abuse").get_by_label("Neglect")).to_be_checked()
    expect(page.get_by_label("Lead practitioner")).to_have_value(str(worker.pk))
    axe(page)
    fill_date(page, "Date held", review_day)
    attended_by_everyone(page)
    page.get_by_role("group", name="Does the plan continue?").get_by_label("Plan continues").check()
    page.get_by_role("button", name="Save").click()
    saved(page, "Review child protection conference recorded")
    review_row = conferences.get_by_role("row").filter(has_text="Review child protection conference")
    expect(review_row).to_contain_text(govuk(review_day))
    expect(review_row).to_contain_text("Plan continues: Neglect")
    expect(page.get_by_role("heading", name=f"Plan from {govuk(icpc_day)} (open)")).to_be_visible()
    axe(page)

    # 8. The lead practitioner heard of the plan, with a link to it.
    as_user(page, worker)
    page.goto(f"{url}/notifications/")
    page.get_by_role("link", name="You are the lead practitioner for Maisie Calder's child protection plan").click()
    expect(page.get_by_role("heading", name="Child protection plan: Maisie Calder")).to_be_visible()
    axe(page)

    # 9. The chronology tells the story, from the person record.
    page.goto(f"{url}/people/{child.pk}/")
    page.get_by_role("link", name="Chronology of Maisie Calder").click()
    expect(page.get_by_role("heading", name="Chronology", exact=True)).to_be_visible()
    for kind, day, summary in (
        ("Contact", contact_day, ""),
        ("Contact decision", contact_day, "Strategy discussion"),
        ("Strategy discussion", strategy_day, "Strategy discussion held: section 47 enquiries to start"),
        ("Section 47 enquiry started", strategy_day, "Section 47 enquiries started"),
        ("Section 47 enquiry outcome", s47_day, "Section 47 enquiry completed: initial child protection conference"),
        ("Child protection plan started", icpc_day, "Child protection plan started: neglect"),
    ):
        item = page.locator(".moj-timeline__item").filter(has=page.get_by_role("heading", name=kind, exact=True))
        expect(item).to_have_count(1)
        expect(item).to_contain_text(govuk(day))
        expect(item).to_contain_text(summary)
    conference_entries = page.locator(".moj-timeline__item").filter(
        has=page.get_by_role("heading", name="Child protection conference", exact=True)
    )
    expect(conference_entries).to_have_count(2)
    expect(conference_entries.filter(has_text="Initial child protection conference held")).to_contain_text(
        govuk(icpc_day)
    )
    expect(conference_entries.filter(has_text="Review child protection conference held")).to_contain_text(
        "plan continues"
    )
    axe(page)

    plan = ProtectionPlan.objects.get(person=child)
    assert plan.ended_on is None and plan.category == "NEG" and plan.started_on == icpc_day
    assert list(Conference.objects.filter(person=child).order_by("held_on").values_list("kind", "decision")) == [
        ("initial", "plan"),
        ("review", "continue"),
    ]
