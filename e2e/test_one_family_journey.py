"""One family, from a school's web referral to a child protection plan, through the screens.

A teacher refers Lily through the web form; the day's duty social worker hears of it and
assigns it from the front door's queue; the assigned worker decides on a strategy discussion;
the team manager allocates the case, convenes and records the discussion with the police; the
social worker completes the section 47 enquiry; the chair convenes and records the initial
conference (a plan) and confirms which agencies are told, and they are told by email (read
from a real local SMTP server). At each hand-over the next person finds the work on their
"My work" and in "Your notifications". axe on every page.

Everything happens today (the referral is received now, and nothing can be held before it),
so the conference is held today: the service refuses a conference at a weekend or on a bank
holiday, hence the journey runs on working days only.

Two hand-overs are checked on their own below (the same walk, stopping where the next person
must have been told): the manager is notified of a strategy discussion nobody holds yet, and
the chair (who may convene a conference, which the social worker may not) hears that an initial
conference is needed and finds it on "My work" under "Conferences to arrange".
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, TeamFactory
from jigsaw.frontdoor.models import Contact
from jigsaw.frontdoor.services import duty_worker_name
from jigsaw.timescales.calendar import is_working_day


def govuk(day) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(page: Page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str | re.Pattern) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


def my_work_shows(page: Page, axe, url: str, what: str, child: str) -> None:
    """The person's "My work" to-do list has a row "<what> for <child>" (and passes axe)."""
    page.goto(f"{url}/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("link", name=f"{what} for {child}")).to_be_visible()
    axe(page)


def notified(page: Page, axe, url: str, title: str | re.Pattern) -> None:
    """The person's "Your notifications" has `title`, and its link leads to where the work is done."""
    page.goto(f"{url}/notifications/")
    expect(page.get_by_role("heading", name="Your notifications")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state("load")
    axe(page)


def walk_the_journey(
    page, live_server, as_user, make_user, axe, smtp_sink, *, manager_told: bool = False, chair_told: bool = False
) -> None:
    """The whole journey. With `manager_told` it stops where the strategy discussion is to be
    convened and asks that the manager was notified; with `chair_told`, where the conference is
    to be convened, and asks that someone who may convene it (here the chair) was told."""
    from jigsaw.people.models import Person
    from jigsaw.protection.models import PlanNotification, ProtectionPlan

    url = live_server.url
    today = timezone.localdate()
    if not is_working_day(today):
        pytest.skip("A conference cannot be held today (a weekend or bank holiday), and this journey is all today")

    csc = AgencyFactory(name="Northbridge Children's Services", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    team = TeamFactory(agency=csc, name="Safeguarding team")
    teacher = make_user(
        Role.PARTNER_PRACTITIONER,
        agency=school,
        full_name="Hannah Keane",
        job_title="Designated safeguarding lead",
        email="hannah.keane@school.example",
    )
    manager = make_user(
        Role.TEAM_MANAGER, agency=csc, team=team, full_name="Femi Adeyemi", email="femi@council.example"
    )
    duty = make_user(Role.SOCIAL_WORKER, agency=csc, team=team, full_name="Omar Haddad", email="omar@council.example")
    worker = make_user(
        Role.SOCIAL_WORKER, agency=csc, team=team, full_name="Nadia Okafor", email="nadia@council.example"
    )
    chair = make_user(Role.CP_CHAIR_IRO, agency=csc, full_name="Priya Nair", email="priya.nair@council.example")
    officer = make_user(
        Role.PARTNER_PRACTITIONER,
        agency=police,
        team=TeamFactory(agency=police, name="Public protection unit"),
        full_name="DC Sam Hollis",
        email="sam.hollis@police.example",
    )
    health = AgencyFactory(name="Ferry Road Surgery", kind=AgencyKind.HEALTH)
    make_user(
        Role.PARTNER_PRACTITIONER,
        agency=health,
        team=TeamFactory(agency=health, name="GP practice"),
        full_name="Dr Anil Mehta",
        email="anil.mehta@nhs.example",
    )
    duty_worker_name(actor=manager, worker=duty)
    partners = (
        "DC Sam Hollis, Northbridge Police, sam.hollis@police.example\n"
        "Dr Anil Mehta, Ferry Road Surgery, anil.mehta@nhs.example"
    )

    # 1. The teacher refers Lily through the web form.
    as_user(page, teacher)
    page.goto(f"{url}/")
    page.get_by_role("link", name="Your referrals").click()
    expect(page.get_by_role("heading", name="Your referrals")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Make a referral").click()
    expect(page.get_by_role("heading", name="Make a referral to children's social care")).to_be_visible()
    axe(page)
    page.get_by_label("Given names", exact=True).fill("Lily")
    page.get_by_label("Family name", exact=True).fill("O'Rourke")
    page.get_by_label("Address line 1").fill("3 Canal Row")
    page.get_by_label("Postcode").fill("LS28 6AB")
    page.get_by_label("What are you worried about?").fill(
        "Lily has a bruise on her cheek she says her mum's partner gave her, and she is frightened to go home."
    )
    page.get_by_label("Phone number the front door can reach you on").fill("0113 496 0202")
    page.get_by_role("group", name="Does the family know you are making this referral?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("group", name="Has the family agreed to information being shared?").get_by_label(
        "Not sought"
    ).check()
    page.get_by_label("Why was consent refused or not sought?").fill("Asking could put Lily at risk")
    page.get_by_role("radio", name=re.compile("Public task")).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    contact = Contact.objects.get()
    axe(page)

    # 2. The duty social worker is told, finds it in the front door's queue and assigns it.
    as_user(page, duty)
    notified(page, axe, url, re.compile(f"New referral {contact.reference}"))
    page.goto(f"{url}/")
    page.get_by_role("link", name="Front door").click()
    expect(page.get_by_role("link", name=contact.reference, exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("link", name=contact.reference, exact=True).click()
    page.get_by_role("link", name=re.compile("Link or add")).click()
    axe(page)
    page.get_by_role("button", name=re.compile("as a new person")).click()
    expect(page.get_by_text("linked to a record")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Assign")).first.click()
    expect(page.get_by_role("heading", name="Assign the contact")).to_be_visible()
    axe(page)
    page.get_by_role("radio", name=re.compile("Nadia Okafor")).check()
    page.get_by_role("button", name="Assign the contact").click()
    expect(page.get_by_text(f"Contact {contact.reference} assigned to Nadia Okafor")).to_be_visible()
    child = Person.objects.get(family_name="O'Rourke")
    name = child.display_name

    # 3. The assigned worker sees it, and decides: a strategy discussion.
    as_user(page, worker)
    my_work_shows(page, axe, url, "Decide on a referral and tell the referrer", name)
    notified(page, axe, url, re.compile(f"Contact {contact.reference}"))
    expect(page.get_by_role("heading", name=re.compile("Contact received"))).to_be_visible()
    page.get_by_role("group", name="Decision").get_by_label("Strategy discussion", exact=True).check()
    page.get_by_label("Reasons for the decision").fill("A bruise to the face from an adult at home: significant harm")
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_label("What to tell the referrer").fill("Thank you. We are talking with the police today.")
    page.get_by_role("button", name="Record the decision").click()
    saved(page, re.compile(r"Decision recorded \(on time\): Strategy discussion"))
    expect(page.get_by_text("Hannah Keane has been told the outcome")).to_be_visible()
    axe(page)

    # The teacher hears the outcome.
    as_user(page, teacher)
    notified(page, axe, url, re.compile(f"Outcome of your referral {contact.reference}"))
    expect(page.get_by_text("We are talking with the police today.")).to_be_visible()

    # 4. The team manager sees the strategy discussion to hold, allocates the case and convenes it.
    as_user(page, manager)
    my_work_shows(page, axe, url, "Hold the strategy discussion", name)
    if manager_told:
        notified(page, axe, url, re.compile(f"strategy discussion.*{re.escape(name)}", re.IGNORECASE))
        return
    page.goto(f"{url}/front-door/contacts/{contact.pk}/")
    page.get_by_role("link", name=f"{name}: referral of {govuk(today)}").click()
    expect(page.get_by_role("heading", name=re.compile(re.escape(name)))).to_be_visible()
    axe(page)
    page.get_by_label("Allocate to").select_option(label="Nadia Okafor (Safeguarding team)")
    page.get_by_role("button", name="Allocate").click()
    saved(page, "Case allocated")
    page.goto(f"{url}/protection/")
    expect(page.get_by_role("heading", name="Child protection", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("link", name=f"Convene a strategy discussion for {name}").click()
    expect(page.get_by_role("heading", name="Convene a strategy discussion")).to_be_visible()
    axe(page)
    page.get_by_label("Concerns").fill("A bruise to the cheek; Lily is frightened to go home.")
    fill_date(page, "Date", today)
    page.get_by_label("Start time").fill("9:00")
    page.get_by_label("Other people to invite (optional)").fill(partners)
    page.get_by_role("button", name="Convene and send invitations").click()
    saved(page, "Strategy discussion convened")
    strategy_discussion_url = page.url
    axe(page)

    # The police officer is invited: in their notifications, and by email.
    as_user(page, officer)
    notified(page, axe, url, re.compile("You are invited"))
    assert smtp_sink.to("sam.hollis@police.example"), "the police were not emailed the invitation"

    as_user(page, manager)
    page.goto(strategy_discussion_url)
    page.get_by_role("link", name="Record the strategy discussion").click()
    expect(page.get_by_role("heading", name="Record the strategy discussion")).to_be_visible()
    axe(page)
    fill_date(page, "Date held", today)
    for radio in page.get_by_label("Attended", exact=True).all():
        radio.check()
    page.get_by_label(f"Information shared about {name}").fill("Police: a call-out to the address last month.")
    page.get_by_role("group", name=f"Do section 47 enquiries start for {name}?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Reason for the decision").fill("Reasonable cause to suspect significant harm")
    page.get_by_role("button", name="Save").click()
    saved(page, "Strategy discussion recorded")

    # 5. The social worker was told the case is hers, sees what the enquiry leads to on My work and completes it.
    as_user(page, worker)
    notified(page, axe, url, f"{name}'s child in need episode is allocated to you")
    # The enquiry has no clock of its own: the conference it may lead to is due within 15
    # working days of the strategy discussion, and that is what the worker is held to.
    my_work_shows(page, axe, url, "Hold the initial child protection conference", name)
    page.goto(f"{url}/protection/children/{child.pk}/")
    page.get_by_role("link", name="Section 47 enquiry", exact=True).click()
    expect(page.get_by_role("heading", name="Complete the section 47 enquiry")).to_be_visible()
    axe(page)
    fill_date(page, "Date completed", today)
    page.get_by_label("Initial child protection conference", exact=True).check()
    page.get_by_role("button", name="Save").click()
    saved(page, "Section 47 enquiry completed")

    # 6. The chair convenes and records the initial conference: a plan.
    as_user(page, chair)
    if chair_told:
        notified(page, axe, url, re.compile(f"conference for {re.escape(name)}"))
        my_work_shows(page, axe, url, "Hold the initial child protection conference", name)
        return
    page.goto(f"{url}/protection/children/{child.pk}/")
    page.get_by_role("link", name="Initial child protection conference", exact=True).click()
    expect(page.get_by_role("heading", name="Convene a child protection conference")).to_be_visible()
    axe(page)
    fill_date(page, "Date", today)
    page.get_by_label("Start time").fill("1:30pm")
    page.get_by_label("Other people to invite (optional)").fill(
        partners + "\nHannah Keane, Riverside Primary School, hannah.keane@school.example"
    )
    page.get_by_role("button", name="Convene and send invitations").click()
    saved(page, "Initial child protection conference convened")
    page.get_by_role("link", name="Initial child protection conference", exact=True).click()
    expect(page.get_by_role("heading", name="Record the initial child protection conference")).to_be_visible()
    axe(page)
    fill_date(page, "Date held", today)
    for radio in page.get_by_label("Attended", exact=True).all():
        radio.check()
    page.get_by_role("group", name="Does the child need a child protection plan?").get_by_label(
        "Child protection plan", exact=True
    ).check()
    page.get_by_role("group", name="Category of abuse").get_by_label("Physical abuse").check()
    page.get_by_label("Lead practitioner").select_option(label="Nadia Okafor")
    page.get_by_role("button", name="Save").click()
    saved(page, "Initial child protection conference recorded")

    # 7. The chair is asked to confirm who is told; the agencies are told by email.
    notified(page, axe, url, f"Confirm which agencies are told that {name}'s child protection plan started")
    expect(page.get_by_role("heading", name="Tell the agencies the plan started")).to_be_visible()
    page.get_by_role("button", name="Confirm and send").click()
    saved(page, "agencies are being told")
    axe(page)
    # In tests the task queue runs a task as soon as it is queued (ImmediateBackend), so the
    # send task queued when the chair confirmed has run, as the worker would run it. Run it
    # once more as the cron would: nothing is sent twice.
    from jigsaw.protection.tasks import send_plan_notifications

    send_plan_notifications.call(plan_id=ProtectionPlan.objects.get(person=child).pk)
    for address in ("sam.hollis@police.example", "anil.mehta@nhs.example", "hannah.keane@school.example"):
        told = [m for m in smtp_sink.to(address) if m["Subject"] == f"Child protection plan started: {name}"]
        assert len(told) == 1, f"{address} was told {len(told)} times"
        assert "Physical abuse" in told[0].get_content()
    assert not PlanNotification.objects.filter(sent_at__isnull=True, withheld=False).exists()

    # 8. The lead practitioner hears of the plan and sees the next step on My work.
    as_user(page, worker)
    notified(page, axe, url, f"You are the lead practitioner for {name}'s child protection plan")
    expect(page.get_by_role("heading", name=f"Child protection plan: {name}")).to_be_visible()
    my_work_shows(page, axe, url, "Hold the first core group meeting", name)


@pytest.mark.django_db(transaction=True)
def test_one_family_from_a_schools_web_referral_to_a_child_protection_plan(
    page, live_server, as_user, make_user, axe, smtp_sink
):
    walk_the_journey(page, live_server, as_user, make_user, axe, smtp_sink)


@pytest.mark.django_db(transaction=True)
def test_the_chair_hears_an_initial_conference_is_needed(page, live_server, as_user, make_user, axe, smtp_sink):
    walk_the_journey(page, live_server, as_user, make_user, axe, smtp_sink, chair_told=True)


@pytest.mark.django_db(transaction=True)
def test_the_manager_is_notified_of_a_strategy_discussion_to_hold(
    page, live_server, as_user, make_user, axe, smtp_sink
):
    walk_the_journey(page, live_server, as_user, make_user, axe, smtp_sink, manager_told=True)
