"""Subscribers (name, organisation and email only), confirmation, newsletters in batches on
the worker, and unsubscribing, which deletes the row at once."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from jigsaw.core.exceptions import ApplicationError

from .. import services
from ..choices import NewsletterStatus
from ..models import Delivery, Subscriber

pytestmark = pytest.mark.django_db


def _link(body: str, part: str) -> str:
    """The path of the link in an email that contains `part`."""
    return urlparse(re.search(rf"https?://\S+{part}\S+", body).group(0)).path


def test_sign_up_sends_a_confirmation_and_the_link_confirms(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnership:subscribe"),
            {"name": "Kim Marsh", "organisation": "Riverside Primary School", "email": "Kim@Agency.example"},
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None and subscriber.email == "kim@agency.example"
    [message] = mail.outbox
    confirm = _link(message.body, "/news/confirm/")
    assert "You are subscribed" in client.get(confirm).text
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_signing_up_twice_makes_one_row(db):
    services.subscriber_sign_up(name="Kim Marsh", organisation="Riverside", email="kim@agency.example")
    assert services.subscriber_sign_up(name="Kim Marsh", organisation="Riverside", email="KIM@agency.example") is None
    assert Subscriber.objects.count() == 1


def _subscribers(n: int) -> list[Subscriber]:
    from django.utils import timezone

    return [
        Subscriber.objects.create(
            name=f"Reader {i}",
            organisation="Northbridge Police",
            email=f"reader{i}@agency.example",
            confirmed_at=timezone.now(),
        )
        for i in range(n)
    ]


def test_a_newsletter_goes_in_batches_to_confirmed_subscribers_each_with_an_unsubscribe_link(
    manager, settings, django_capture_on_commit_callbacks
):
    settings.JIGSAW_NEWSLETTER_BATCH_SIZE = 2
    _subscribers(5)
    Subscriber.objects.create(name="Not confirmed", organisation="X", email="nc@agency.example")
    newsletter = services.newsletter_create(actor=manager, kind="newsletter", subject="Winter news", body="Hello all")
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send(actor=manager, newsletter=newsletter)
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT and newsletter.recipients == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"reader{i}@agency.example" for i in range(5))
    for message in mail.outbox:
        assert "/partnership/news/unsubscribe/" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with pytest.raises(ApplicationError):
        services.newsletter_send(actor=manager, newsletter=newsletter)  # not twice


def test_a_batch_run_again_sends_no_one_twice(manager, settings):
    from ..services import newsletter_batch_send

    settings.JIGSAW_NEWSLETTER_BATCH_SIZE = 2
    _subscribers(3)
    newsletter = services.newsletter_create(actor=manager, kind="update", subject="Update", body="Text")
    newsletter.status = NewsletterStatus.SENDING
    newsletter.save()
    assert newsletter_batch_send(newsletter_id=newsletter.pk) == (2, True)
    assert newsletter_batch_send(newsletter_id=newsletter.pk) == (1, False)
    assert newsletter_batch_send(newsletter_id=newsletter.pk) == (0, False)
    assert len(mail.outbox) == 3


def test_unsubscribing_deletes_the_row_at_once(client, manager, django_capture_on_commit_callbacks):
    [reader] = _subscribers(1)
    newsletter = services.newsletter_create(actor=manager, kind="newsletter", subject="News", body="Text")
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send(actor=manager, newsletter=newsletter)
    link = _link(mail.outbox[0].body, "/news/unsubscribe/")
    assert "Unsubscribe and delete my details" in client.get(link).text
    assert Subscriber.objects.filter(pk=reader.pk).exists()  # a look at the page deletes nothing
    response = client.post(link)
    assert "deleted" in response.text
    assert not Subscriber.objects.filter(pk=reader.pk).exists()
    assert not Subscriber.objects.filter(email="reader0@agency.example").exists()
    assert not Delivery.objects.exists()
    assert "You are not subscribed" in client.get(link).text


def test_one_click_unsubscribe_from_the_mail_program_needs_no_form(manager):
    from django.test import Client

    from ..links import unsubscribe_path

    [reader] = _subscribers(1)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(unsubscribe_path(reader), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_only_the_partnership_manager_writes_to_subscribers(make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.newsletter_create(actor=make_user("social_worker"), kind="newsletter", subject="S", body="B")
