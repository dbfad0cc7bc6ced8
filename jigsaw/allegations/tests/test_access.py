"""The issue's access tests: outside the LADO team nobody can see, search or count an allegation;
someone invited to a case sees that case only."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, can
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.allegations import services
from jigsaw.allegations.choices import Capacity, FollowUp, Outcome
from jigsaw.allegations.selectors import allegation_scope
from jigsaw.people.tests.factories import PersonFactory

from .conftest import TODAY, at

OUTSIDERS = [
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.PARTNER_PRACTITIONER,
    Role.CHANNEL_CHAIR,
    Role.DATA_PROTECTION_OFFICER,
]


def _page(response) -> bytes:
    """The page, once its own script nonce (new on every response) is set aside."""
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', response.content)


@pytest.fixture
def case(referral, lado):
    case = referral()
    services.allegation_meeting_convene(actor=lado, allegation=case, starts_at=at(TODAY + dt.timedelta(days=1), 14))
    return case


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outside_the_lado_team_an_allegation_does_not_exist(role, case, child, make_user, client_for):
    user = make_user(role)
    if role == Role.PARTNER_PRACTITIONER:
        InvolvementFactory(user=user, person=child, kind="invited", service="Child protection")
    client = client_for(user)
    subject = case.subject
    meeting = case.meetings.get().meeting

    # The record, its screens and the meeting: not found, exactly as a page that does not exist.
    not_found = _page(client.get("/no-such-page/"))
    for name in ("case", "case-outcome", "case-meeting", "case-invite", "case-allocate"):
        response = client.get(reverse(f"allegations:{name}", args=[case.pk]))
        assert response.status_code == 404, name
        assert _page(response) == not_found, name
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[subject.pk])).status_code == 404
    assert client.get(reverse("timescales:person", args=[subject.pk])).status_code == 404
    # No list or count: the LADO area itself is not there for them (404, not "forbidden").
    for url in (
        reverse("allegations:index"),
        reverse("allegations:person", args=[child.pk]),
        reverse("allegations:rota"),
        reverse("allegations:referral-new"),
    ):
        response = client.get(url)
        assert (response.status_code, _page(response)) == (404, not_found), url
    assert "LADO cases shared with you" not in client.get("/").content.decode()
    assert not allegation_scope(user=user).exists()
    assert not can(user, Action.VIEW, case)

    # Search for the person the LADO added: nothing.
    found = client.get(reverse("people:search"), {"name": "Declan Fairweather"})
    assert found.status_code in (200, 403)
    assert subject.council_id not in found.content.decode()
    assert reverse("people:detail", args=[subject.pk]) not in found.content.decode()
    # "My work", the meetings list and the child's chronology and deadlines say nothing of it.
    for url in (
        reverse("core:home"),
        reverse("meetings:list"),
        reverse("chronology:chronology", args=[child.pk]),
        reverse("timescales:person", args=[child.pk]),
        reverse("people:detail", args=[child.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for word in ("Fairweather", "LADO", "allegation", case.reference):
            assert word not in page, (url, word)


def test_someone_invited_sees_that_case_only(referral, lado, police, client_for, child):
    shared = referral()
    other = referral(new_subject={"given_names": "Nigel", "family_name": "Ashdown"})
    services.allegation_invite(actor=lado, allegation=shared, user=police, capacity=Capacity.POLICE)
    client = client_for(police)

    page = client.get(reverse("allegations:case", args=[shared.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fairweather" in text and "Ferry Road Primary School" in text
    # Not the LADO team's tools, nor the others invited, nor a child they may not see.
    assert "Record the outcome" not in text and "People invited to this case" not in text
    assert "A child whose record you cannot see" in text and "Rowntree" not in text
    assert client.get(reverse("allegations:case", args=[other.pk])).status_code == 404
    listing = client.get(reverse("allegations:index")).content.decode()
    assert shared.reference in listing and other.reference not in listing and "Ashdown" not in listing
    assert "LADO cases shared with you" in listing  # the menu leads them there
    # The LADO team's tools are not there for them either.
    assert client.get(reverse("allegations:case-outcome", args=[shared.pk])).status_code == 404
    assert client.get(reverse("allegations:rota")).status_code == 404
    # The subject's record through the invitation (involvement), but not the other subject's.
    assert client.get(reverse("people:detail", args=[shared.subject_id])).status_code == 200
    assert client.get(reverse("people:detail", args=[other.subject_id])).status_code == 404

    # Once their access ends, the case is gone for them.
    services.allegation_access_end(actor=lado, access=shared.access.get())
    assert client.get(reverse("allegations:case", args=[shared.pk])).status_code == 404
    assert client.get(reverse("allegations:index")).status_code == 404


def test_advice_consultations_are_never_shared(lado, rota, police):
    advice = services.advice_record(
        actor=lado, received_at=at(TODAY, 9), referrer_name="Kate Lowry", question="Q?", advice_given="A."
    )
    with pytest.raises(Exception, match="not shared"):
        services.allegation_invite(actor=lado, allegation=advice, user=police, capacity=Capacity.POLICE)


def test_every_lado_officer_sees_every_case_and_the_view_is_audited(referral, lado2, client_for):
    from jigsaw.audit.models import AuditEntry

    case = referral()
    assert client_for(lado2).get(reverse("allegations:case", args=[case.pk])).status_code == 200
    assert AuditEntry.objects.filter(actor=lado2, kind="view", subject_person_id=case.subject_id).exists()


def test_a_known_person_keeps_their_record_visible_but_not_the_allegation(referral, lado, make_user, client_for):
    teacher = PersonFactory(given_names="Ruth", family_name="Penhaligon", date_of_birth=dt.date(1979, 1, 9))
    case = referral(subject=teacher)
    services.allegation_conclude(
        actor=lado, allegation=case, outcome=Outcome.UNFOUNDED, concluded_on=TODAY, followed_by=[FollowUp.TRAINING]
    )
    client = client_for(make_user(Role.SOCIAL_WORKER))
    page = client.get(reverse("people:detail", args=[teacher.pk]))
    assert page.status_code == 200
    assert "LADO" not in page.content.decode()
    chronology = client.get(reverse("chronology:chronology", args=[teacher.pk])).content.decode()
    assert "LADO" not in chronology and "allegation" not in chronology.lower()
