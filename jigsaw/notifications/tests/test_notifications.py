"""Notifications: made once, shown to their recipient only while the policy allows, emailed
without case details over real SMTP, retried after a mail failure."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.notifications.models import Notification
from jigsaw.notifications.services import notifications_send, notify, notify_many
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _tell(user, person=None, **kw):
    return notify(
        recipient=user,
        kind="allocation",
        title=kw.pop("title", f"{person.display_name if person else 'A contact'} is allocated to you"),
        url=kw.pop("url", "/front-door/"),
        person=person,
        **kw,
    )


def test_notify_is_idempotent_with_a_key(make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    assert _tell(worker, dedupe_key="allocation:1") is not None
    assert _tell(worker, dedupe_key="allocation:1") is None
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_nobody_inactive_is_told(make_user):
    worker = make_user(Role.SOCIAL_WORKER, is_active=False)
    assert _tell(worker) is None
    assert not Notification.objects.exists()


def test_notify_many_tells_each_person_once(make_user):
    a, b = make_user(), make_user()
    told = notify_many(recipients=[a, b, a, None], kind="allocation", title="Team meeting moved", url="/meetings/")
    assert sorted(n.recipient_id for n in told) == sorted([a.pk, b.pk])


def test_a_notification_must_link_inside_jigsaw(make_user):
    with pytest.raises(ValueError):
        _tell(make_user(), url="https://elsewhere.example/")


def test_email_goes_over_smtp_with_a_link_and_no_case_details(make_user, smtp_sink, django_capture_on_commit_callbacks):
    worker = make_user(Role.SOCIAL_WORKER)
    child = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        n = _tell(worker, person=child, url=f"/people/{child.pk}/")
    [message] = smtp_sink.to(worker.email)
    text = message.get_content()
    assert f"/people/{child.pk}/" in text
    assert child.family_name not in text and child.family_name not in message["Subject"]
    n.refresh_from_db()
    assert n.sent_at is not None and n.attempts == 1


def test_a_mail_failure_is_kept_and_sent_once_the_relay_is_back(make_user, settings, smtp_sink):
    worker = make_user(Role.SOCIAL_WORKER)
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    n = _tell(worker)
    assert notifications_send() == 0
    n.refresh_from_db()
    assert n.sent_at is None and n.attempts == 1 and n.last_error
    settings.MAILERS = working
    assert notifications_send() == 0  # backing off: not tried again at once
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert notifications_send() == 1
        assert notifications_send() == 0  # never twice
    assert len(smtp_sink.to(worker.email)) == 1


def test_the_list_shows_only_my_notifications_and_opening_one_marks_it_read(signed_in, make_user):
    client = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    mine = _tell(client.user, person=child, url=f"/people/{child.pk}/")
    _tell(make_user(), title="Someone else's work")
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    # Unescaped: names such as O'Donnell are escaped in the HTML, and not always as Django escapes them.
    body = html.unescape(page.content.decode())
    assert mine.title in body
    assert "Someone else's work" not in body
    assert "Notifications (1 unread)" in body  # the menu says so on every page

    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == f"/people/{child.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "Notifications (1 unread)" not in client.get(reverse("notifications:list")).content.decode()


def test_someone_elses_notification_does_not_exist_for_me(signed_in, make_user):
    client = signed_in(Role.SOCIAL_WORKER)
    theirs = _tell(make_user())
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_about_someone_i_can_no_longer_see_is_hidden(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    sealed = PersonFactory(restricted_area=RestrictedArea.CHANNEL)
    n = _tell(client.user, person=sealed, title=f"{sealed.display_name} referred")
    body = html.unescape(client.get(reverse("notifications:list")).content.decode())
    assert sealed.family_name not in body
    assert "You have no notifications yet." in body
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 404


def test_a_restricted_teams_notice_is_shown_to_that_team_only(signed_in, make_user):
    lado = signed_in(Role.LADO_OFFICER)
    n = _tell(lado.user, title="New allegation on the duty rota", restricted_area=RestrictedArea.LADO, url="/lado/")
    assert "New allegation on the duty rota" in lado.get(reverse("notifications:list")).content.decode()
    # The same row, if it ever reached someone outside the team, would not show.
    Notification.objects.filter(pk=n.pk).update(recipient=make_user(Role.SOCIAL_WORKER))
    other = Notification.objects.get(pk=n.pk).recipient
    from jigsaw.notifications.selectors import notification_list

    assert list(notification_list(user=other)) == []


def test_mark_all_read_and_unread_again(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    a, b = _tell(client.user, title="First"), _tell(client.user, title="Second")
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "2 notifications marked as read" in response.content.decode()
    assert not Notification.objects.filter(pk__in=[a.pk, b.pk], read_at__isnull=True).exists()
    client.post(reverse("notifications:unread", args=[a.pk]))
    a.refresh_from_db()
    assert a.read_at is None
    unread_page = client.get(reverse("notifications:list") + "?show=unread").content.decode()
    assert "First" in unread_page and "Second" not in unread_page
