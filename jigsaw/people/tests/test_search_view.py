"""The "already known?" screen as a front-door officer uses it: a street alone, more than ten
people, each match in words, the count announced."""

import datetime as dt
import html
import re

import pytest
from markupsafe import escape as markup_escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.access.choices import Role
from jigsaw.people.matching import index_persons
from jigsaw.people.tests.factories import AddressFactory, PersonFactory

pytestmark = pytest.mark.django_db


def on_street(count: int, street: str = "Orchard Way", postcode: str = "") -> list:
    people = []
    for n in range(count):
        person = PersonFactory()
        AddressFactory(person=person, line_1=f"{n + 1} {street}", postcode=postcode or "")
        people.append(person)
    index_persons([p.pk for p in people])
    return people


def names_on(page: str, people: list) -> set[str]:
    return {p.display_name for p in people if markup_escape(p.display_name) in page}


def test_a_street_alone_finds_the_people_who_live_there(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    there = on_street(3, postcode="LS1 4AP")
    elsewhere = on_street(2, street="Mill Lane", postcode="LS2 7EW")
    page = client.get("/people/", {"address": "Orchard Way"}).content.decode()
    assert names_on(page, there) == {p.display_name for p in there}
    assert not names_on(page, elsewhere)
    assert "same street" in page


def test_a_house_name_alone_finds_the_family(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    person = PersonFactory()
    AddressFactory(person=person, line_1="Rose Cottage", line_2="Mill Lane", postcode="")
    index_persons([person.pk])
    page = client.get("/people/", {"address": "Rose Cottage"}).content.decode()
    assert markup_escape(person.display_name) in page


def test_more_than_ten_people_can_be_seen_page_by_page(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    street = on_street(14)
    first = client.get("/people/", {"address": "Orchard Way"}).content.decode()
    assert len(names_on(first, street)) == 10
    assert "People 1 to 10 found, and more" in first
    more = re.search(r'href="([^"]*page=2)"', first)
    assert more, "a link to the next people"
    second = client.get("/people/" + html.unescape(more.group(1))).content.decode()
    assert len(names_on(second, street)) == 4
    assert names_on(first, street) | names_on(second, street) == {p.display_name for p in street}
    assert "People 11 to 14 found" in second
    assert "page=1" in second  # and back


def test_a_match_is_described_in_words_not_a_number(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    child = PersonFactory(date_of_birth=dt.date(2016, 4, 3))
    AddressFactory(person=child, line_1="3 High Street", postcode="CV3 4EF")
    index_persons([child.pk])
    page = client.get(
        "/people/", {"name": child.display_name, "dob": "3/4/2016", "postcode": "LS1 4AP"}
    ).content.decode()
    assert markup_escape(child.display_name) in page
    assert "Same name and date of birth; address differs" in page
    assert not re.search(r"match – \d", page)  # no bare score beside the strength


def test_the_number_found_is_announced(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    on_street(2, postcode="LS1 4AP")
    page = client.get("/people/", {"address": "Orchard Way"}).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("2 people found")
    assert re.search(r'role="status"[^>]*>\s*2 people found', page)


def test_index_people_rebuilds_the_index_so_a_street_finds_people_indexed_before(signed_in):
    from django.core.management import call_command

    from jigsaw.people.matching.models import PersonSearchKey

    client = signed_in(Role.BUSINESS_SUPPORT)
    people = on_street(2, postcode="LS1 4AP")
    PersonSearchKey.objects.all().delete()  # as an index made before streets were indexed
    assert not names_on(client.get("/people/", {"address": "Orchard Way"}).content.decode(), people)
    call_command("index_people")
    assert len(names_on(client.get("/people/", {"address": "Orchard Way"}).content.decode(), people)) == 2
