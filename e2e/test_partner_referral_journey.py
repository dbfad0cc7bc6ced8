"""A teacher's referral, from the web form to the outcome they are told: the teacher refers,
the front door manager links the child and assigns the contact with each worker's caseload in
view, the worker sees it on "My work" and decides, telling the referrer, and the teacher sees
the outcome under "Your referrals". axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory
from jigsaw.frontdoor.models import Contact


@pytest.mark.django_db(transaction=True)
def test_a_teachers_referral_reaches_a_decision_and_the_teacher_hears_the_outcome(
    page, live_server, as_user, make_user, axe
):
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    teacher = make_user(
        Role.PARTNER_PRACTITIONER, agency=school, full_name="Hannah Keane", job_title="Designated safeguarding lead"
    )
    manager = make_user(Role.TEAM_MANAGER, full_name="Femi Adeyemi")
    worker = make_user(Role.SOCIAL_WORKER, full_name="Nadia Okafor")

    # The teacher makes a referral: only what they can use is in their menu.
    as_user(page, teacher)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Front door")).to_have_count(0)
    page.get_by_role("link", name="Your referrals").click()
    expect(page.get_by_role("heading", name="Your referrals")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Make a referral").click()
    expect(page.get_by_role("heading", name="Make a referral to children's social care")).to_be_visible()
    axe(page)
    page.get_by_label("Given names", exact=True).fill("Kacey")
    page.get_by_label("Family name", exact=True).fill("O'Donnell")
    page.get_by_label("Address line 1").fill("12 Mill Lane")
    page.get_by_label("Postcode").fill("LS28 5QS")
    page.get_by_label("What are you worried about?").fill(
        "Kacey has come to school hungry every day this week and says there is no food at home."
    )
    page.get_by_label("Phone number the front door can reach you on").fill("0113 496 0101")
    page.get_by_role("group", name="Does the family know you are making this referral?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("group", name="Has the family agreed to information being shared?").get_by_label(
        "Not sought"
    ).check()
    # A missing answer: the form says so and keeps what was typed.
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why consent was not sought")
    expect(page.get_by_label("Family name", exact=True)).to_have_value("O'Donnell")
    axe(page)
    page.get_by_label("Why was consent refused or not sought?").fill("Asking could put Kacey at risk")
    page.get_by_role("radio", name=re.compile("Public task")).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    contact = Contact.objects.get()
    expect(page.get_by_text(contact.reference)).to_be_visible()
    axe(page)

    # The front door manager links the child and assigns the contact, seeing each caseload.
    as_user(page, manager)
    page.goto(f"{live_server.url}/")
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
    expect(page.get_by_text("Nadia Okafor, Front door: 0 children allocated, 0 open contacts")).to_be_visible()
    axe(page)
    page.get_by_role("radio", name=re.compile("Nadia Okafor")).check()
    page.get_by_role("button", name="Assign the contact").click()
    expect(page.get_by_text(f"Contact {contact.reference} assigned to Nadia Okafor")).to_be_visible()

    # The worker sees it on My work and in their notifications, and decides.
    as_user(page, worker)
    page.goto(f"{live_server.url}/")
    # (My work's filters list the same task and child as options: the row's link is what is read.)
    expect(
        page.get_by_role("link", name="Decide on a referral and tell the referrer for Kacey O'Donnell")
    ).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("link", name=re.compile(f"Contact {contact.reference}")).click()
    expect(page.get_by_role("heading", name=re.compile("Contact received"))).to_be_visible()
    axe(page)
    page.get_by_role("group", name="Decision").get_by_label("Early help or early support").check()
    page.get_by_label("Reasons for the decision").fill("Family support will help with food and routines")
    page.get_by_label("What to tell the referrer").fill(
        "Thank you for your referral. The family will be offered early help."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Hannah Keane has been told the outcome")).to_be_visible()
    axe(page)

    # The teacher sees the outcome, in words fit for them, and not the front door's reasons.
    as_user(page, teacher)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("link", name=re.compile(f"Outcome of your referral {contact.reference}")).click()
    expect(page.get_by_text("The family will be offered early help.")).to_be_visible()
    expect(page.get_by_text("Family support will help with food")).to_have_count(0)
    axe(page)
    page.get_by_role("link", name="Your referrals").first.click()
    expect(page.get_by_text("Decided")).to_be_visible()
    axe(page)
