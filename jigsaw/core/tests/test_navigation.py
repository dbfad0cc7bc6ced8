"""The menu and the person page's links follow the access policy: nobody is shown a door they
may not open, and nobody outside a restricted team learns that its area exists."""

import pytest

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
    assert response.content == client.get("/no-such-page/").content


def test_person_page_links_to_the_areas_records(signed_in):
    client = signed_in(Role.LADO_OFFICER)
    person = PersonFactory()
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/lado/people/{person.pk}/"' in page
    assert f'href="/channel/people/{person.pk}/"' not in page
    assert f'href="/children-in-care/people/{person.pk}/"' not in page
