"""The menu and the person page's links follow the access policy: nobody is shown a door they
may not open, and nobody outside a restricted team learns that its area exists."""

import re

import pytest
from markupsafe import escape as markup_escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.access.choices import Role
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


AREAS = {
    "Front door": "/front-door/",
    "Child protection": "/protection/",
    "Children in care": "/children-in-care/",
    "Missing": "/missing/",
    "Exploitation": "/exploitation/",
    "LADO": "/lado/",
    "Channel": "/channel/",
    "Youth justice": "/youth-justice/",
}


def _without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]+"', 'nonce=""', response.content.decode())


def _menu(client) -> list[str]:
    page = client.get("/").content.decode()
    shown = [
        text
        for text, href in AREAS.items()
        for _ in range(page.count(f'class="govuk-service-navigation__link" href="{href}"'))
    ]
    return shown  # each entry once: an area listed twice would show twice here


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.SOCIAL_WORKER, ["Front door", "Child protection", "Children in care", "Missing", "Exploitation"]),
        (Role.LADO_OFFICER, ["LADO"]),
        (Role.CHANNEL_CHAIR, ["Channel"]),
        (Role.YOUTH_JUSTICE_OFFICER, ["Youth justice"]),
        (Role.PARTNER_PRACTITIONER, []),
    ],
)
def test_menu_shows_the_areas_a_role_works_in(signed_in, role, expected):
    assert _menu(signed_in(role)) == expected


@pytest.mark.parametrize(("area", "role"), [("lado", Role.SOCIAL_WORKER), ("channel", Role.TEAM_MANAGER)])
def test_restricted_areas_are_not_there_for_others(signed_in, area, role):
    """Not "forbidden" (which would say the area is there): the same answer as a page that does not exist."""
    client = signed_in(role)
    response = client.get(f"/{area}/")
    assert response.status_code == 404
    # The same page, once each response's own script nonce is set aside.
    assert _without_nonce(response) == _without_nonce(client.get("/no-such-page/"))


def test_person_page_links_to_the_areas_records(signed_in):
    client = signed_in(Role.LADO_OFFICER)
    person = PersonFactory()
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/lado/people/{person.pk}/"' in page
    assert f'href="/channel/people/{person.pk}/"' not in page
    assert f'href="/children-in-care/people/{person.pk}/"' not in page


MENU_LINK = re.compile(r'class="govuk-service-navigation__link" href="([^"]+)"')


@pytest.mark.parametrize(
    "role",
    [Role.PARTNER_PRACTITIONER, Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT, Role.ANALYST, Role.DATA_PROTECTION_OFFICER],
)
def test_every_menu_link_opens_for_the_user_shown_it(signed_in, role):
    """Nobody is shown a door they may not open: each menu link answers this user with a page."""
    client = signed_in(role)
    links = MENU_LINK.findall(client.get("/").content.decode())
    assert "/account/sign-out/" in links
    for href in links:
        assert client.get(href).status_code == 200, f"{role} is shown {href} in the menu"


def test_the_header_has_a_person_search_and_sign_out(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory(given_names="Harriet", family_name="Quennell")
    page = client.get("/").content.decode()
    assert 'role="search"' in page and 'action="/people/"' in page
    assert page.index('role="search"') < page.index('id="main-content"')  # in the header, not the page
    assert MENU_LINK.findall(page)[-1] == "/account/sign-out/"
    results = client.get("/people/", {"name": "Harriet Quennell"}).content.decode()
    # The results heading takes the focus (core/init.mjs), so nobody is left at the top of the page.
    assert 'id="results" tabindex="-1" data-app-focus' in results
    assert markup_escape(person.display_name) in results


def test_no_person_search_in_the_header_for_those_who_may_not_search(signed_in):
    """Analysts work with figures, not people's records: no search box they cannot use."""
    assert 'role="search"' not in signed_in(Role.ANALYST).get("/").content.decode()
