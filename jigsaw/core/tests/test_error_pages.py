"""GOV.UK error pages for 400, 403, 404 and 500: what happened, a way back, nothing of the case.

The test settings run with DEBUG off, as the service does, so these are the pages users get.
"""

import pytest
from django.core.exceptions import SuspiciousOperation

from jigsaw.access.choices import Role
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def assert_error_page(response, status: int, heading: str) -> str:
    page = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert 'href="/">Go to My work</a>' in page
    assert "govuk-template" in page  # the service's own layout, not a bare "403 Forbidden"
    return page


def test_a_page_that_does_not_exist(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    page = assert_error_page(client.get("/people/no-such-page/"), 404, "Page not found")
    assert "no-such-page" not in page  # the address asked for is not repeated
    assert 'href="/notifications/"' in page  # the menu is there: a way on


def test_a_record_that_does_not_exist_says_only_page_not_found(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    assert_error_page(client.get("/people/987654/"), 404, "Page not found")


def test_a_page_the_user_may_not_see(signed_in):
    client = signed_in(Role.PARTNER_PRACTITIONER)
    response = client.get("/audit/break-glass/")
    assert_error_page(response, 403, "You do not have permission to see this page")


def test_a_request_the_service_cannot_use(signed_in, monkeypatch):
    client = signed_in(Role.SOCIAL_WORKER)

    def refuse(**kwargs):
        raise SuspiciousOperation("made up for the test")

    monkeypatch.setattr("jigsaw.core.views.selectors.my_work", refuse)
    assert_error_page(client.get("/"), 400, "There is a problem with your request")


def test_a_fault_in_the_service(signed_in, monkeypatch):
    client = signed_in(Role.SOCIAL_WORKER)
    client.raise_request_exception = False
    person = PersonFactory()

    def fail(**kwargs):
        raise RuntimeError(f"fault while showing {person.family_name}")

    monkeypatch.setattr("jigsaw.core.views.selectors.my_work", fail)
    page = assert_error_page(client.get("/"), 500, "Sorry, there is a problem with the service")
    assert person.family_name not in page and "RuntimeError" not in page


def test_when_even_the_error_page_fails_a_plain_page_still_answers(signed_in, monkeypatch):
    client = signed_in(Role.SOCIAL_WORKER)
    client.raise_request_exception = False

    def fail(*args, **kwargs):
        raise RuntimeError("the database has gone")

    monkeypatch.setattr("jigsaw.core.views.selectors.my_work", fail)
    monkeypatch.setattr("jigsaw.core.views._error_page", fail)
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert 'href="/"' in response.content.decode()


def test_a_form_sent_without_its_token(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    client.handler.enforce_csrf_checks = True
    response = client.post("/people/add/", {"given_names": "Someone"})
    assert_error_page(response, 403, "Your form could not be sent")
