"""The partnership reviews screens through Django's test client."""

import datetime as dt

import pytest
from django.urls import reverse
from markupsafe import escape

from jigsaw.access.choices import Role
from jigsaw.reviews import services
from jigsaw.reviews.models import SeriousIncident

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _client_for(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def test_outside_the_partnership_team_every_page_answers_as_one_that_does_not_exist(client, social_worker, incident):
    c = _client_for(client, social_worker)
    for name, args in (("reviews:index", []), ("reviews:incident", [incident.pk]), ("reviews:incident-new", [])):
        assert c.get(reverse(name, args=args)).status_code == 404
    assert "Partnership reviews" not in c.get("/").content.decode()


def test_the_partnership_manager_finds_the_child_by_name_and_date_of_birth_and_records(client, manager, child):
    c = _client_for(client, manager)
    page = c.get(reverse("reviews:incident-new"))
    assert page.status_code == 200
    dob = f"{child.date_of_birth.day} {child.date_of_birth.month} {child.date_of_birth.year}"
    found = c.post(
        reverse("reviews:incident-new"),
        {"find": "children", "children_find_name": "Tamsin Arkwright", "children_find_dob": dob},
    )
    assert found.status_code == 200
    assert child.council_id in found.content.decode()  # offered to choose, with their council id
    aware = TODAY - dt.timedelta(days=1)
    posted = c.post(
        reverse("reviews:incident-new"),
        {
            "children": [str(child.pk)],
            **_date("incident_on", aware),
            **_date("aware_on", aware),
            "place": "At home",
            "harm": "harmed",
            "abuse_or_neglect": "suspected",
            "looked_after": "no",
            "summary": "Brought to hospital with a head injury.",
        },
    )
    incident = SeriousIncident.objects.get()
    assert posted.status_code == 302 and posted.url == reverse("reviews:incident", args=[incident.pk])
    page = c.get(posted.url).content.decode()
    assert "Child protection" in page  # what Jigsaw held: the open service
    assert "Record the notification as submitted" in page


def test_a_posted_child_not_offered_by_a_search_is_not_taken(client, manager, child):
    c = _client_for(client, manager)
    c.get(reverse("reviews:incident-new"))
    c.post(
        reverse("reviews:incident-new"),
        {
            "children": [str(child.pk)],
            **_date("incident_on", TODAY),
            **_date("aware_on", TODAY),
            "place": "At home",
            "harm": "harmed",
            "abuse_or_neglect": "suspected",
            "looked_after": "no",
            "summary": "Something happened.",
        },
    )
    assert not SeriousIncident.objects.exists()


def test_without_a_full_date_of_birth_the_manager_finds_nobody(client, manager, child):
    c = _client_for(client, manager)
    found = c.post(reverse("reviews:incident-new"), {"find": "children", "children_find_name": "Tamsin Arkwright"})
    assert child.council_id not in found.content.decode()
    assert "No child found" in found.content.decode()


def test_the_notification_content_and_a_late_submission_with_its_reason(client, manager, child):
    from .conftest import record

    incident = record(
        manager, [child], incident_on=TODAY - dt.timedelta(days=20), aware_on=TODAY - dt.timedelta(days=14)
    )
    c = _client_for(client, manager)
    content = c.get(reverse("reviews:notification", args=[incident.pk])).content.decode()
    assert str(escape(child.display_name)) in content
    assert "Child protection" in content
    assert (
        "The notification to the Panel was due by"
        in c.get(reverse("reviews:incident", args=[incident.pk])).content.decode()
    )
    url = reverse("reviews:submitted", args=[incident.pk])
    refused = c.post(url, {**_date("notified_on", TODAY), "national_reference": "CIN-77", "version": "1"})
    assert refused.status_code == 200
    assert "enter why it was late" in refused.content.decode()
    assert "CIN-77" in refused.content.decode()  # what was typed is kept
    done = c.post(
        url,
        {**_date("notified_on", TODAY), "national_reference": "CIN-77", "late_reason": "Told late.", "version": "1"},
    )
    assert done.status_code == 302
    incident.refresh_from_db()
    assert incident.national_reference == "CIN-77" and incident.notified_late


def test_partners_told_from_the_incident_page_and_receipt_recorded(
    client, manager, incident, smtp_sink, django_capture_on_commit_callbacks
):
    c = _client_for(client, manager)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox task runs once the request commits
        c.post(reverse("reviews:partners-tell", args=[incident.pk]))
    assert len(smtp_sink.messages) == 3
    page = c.get(reverse("reviews:incident", args=[incident.pk])).content.decode()
    assert page.count("Record their receipt") == 3
    notice = incident.partner_notices.first()
    done = c.post(reverse("reviews:partner-received", args=[incident.pk, notice.pk]), _date("acknowledged_on", TODAY))
    assert done.status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_on == TODAY


def test_the_deadline_is_on_the_recorders_my_work_with_a_link_to_where_it_is_done(client, manager, incident):
    c = _client_for(client, manager)
    page = c.get("/").content.decode()
    assert "Notify the Child Safeguarding Practice Review Panel" in page
    assert reverse("reviews:submitted", args=[incident.pk]) in page


def test_the_childs_social_worker_sees_no_trace_on_the_childs_page(client, social_worker, incident, child):
    c = _client_for(client, social_worker)
    page = c.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert incident.reference not in page
    assert "serious incident" not in page.lower()
    assert "Panel" not in page
    assert "Notify the Child Safeguarding" not in c.get("/").content.decode()


def test_close_and_rapid_review_screens(client, manager, incident):
    c = _client_for(client, manager)
    services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-5")
    done = c.post(
        reverse("reviews:rapid-review", args=[incident.pk]),
        {**_date("sent_on", TODAY), "decision": "no_lcspr", "reasons": "Learning shared locally.", "version": "2"},
    )
    assert done.status_code == 302
    page = c.get(reverse("reviews:incident", args=[incident.pk])).content.decode()
    assert "No local child safeguarding practice review" in page
    assert c.get(reverse("reviews:close", args=[incident.pk])).status_code == 200


def test_a_safeguarding_lead_in_the_team_uses_the_index_search(client, lead, child):
    assert lead.role == Role.TEAM_MANAGER
    c = _client_for(client, lead)
    found = c.post(reverse("reviews:incident-new"), {"find": "children", "children_find_name": "Tamsin Arkwright"})
    assert child.council_id in found.content.decode()
