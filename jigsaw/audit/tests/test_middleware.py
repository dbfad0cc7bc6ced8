"""The address in the audit log cannot be chosen by the caller."""

import pytest
from django.test import RequestFactory, override_settings

from jigsaw.audit.middleware import AuditlogMiddleware, client_address

pytestmark = pytest.mark.django_db


def request(remote: str, forwarded: str | None = None):
    headers = {"headers": {"X-Forwarded-For": forwarded, "X-Forwarded-Port": "4431"}} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_a_forwarded_header_from_the_client_itself_is_ignored():
    spoofed = request("198.51.100.20", forwarded="10.9.9.9")
    assert client_address(spoofed) == "198.51.100.20"
    assert AuditlogMiddleware._get_remote_addr(spoofed) == "198.51.100.20"
    assert AuditlogMiddleware._get_remote_port(spoofed) is None


@override_settings(JIGSAW_TRUSTED_PROXIES=["10.0.0.2", "10.0.0.3"])
def test_behind_our_proxies_the_client_they_name_is_used():
    # The client put a fake address first; our two proxies appended what they saw.
    proxied = request("10.0.0.3", forwarded="1.2.3.4, 203.0.113.50, 10.0.0.2")
    assert client_address(proxied) == "203.0.113.50"
    assert AuditlogMiddleware._get_remote_port(proxied) == 4431
