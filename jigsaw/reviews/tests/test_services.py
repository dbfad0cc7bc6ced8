"""Serious incidents through the services: the clocks, the notification, the partners told,
closing, and the rapid review's decision."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.notifications.models import Notification
from jigsaw.reviews import services
from jigsaw.reviews.choices import AbuseOrNeglect, Decision, Harm, PanelReply, Stage
from jigsaw.reviews.models import PartnerNotice, SeriousIncident
from jigsaw.timescales.calendar import add_working_days
from jigsaw.timescales.models import Clock

from .conftest import TODAY, record

pytestmark = pytest.mark.django_db


def clocks(incident):
    ct = ContentType.objects.get_for_model(SeriousIncident)
    return {c.rule_key: c for c in Clock.objects.filter(content_type=ct, object_id=incident.pk)}


def test_recording_starts_the_five_working_day_clocks_owned_by_the_recorder(incident, manager, child):
    running = clocks(incident)
    assert set(running) == {"reviews_notification", "reviews_partners_told"}
    due = add_working_days(TODAY - dt.timedelta(days=2), 5)
    for clock in running.values():
        assert clock.due_on == due
        assert clock.owner == manager
        assert clock.person == child
    assert incident.notification_due_on == due
    assert incident.stage == Stage.RECORDED


def test_what_jigsaw_holds_is_filled_in_not_retyped(incident, social_worker):
    assert incident.known_services == [
        {
            "child": incident.children.get().person.display_name,
            "service": "Child protection",
            "worker": f"{social_worker.full_name} (Front door)",
            "kind": "Allocated worker",
            "since": "20 August 2026",
        }
    ]


def test_the_chronology_entry_is_restricted_to_the_partnership(incident, child):
    entry = ChronologyEntry.objects.get(person=child, kind="serious_incident")
    assert entry.restricted_area == "reviews"


def test_the_rest_of_the_team_is_told(manager, lead, child):
    incident = record(manager, [child])
    told = Notification.objects.get(recipient=lead)
    assert incident.reference in told.title
    assert told.restricted_area == "reviews"
    assert not Notification.objects.filter(recipient=manager).exists()


def test_every_broken_rule_is_refused_at_once(manager):
    with pytest.raises(ApplicationError) as refused:
        record(
            manager,
            [],
            incident_on=TODAY,
            aware_on=TODAY - dt.timedelta(days=1),
            place="",
            summary="",
        )
    fields = {e.field for e in refused.value.errors}
    assert fields == {"children", "aware_on", "place", "summary"}


def test_no_abuse_or_neglect_is_notified_only_for_a_looked_after_childs_death(manager, child):
    with pytest.raises(ApplicationError, match="looked-after"):
        record(manager, [child], abuse_or_neglect=AbuseOrNeglect.NOT_SUSPECTED)
    incident = record(
        manager, [child], abuse_or_neglect=AbuseOrNeglect.NOT_SUSPECTED, looked_after=True, harm=Harm.DIED
    )
    assert incident.pk


def test_someone_outside_the_partnership_team_may_not_record(social_worker, child):
    with pytest.raises(ApplicationError, match="partnership team"):
        record(social_worker, [child])


def test_notified_on_time_stops_the_clock_and_starts_the_rapid_review(incident, manager):
    done = services.incident_notified(
        actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-2026-0412"
    )
    running = clocks(done)
    assert running["reviews_notification"].met_on == TODAY
    assert running["reviews_rapid_review"].due_on == add_working_days(TODAY, 15)
    assert done.rapid_review_due_on == add_working_days(TODAY, 15)
    assert not done.notified_late
    assert done.stage == Stage.NOTIFIED


def test_late_notification_needs_its_reason(manager, child):
    incident = record(
        manager, [child], incident_on=TODAY - dt.timedelta(days=20), aware_on=TODAY - dt.timedelta(days=14)
    )
    with pytest.raises(ApplicationError) as refused:
        services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-1")
    assert refused.value.errors[0].field == "late_reason"
    done = services.incident_notified(
        actor=manager,
        incident=incident,
        notified_on=TODAY,
        national_reference="CIN-1",
        late_reason="The hospital told us only when the child was discharged.",
    )
    assert done.notified_late
    assert done.late_reason.startswith("The hospital")


def test_a_stale_version_is_refused(incident, manager):
    with pytest.raises(ApplicationError, match="changed"):
        services.incident_notified(
            actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-2", expected_version=0
        )


def test_partners_are_told_by_email_through_the_outbox_once(incident, manager, smtp_sink):
    notices = services.incident_partners_tell(actor=manager, incident=incident)
    assert len(notices) == 3
    # The task runs at once in tests (ImmediateBackend), after the transaction commits.
    services.partner_notices_send()
    sent = PartnerNotice.objects.filter(incident=incident)
    assert all(n.sent_at for n in sent)
    assert {m["To"] for m in smtp_sink.messages} == {
        "dcs@council.example",
        "safeguarding@icb.example",
        "public.protection@police.example",
    }
    body = smtp_sink.messages[0].get_content()
    assert incident.reference in body
    # No child's name in an email that may be forwarded.
    assert incident.children.get().person.family_name not in body
    assert clocks(incident)["reviews_partners_told"].met_on == TODAY
    again = services.incident_partners_tell(actor=manager, incident=incident)
    assert len(again) == 3 and PartnerNotice.objects.filter(incident=incident).count() == 3


def test_a_partners_receipt_is_recorded_after_sending(incident, manager, smtp_sink):
    services.incident_partners_tell(actor=manager, incident=incident)
    services.partner_notices_send()
    notice = PartnerNotice.objects.filter(incident=incident).first()
    with pytest.raises(ApplicationError):
        services.partner_notice_acknowledge(actor=manager, notice=notice, acknowledged_on=TODAY - dt.timedelta(days=1))
    done = services.partner_notice_acknowledge(actor=manager, notice=notice, acknowledged_on=TODAY)
    assert done.acknowledged_on == TODAY and done.acknowledged_recorded_by == manager


def test_closing_stops_every_clock_neither_met_nor_missed(incident, manager):
    services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-3")
    closed = services.incident_close(
        actor=manager, incident=incident, closed_on=TODAY, reason="The injuries were found to be accidental."
    )
    running = clocks(closed)
    assert running["reviews_rapid_review"].stopped_on == TODAY
    assert running["reviews_rapid_review"].met_on is None
    assert running["reviews_partners_told"].stopped_on == TODAY
    assert closed.stage == Stage.CLOSED
    with pytest.raises(ApplicationError, match="closed"):
        services.incident_partners_tell(actor=manager, incident=closed)


def test_the_rapid_review_decision_meets_its_deadline_and_the_panel_replies(incident, manager):
    with pytest.raises(ApplicationError, match="notification"):
        services.rapid_review_record(
            actor=manager, incident=incident, sent_on=TODAY, decision=Decision.LCSPR, reasons="Learning for all."
        )
    services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-4")
    done = services.rapid_review_record(
        actor=manager, incident=incident, sent_on=TODAY, decision=Decision.LCSPR, reasons="Learning for all agencies."
    )
    assert clocks(done)["reviews_rapid_review"].met_on == TODAY
    assert done.stage == Stage.RAPID_REVIEW_SENT
    replied = services.panel_reply_record(actor=manager, incident=done, reply=PanelReply.AGREE, reply_on=TODAY)
    assert replied.panel_reply == PanelReply.AGREE
