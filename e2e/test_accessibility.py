"""Every page, as the people who use it see it, passes axe-core (WCAG 2.2 AA) in Chromium.

Pages are shown with data in them, and forms are shown with their errors, since an error
summary and an error message are where accessibility most often breaks.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from jigsaw.access.choices import Role
from jigsaw.access.models import BreakGlass
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.matching import index_persons
from jigsaw.people.models import Household, HouseholdMember, PersonIdentifier, PersonName
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory


@pytest.fixture
def family(db):
    child = PersonFactory(
        given_names="Amelia",
        family_name="Rowntree",
        council_id="NB0000001",
        date_of_birth=dt.date(2015, 3, 2),
        nhs_number="9434765919",
    )
    twin = PersonFactory(
        given_names="Isla", family_name="Rowntree", council_id="NB0000002", date_of_birth=dt.date(2015, 3, 2)
    )
    mother = PersonFactory(
        given_names="Gemma", family_name="Rowntree", council_id="NB0000003", date_of_birth=dt.date(1990, 6, 1)
    )
    duplicate = PersonFactory(
        given_names="Amelia", family_name="Rowntre", council_id="NB0000004", date_of_birth=dt.date(2015, 2, 3)
    )
    unborn = PersonFactory(
        given_names="",
        family_name="Rowntree",
        council_id="NB0000005",
        date_of_birth=None,
        expected_date_of_birth=dt.date(2027, 1, 10),
    )
    RelationshipFactory(from_person=mother, to_person=child, kind="parent", started_on=dt.date(2015, 3, 2))
    RelationshipFactory(from_person=mother, to_person=twin, kind="parent")
    RelationshipFactory(from_person=twin, to_person=child, kind="sibling")
    RelationshipFactory(from_person=mother, to_person=unborn, kind="parent")
    AddressFactory(
        person=child,
        line_1="4 Tannery Yard",
        postcode="LS1 4AP",
        lived_from=dt.date(2018, 1, 1),
        lived_to=dt.date(2023, 5, 1),
    )
    AddressFactory(person=child, line_1="9 Ferry Road", postcode="LS28 5QS", lived_from=dt.date(2023, 5, 2))
    PersonName.objects.create(person=child, given_names="Amelia", family_name="Price", used_to=dt.date(2019, 1, 1))
    PersonIdentifier.objects.create(person=child, kind="former_upn", value="H801200001001")
    household = Household.objects.create(name="Rowntree household")
    for p in (child, twin, mother):
        HouseholdMember.objects.create(household=household, person=p, joined_on=dt.date(2023, 5, 2))
    index_persons([p.pk for p in (child, twin, mother, duplicate, unborn)])
    return {"child": child, "twin": twin, "mother": mother, "duplicate": duplicate}


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe(page, live_server, as_user, make_user, family, axe):
    from jigsaw.people.services import person_merge, person_update

    url = live_server.url
    child = family["child"]
    manager = make_user(Role.TEAM_MANAGER)
    colleague = make_user(Role.TEAM_MANAGER, team=manager.team)
    InvolvementFactory(user=manager, person=child, service="Child protection")
    partner = make_user(Role.PARTNER_PRACTITIONER)
    BreakGlass.objects.create(user=partner, person=family["mother"], reason="Seen in A&E overnight, needed history")
    person_update(actor=manager, person=child, data={"school": "Ferry Road Primary"}, expected_version=1)
    spare = PersonFactory(given_names="Amelia", family_name="Rowntree", council_id="NB0000009")
    person_merge(actor=colleague, kept=family["mother"], duplicate=spare, reason="Same person, checked with GP")

    def visit(path: str) -> None:
        response = page.goto(url + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response.status if response else None}"
        )
        axe(page)

    # Signed out
    visit("/account/sign-in/")
    page.get_by_role("button", name="Continue").click()
    axe(page)

    as_user(page, manager)
    for path in (
        "/",
        "/people/",
        "/people/?name=",
        "/people/?name=Amelia+Rowntree&dob=2%2F3%2F2015",
        f"/people/{child.pk}/",
        f"/people/{child.pk}/history/",
        f"/people/{child.pk}/relationships/add/",
        f"/people/{child.pk}/households/add/",
        f"/people/{child.pk}/name/add/",
        f"/people/{child.pk}/identifier/add/",
        f"/people/{child.pk}/contact/add/",
        f"/people/{child.pk}/merge/",
        f"/people/{child.pk}/merge/{family['duplicate'].pk}/",
        "/people/add/",
        "/people/duplicates/",
        "/people/merges/",
        f"/audit/people/{child.pk}/",
        "/audit/break-glass/",
        "/timescales/",
        "/account/",
        "/account/sign-out/",
    ):
        visit(path)

    # Forms with their errors
    visit(f"/people/{child.pk}/change/")
    page.get_by_role("group", name="Date of birth", exact=True).get_by_label("Day").fill("31")
    page.get_by_role("group", name="Date of birth", exact=True).get_by_label("Month").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    axe(page)
    visit(f"/people/{child.pk}/address/add/")
    page.get_by_role("button", name="Save").click()
    axe(page)
    visit("/people/merges/")
    page.get_by_role("link", name="Review").first.click()
    axe(page)

    as_user(page, make_user(Role.SYSTEM_ADMINISTRATOR))
    visit("/api/v1/tokens/")
    visit("/api/v1/tokens/issue/")
    page.get_by_role("button").last.click()
    axe(page)
    visit("/account/set-up-codes/")
    visit(f"/account/set-up-codes/{colleague.pk}/")
    page.get_by_role("button", name="Issue code").click()
    expect(page.get_by_text("Set-up code issued").first).to_be_visible()
    axe(page)

    # Signing in for the first time: the set-up code (with its error), then the QR code.
    newcomer = make_user(Role.SOCIAL_WORKER)
    page.context.clear_cookies()
    visit("/account/sign-in/")
    page.get_by_label("Username").fill(newcomer.username)
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your set-up code")).to_be_visible()
    axe(page)
    page.get_by_label("Set-up code").fill("ABCD-EFGH-JK23")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That set-up code is not right").first).to_be_visible()
    axe(page)
    from jigsaw.access.services import enrolment_code_issue

    page.get_by_label("Set-up code").fill(enrolment_code_issue(actor=None, user=newcomer).code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    axe(page)

    as_user(page, partner)
    visit("/people/emergency-access/")
    page.get_by_role("button", name="Open the record").click()
    axe(page)
