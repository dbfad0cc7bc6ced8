"""An agency's safeguarding email address is kept on a screen by the system administrator or the
partnership manager, every change audited; nobody else may open it."""

import html

import pytest

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory
from jigsaw.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return AgencyFactory(name="Ferry Road Primary School", kind=AgencyKind.EDUCATION, email="")


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMINISTRATOR, Role.PARTNERSHIP_MANAGER])
def test_the_administrator_sets_a_schools_address_and_it_is_audited(signed_in, school, role):
    client = signed_in(role)
    page = html.unescape(client.get("/protection/agencies/").content.decode())
    assert "Ferry Road Primary School" in page
    assert f'href="/protection/agencies/{school.pk}/email/"' in page
    assert "Agencies' safeguarding emails" in page  # in the menu
    url = f"/protection/agencies/{school.pk}/email/"
    bad = html.unescape(client.post(url, {"email": "not an address"}).content.decode())
    assert "Enter an email address in the correct format, like safeguarding@example.org" in bad
    assert 'value="not an address"' in bad
    response = client.post(url, {"email": "dsl@ferryroad.example"})
    assert response.status_code == 302 and response["Location"] == "/protection/agencies/"
    school.refresh_from_db()
    assert school.email == "dsl@ferryroad.example"
    entry = AuditEntry.objects.filter(actor=client.user, purpose="Safeguarding email address changed").get()
    assert entry.additional_data == {"field": "email", "from": "", "to": "dsl@ferryroad.example"}


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.CP_CHAIR_IRO, Role.PARTNER_PRACTITIONER])
def test_nobody_else_may_change_an_agencys_address(signed_in, school, role):
    client = signed_in(role)
    assert client.get("/protection/agencies/").status_code == 403
    assert client.post(f"/protection/agencies/{school.pk}/email/", {"email": "x@example.org"}).status_code == 403
    assert "Agencies' safeguarding emails" not in client.get("/").content.decode()
    school.refresh_from_db()
    assert school.email == ""
