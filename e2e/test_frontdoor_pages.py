"""The front door in the browser: a business support officer walks the contact question
flow (errors included), a social worker decides and opens the episode; every page passes axe."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory
from jigsaw.people.matching import index_persons
from jigsaw.people.tests.factories import AddressFactory, PersonFactory


@pytest.mark.django_db(transaction=True)
def test_contact_flow_decision_and_episode_pass_axe(page, live_server, as_user, make_user, axe):
    from jigsaw.frontdoor.models import Contact, Episode

    AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION)
    child = PersonFactory(given_names="Amelia", family_name="Rowntree", date_of_birth=dt.date(2015, 3, 2))
    mother = PersonFactory(given_names="Gemma", family_name="Rowntree", date_of_birth=dt.date(1990, 6, 1))
    AddressFactory(person=child, line_1="9 Ferry Road", postcode="LS28 5QS")
    InvolvementFactory(person=child, service="Child in need")
    index_persons([child.pk, mother.pk])
    url = live_server.url

    officer = make_user(Role.BUSINESS_SUPPORT)
    as_user(page, officer)
    page.goto(f"{url}/front-door/")
    axe(page)
    page.get_by_role("button", name="Record a contact").click()

    # About the caller: first with mistakes, which are shown and keep what was typed.
    expect(page.get_by_role("heading", name="About the caller")).to_be_visible()
    axe(page)
    typed_time = page.get_by_label("Time the contact was received").input_value()  # now, filled in
    page.get_by_label("Time the contact was received").fill("25:99")
    page.get_by_label("Professional", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the caller's name")
    expect(page.get_by_label("Time the contact was received")).to_have_value("25:99")
    axe(page)
    page.get_by_label("Time the contact was received").fill(typed_time)
    page.get_by_label("Caller's name").fill("Priya Shah")
    page.get_by_label("Caller's agency").select_option(label="Ferry Road Primary School")
    page.get_by_label("Caller's relationship to the family").fill("Class teacher")
    page.get_by_role("button", name="Continue").click()

    # Consent refused: the reason and the lawful basis are needed.
    expect(page.get_by_role("heading", name="Consent and the family's knowledge")).to_be_visible()
    axe(page)
    page.get_by_role("group", name="Does the family know about the contact?").get_by_label("No", exact=True).check()
    page.get_by_label("Refused", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why consent was refused")
    axe(page)
    page.get_by_label("Why was consent refused or not sought?").fill("Mother refused; Amelia is scared of her partner")
    page.get_by_label(re.compile("Public task")).check()
    page.get_by_role("button", name="Continue").click()

    # Children and adults: the known child through "already known?", a new brother.
    expect(page.get_by_role("heading", name="Children and adults")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Find a child or adult").click()
    axe(page)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name, a date of birth or a postcode")
    axe(page)
    page.get_by_label("Relationship").fill("Subject child")
    page.get_by_label("Name").fill("Amelia Rowntree")
    page.get_by_label("Date of birth").fill("2/3/2015")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Child in need").first).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Add Amelia Rowntree as a child").click()
    expect(page.get_by_text("Amelia Rowntree added to the contact")).to_be_visible()
    page.get_by_role("link", name="Find a child or adult").click()
    page.get_by_label("Relationship").fill("Brother")
    page.get_by_label("Name").fill("Noah Rowntree")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add as a new person").click()
    expect(page.get_by_label("Given names")).to_have_value("Noah")
    page.get_by_label("NHS number (optional)").fill("123")
    page.get_by_role("button", name="Add to the contact").click()
    expect(page.get_by_role("alert")).to_contain_text("NHS number")
    axe(page)
    page.get_by_label("NHS number (optional)").fill("")
    page.get_by_role("button", name="Add to the contact").click()
    expect(page.get_by_text("Noah Rowntree (new record)")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="The worries")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the worries")
    axe(page)
    page.get_by_label("What are the caller's worries?").fill(
        "A bruise on her cheek. She said she was scared to go home."
    )
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Level of need")).to_be_visible()
    axe(page)
    page.get_by_label("Specialist", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before recording the contact")).to_be_visible()
    expect(page.get_by_text("Mother refused; Amelia is scared of her partner")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_role("heading", name=re.compile("Contact received"))).to_be_visible()
    axe(page)
    contact = Contact.objects.get()
    assert contact.people.filter(person__isnull=False).count() == 2

    # A social worker decides: first dated before the contact, then properly.
    worker = make_user(Role.SOCIAL_WORKER)
    as_user(page, worker)
    page.goto(f"{url}/front-door/contacts/{contact.pk}/")
    axe(page)
    page.get_by_label("Referral for assessment and allocation").check()
    page.get_by_label("Reasons for the decision").fill("Unexplained bruising; assess")
    page.get_by_label("Primary need").select_option("N1")
    day_before = dt.date.today() - dt.timedelta(days=1)
    group = page.get_by_role("group", name="Date of the decision")
    group.get_by_label("Day").fill(str(day_before.day))
    group.get_by_label("Month").fill(str(day_before.month))
    group.get_by_label("Year").fill(str(day_before.year))
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be dated before the contact")
    expect(page.get_by_label("Reasons for the decision")).to_have_value("Unexplained bruising; assess")
    axe(page)
    today = dt.date.today()
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    axe(page)

    episode = Episode.objects.get(person=child)
    page.get_by_role("link", name=re.compile("Amelia Rowntree: referral of")).click()
    expect(page.get_by_text("N1 Abuse or neglect")).to_be_visible()
    axe(page)
    page.get_by_label("Reason for closure").select_option("RC2")
    page.get_by_role("button", name="Close the episode").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter closure date")
    axe(page)

    manager = make_user(Role.TEAM_MANAGER)
    as_user(page, manager)
    page.goto(f"{url}/front-door/episodes/{episode.pk}/")
    axe(page)
    page.goto(f"{url}/front-door/")
    expect(page.get_by_text("Recent decisions")).to_be_visible()
    axe(page)


@pytest.mark.django_db(transaction=True)
def test_linking_a_child_a_partner_sent_passes_axe(page, live_server, as_user, make_user, axe):
    from jigsaw.frontdoor.services import PersonEntry, contact_record

    partner = make_user(Role.PARTNER_PRACTITIONER)
    known = PersonFactory(given_names="Kai", family_name="Doyle", date_of_birth=dt.date(2018, 4, 2))
    index_persons([known.pk])
    contact = contact_record(
        actor=partner,
        data={
            "channel": "api",
            "caller_kind": "professional",
            "caller_name": partner.full_name,
            "caller_agency": partner.agency,
            "family_aware": "not_known",
            "consent": "not_sought",
            "consent_reason": "Emergency call-out at night",
            "lawful_basis": "safeguarding",
            "worries": "Domestic incident; Kai was in the house.",
        },
        people=[PersonEntry(role="child", details={"given_names": "Kai", "family_name": "Doyle"})],
        via_api=True,
    )
    as_user(page, make_user(Role.BUSINESS_SUPPORT))
    page.goto(f"{live_server.url}/front-door/contacts/{contact.pk}/")
    expect(page.get_by_text("not yet linked to a record")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("Link or add")).click()
    expect(page.get_by_role("heading", name="Link Kai Doyle to a record")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=re.compile("Link to Kai Doyle")).click()
    expect(page.get_by_text("Kai Doyle linked to a record")).to_be_visible()
    axe(page)
    assert contact.people.get().person == known
