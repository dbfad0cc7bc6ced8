"""The register's three views; other councils' children recorded from the notification."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.care import selectors, services
from jigsaw.care.models import HostedChild
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.tests.factories import PersonFactory

from .conftest import START, away, placement


def test_the_register_holds_our_children_here_our_children_away_and_others_children_here(cast, make_user):
    here, there = PersonFactory(), PersonFactory()
    for child, place in ((here, placement()), (there, away())):
        services.period_start(
            actor=cast.worker, person=child, started_on=START, legal_status="C2", category_of_need="N1", placement=place
        )
    hosted = services.hosted_child_record(
        actor=make_user(Role.BUSINESS_SUPPORT),
        person_data={"given_names": "Kai", "family_name": "Marsh", "date_of_birth": dt.date(2012, 3, 3)},
        placing_council="Westvale Council",
        contact_name="Lee Brook",
        contact_email="lac@westvale.example",
        received_on=dt.date(2027, 2, 3),
        placed_on=dt.date(2027, 2, 1),
        placement_type="U4",
        placement_postcode="NB4 5EF",
    )
    assert selectors.register_counts(user=cast.worker) == {"in_area": 1, "out_of_area": 1, "hosted": 1}
    assert [e.person for e in selectors.register_episodes(user=cast.worker, out_of_area=True)] == [there]
    assert [h.person.family_name for h in selectors.register_hosted(user=cast.worker)] == ["Marsh"]
    services.hosted_child_end(actor=cast.worker, hosted=hosted, ended_on=dt.date(2027, 3, 1))
    assert selectors.register_counts(user=cast.worker)["hosted"] == 0


def test_a_hosted_child_needs_the_placing_councils_contact_and_sensible_dates(cast):
    base = {
        "person": cast.child,
        "placing_council": "Westvale Council",
        "contact_name": "Lee Brook",
        "contact_email": "lac@westvale.example",
        "received_on": dt.date(2027, 2, 3),
        "placed_on": dt.date(2027, 2, 1),
    }
    for change, field in (
        ({"placing_council": ""}, "placing_council"),
        ({"placing_council": "Northbridge Council"}, "placing_council"),
        ({"contact_email": "", "contact_phone": ""}, "contact_email"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"placed_on": dt.date(2028, 1, 1)}, "placed_on"),
    ):
        with pytest.raises(ApplicationError) as info:
            services.hosted_child_record(actor=cast.worker, **{**base, **change})
        assert info.value.field == field
    hosted = services.hosted_child_record(actor=cast.worker, **base)
    with pytest.raises(ApplicationError, match="already recorded"):
        services.hosted_child_record(actor=cast.worker, **base)
    with pytest.raises(ApplicationError, match="cannot end before it started"):
        services.hosted_child_end(actor=cast.worker, hosted=hosted, ended_on=dt.date(2027, 1, 1))
    assert HostedChild.objects.count() == 1


def test_a_failed_notice_is_kept_and_sent_later(cast, settings, django_capture_on_commit_callbacks, smtp_sink):
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        period = services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=START,
            legal_status="C2",
            category_of_need="N1",
            placement=away(),
        )
    notice = period.episodes.get().host_notifications.get()
    assert notice.sent_at is None and notice.last_error
    assert list(selectors.unsent_host_notifications(user=cast.worker)) == [notice]
    settings.MAILERS = working
    assert services.host_notifications_send() == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.attempts == 2
    assert len(smtp_sink.to("placements@eastmoor.example")) == 1
