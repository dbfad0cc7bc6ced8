"""Every route out of Jigsaw writes the disclosure log: meeting invitations, outbox notices, the
chronology and minutes PDFs, partner API reads and exports. Each answers "what did we share about
this child, with whom, when and why?" on the child's page."""

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.api.services import api_token_issue
from jigsaw.core.outbox import outbox_send
from jigsaw.core.spreadsheets import csv_response
from jigsaw.meetings.services import Invitee, meeting_invite
from jigsaw.notifications.models import Notification
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.records.models import Disclosure, DisclosureRoute

pytestmark = pytest.mark.django_db


def test_a_meeting_invitation_is_a_disclosure_about_each_child_discussed(
    smtp_sink, django_capture_on_commit_callbacks, conference, worker, agencies, child
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invite(
            actor=worker,
            meeting=conference,
            invitees=[
                Invitee(name="DC Hollis", email="hollis@police.example", agency=agencies["police"], role="Police")
            ],
        )
    assert smtp_sink.to("hollis@police.example")
    line = Disclosure.objects.get(person=child, route=DisclosureRoute.MEETING_INVITATION)
    assert line.recipient_email == "hollis@police.example"
    assert line.recipient_agency == agencies["police"].name
    assert line.what == "Invitation: Initial child protection conference"
    assert line.source == f"meetings.meeting:{conference.pk}"


def test_an_outbox_email_about_a_person_is_logged_and_a_staff_notification_is_not(smtp_sink, make_user):
    person = PersonFactory()
    user = make_user(Role.SOCIAL_WORKER)
    Notification.objects.create(recipient=user, kind="x", title="t", url="/", person=person, email=user.email)

    def build(row):
        return EmailMessage(subject="Plan started", body="…", to=[row.email])

    assert outbox_send(unsent=Notification.objects.unsent(), build=build, disclose=False) == 1
    assert not Disclosure.objects.exists()
    Notification.objects.create(recipient=user, kind="x", title="t2", url="/", person=person, email="a@agency.example")
    assert outbox_send(unsent=Notification.objects.unsent(), build=build) == 1
    line = Disclosure.objects.get()
    assert (line.person, line.route, line.what, line.recipient_email) == (
        person,
        DisclosureRoute.EMAIL_NOTICE,
        "Plan started",
        "a@agency.example",
    )


def test_downloading_the_chronology_pdf_is_logged_with_who_took_it(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory()
    InvolvementFactory(user=client.user, person=person, kind="allocated", service="Child in need")
    response = client.get(reverse("chronology:pdf", args=[person.pk]))
    assert response.status_code == 200
    line = Disclosure.objects.get(person=person)
    assert line.route == DisclosureRoute.PDF_DOWNLOAD and line.what == "Chronology (PDF)"
    assert line.shared_by == client.user and line.recipient_email == client.user.email


def test_a_partner_api_read_of_a_person_is_logged_and_a_refused_one_is_not(make_user):
    officer = make_user(Role.PARTNER_PRACTITIONER)
    person, unseen = PersonFactory(), PersonFactory()
    InvolvementFactory(user=officer, person=person, kind="invited", service="Child protection")
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=officer, name='Police system', days=30).secret}"
    )
    assert (
        api.get(reverse("api:person-detail", args=[person.pk]), {"purpose": "strategy discussion"}).status_code == 200
    )
    assert api.get(reverse("api:person-detail", args=[unseen.pk])).status_code == 404
    line = Disclosure.objects.get()
    assert line.person == person and line.route == DisclosureRoute.API_READ
    assert "strategy discussion" in line.purpose and line.shared_by == officer


def test_a_csv_export_naming_people_logs_one_line_each(make_user):
    user = make_user(Role.TEAM_MANAGER)
    a, b = PersonFactory(), PersonFactory()
    csv_response("caseload.csv", ["Name"], [[a.display_name], [b.display_name]], user=user, about=[a.pk, b.pk])
    assert set(Disclosure.objects.filter(route=DisclosureRoute.EXPORT).values_list("person_id", flat=True)) == {
        a.pk,
        b.pk,
    }
