"""The shared form page: a refusal keeps what was typed and names the field; success redirects."""

import pytest
from django import forms
from django.test import RequestFactory

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import GovukForm
from jigsaw.core.pages import form_page

pytestmark = pytest.mark.django_db


class NameForm(GovukForm):
    name = forms.CharField(label="Name of the school")


def _request(method: str, data=None):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    factory = RequestFactory()
    request = factory.post("/x/", data or {}) if method == "POST" else factory.get("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _save(data):
    if data["name"] == "Nowhere":
        raise ApplicationError("Enter a school in the council's area", field="name")
    return "/done/"


def test_service_refusal_is_shown_beside_the_field_and_keeps_the_input(make_user):
    request = _request("POST", {"name": "Nowhere"})
    request.user = make_user()
    response = form_page(request, form_class=NameForm, title="Add a school", back="/", save=_save)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a school in the council" in page
    assert 'value="Nowhere"' in page


def test_success_redirects_to_what_the_service_says(make_user):
    request = _request("POST", {"name": "Ferry Road Primary"})
    request.user = make_user()
    response = form_page(request, form_class=NameForm, title="Add a school", back="/", save=_save)
    assert response.status_code == 302
    assert response["Location"] == "/done/"


class _Record:
    """Stands for an edited record at its third version."""

    version = 3


@pytest.mark.parametrize("sections", [None, [("The school", ["name"])]])
def test_an_edit_page_carries_the_version_it_showed_even_in_sections(make_user, sections):
    request = _request("GET")
    request.user = make_user()
    extra = {"sections": sections} if sections else {}
    page = form_page(
        request, form_class=NameForm, title="Change", back="/", save=_save, record=_Record(), **extra
    ).content.decode()
    assert page.count('name="version"') == 1 and 'value="3"' in page


def test_an_edit_page_hands_the_version_to_the_service_and_shows_a_stale_refusal(make_user):
    from jigsaw.core.locking import check_version

    def save(data):
        check_version(_Record(), data["version"])
        return "/done/"

    request = _request("POST", {"name": "Ferry Road Primary", "version": "2"})
    request.user = make_user()
    page = form_page(request, form_class=NameForm, title="Change", back="/", save=save, record=_Record())
    assert "Someone else changed this record" in page.content.decode()
    assert 'value="Ferry Road Primary"' in page.content.decode()

    request = _request("POST", {"name": "Ferry Road Primary", "version": "3"})
    request.user = make_user()
    assert (
        form_page(request, form_class=NameForm, title="Change", back="/", save=save, record=_Record()).status_code
        == 302
    )


def test_an_edit_page_without_the_version_asks_to_open_it_again(make_user):
    request = _request("POST", {"name": "Ferry Road Primary"})
    request.user = make_user()
    page = form_page(request, form_class=NameForm, title="Change", back="/", save=_save, record=_Record())
    assert "This page is out of date" in page.content.decode()
