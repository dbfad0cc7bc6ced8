"""Sign-in, sign-out and failed sign-in land in the audit log; a password never does."""

import json

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from jigsaw.audit.chain import verify_chain
from jigsaw.audit.models import AuditEntry, AuditKind

pytestmark = pytest.mark.django_db


def test_signing_in_and_out_is_logged(client, social_worker):
    client.force_login(social_worker)
    client.logout()

    entries = list(AuditEntry.objects.filter(actor=social_worker).order_by("sequence"))
    assert [e.kind for e in entries] == [AuditKind.SIGN_IN, AuditKind.SIGN_OUT]
    assert entries[0].object_pk == str(social_worker.pk)
    assert verify_chain().intact


def test_a_failed_sign_in_logs_the_user_name_tried_but_not_the_password(social_worker):
    request = RequestFactory().post("/account/sign-in/", REMOTE_ADDR="203.0.113.5")
    assert authenticate(request, username=social_worker.username, password="Tr0ub4dor&3-wrong") is None

    entry = AuditEntry.objects.get(kind=AuditKind.SIGN_IN_FAILED)
    assert entry.additional_data == {"username": social_worker.username}
    assert entry.actor is None
    stored = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert "Tr0ub4dor" not in stored


def test_a_failed_sign_in_through_the_sign_in_page_is_logged_with_the_address(client, social_worker):
    client.post(
        reverse("access:sign-in"),
        {"username": social_worker.username, "password": "Tr0ub4dor&3-wrong", "next": "/"},
        REMOTE_ADDR="203.0.113.9",
    )

    entry = AuditEntry.objects.get(kind=AuditKind.SIGN_IN_FAILED)
    assert entry.additional_data == {"username": social_worker.username}
    assert entry.remote_addr == "203.0.113.9"
    assert "Tr0ub4dor" not in json.dumps(list(AuditEntry.objects.values()), default=str)
    assert verify_chain().intact
