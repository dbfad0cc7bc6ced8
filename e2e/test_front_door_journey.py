"""A front-door officer's morning: sign in, is this child known?, open the record, fix an address."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.models import Address
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory


@pytest.mark.django_db(transaction=True)
def test_front_door_officer_finds_a_known_child_and_records_a_move(page, live_server, sign_in, make_user, axe):
    from jigsaw.people.matching import index_persons

    officer = make_user(Role.BUSINESS_SUPPORT)
    child = PersonFactory(given_names="Rebecca", family_name="Thornton", date_of_birth=dt.date(2014, 7, 9))
    mother = PersonFactory(given_names="Joanne", family_name="Thornton", date_of_birth=dt.date(1988, 2, 1))
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    AddressFactory(person=child, line_1="7 Beck Row", postcode="LS1 4AP", lived_from=dt.date(2019, 1, 1))
    InvolvementFactory(person=child, service="Child in need")
    index_persons([child.pk, mother.pk])

    sign_in(page, officer)
    axe(page)
    page.get_by_role("link", name="Search", exact=True).click()
    page.wait_for_url("**/people/")  # axe must run on the search page, not on one half-gone
    axe(page)
    # The caller says "Becky Thornton, born 7 September 2014" (day and month swapped).
    page.get_by_label("Name").fill("Becky Thornton")
    page.get_by_label("Date of birth").fill("7/9/2014")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Rebecca Thornton")).to_be_visible()
    expect(page.get_by_text("Child in need").first).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Rebecca Thornton").click()
    expect(page.get_by_role("heading", name="Rebecca Thornton")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Family network"))).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Add an address").click()
    page.get_by_label("Address line 1").fill("22 Weir Street")
    page.get_by_label("Postcode").fill("NOT A POSTCODE")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a real UK postcode")
    expect(page.get_by_label("Address line 1")).to_have_value("22 Weir Street")
    axe(page)
    page.get_by_label("Postcode").fill("ls28 5qs")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("22 Weir Street, LS28 5QS")).to_be_visible()
    assert Address.objects.get(person=child, lived_to__isnull=True).postcode == "LS28 5QS"
