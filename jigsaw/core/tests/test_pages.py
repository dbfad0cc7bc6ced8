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
