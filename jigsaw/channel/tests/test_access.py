"""Channel is restricted to the Channel panel: nobody else may see, search or count its cases.

Two cases: one about a person first known through the referral (their record restricted to
Channel) and one about a child already known to children's services (their record open,
their Channel case not). For social workers, team managers, the LADO officer, a partner
practitioner working with the child and the data protection officer: 404s for every Channel
record, empty lists and counts, a people search that does not find the restricted person,
and nothing of Channel on "My work", the child's deadlines, chronology or meetings.
"""

import html
import re

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.channel import selectors, services
from jigsaw.channel.choices import Decision
from jigsaw.channel.models import Assessment, ChannelCase, ExitReview, Intervention, PanelReview
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.people.matching import SearchQuery, index_persons
from jigsaw.people.selectors import person_search
from jigsaw.timescales.models import Clock

from .conftest import Walk, days_ago


def _page(response) -> bytes:
    """The page, once its own script nonce (new on every response) is set aside."""
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', response.content)


pytestmark = pytest.mark.django_db

OUTSIDERS = [
    Role.SOCIAL_WORKER,
    Role.TEAM_MANAGER,
    Role.LADO_OFFICER,
    Role.PARTNER_PRACTITIONER,
    Role.DATA_PROTECTION_OFFICER,
]


@pytest.fixture
def scene(chair, child):
    walk = Walk(chair)
    hidden = services.case_refer_new_person(
        actor=chair,
        person_data={"given_names": "Tamsin", "family_name": "Quarrington", "date_of_birth": days_ago(16 * 365)},
        received_on=days_ago(60),
        received_from="Counter-terrorism policing",
        concern_type="islamist",
        concerns="Contact with an online extremist group",
    )
    walk.consent(hidden)
    walk.assess(hidden)
    walk.decide(hidden)
    services.intervention_add(
        actor=chair, case=hidden, kind="mentoring", provider="Intervention Provider", started_on=days_ago(40)
    )
    known = walk.adopted(child)  # open record, restricted case
    meeting = walk.panel(on=5)
    review = services.panel_case_add(actor=chair, meeting=meeting, case=known)
    services.panel_decision_record(actor=chair, review=review, decision=Decision.EXIT_RISK_REDUCED, reasons="Done")
    index_persons([hidden.person_id, child.pk])
    return {
        "hidden": ChannelCase.objects.get(pk=hidden.pk),
        "known": ChannelCase.objects.get(pk=known.pk),
        "meeting": meeting,
    }


def _urls(scene) -> list[str]:
    hidden, known = scene["hidden"], scene["known"]
    return [
        reverse("channel:person", args=[hidden.person_id]),
        reverse("channel:person", args=[known.person_id]),
        reverse("channel:case", args=[hidden.pk]),
        reverse("channel:case", args=[known.pk]),
        reverse("channel:consent", args=[hidden.pk]),
        reverse("channel:assessment-new", args=[hidden.pk]),
        reverse("channel:assessment", args=[Assessment.objects.filter(case=hidden).first().pk]),
        reverse("channel:intervention-add", args=[hidden.pk]),
        reverse("channel:intervention", args=[Intervention.objects.get(case=hidden).pk]),
        reverse("channel:panel", args=[scene["meeting"].pk]),
        reverse("channel:panel-decision", args=[PanelReview.objects.filter(case=known).first().pk]),
        reverse("channel:exit-review", args=[ExitReview.objects.filter(case=known).first().pk]),
        reverse("channel:refer-find"),
        reverse("channel:refer", args=[known.person_id]),
        reverse("channel:refer-new"),
        reverse("channel:panel-convene"),
        reverse("meetings:detail", args=[scene["meeting"].pk]),
        reverse("people:detail", args=[hidden.person_id]),
        reverse("chronology:chronology", args=[hidden.person_id]),
        reverse("timescales:person", args=[hidden.person_id]),
    ]


def test_the_channel_panel_sees_its_cases(scene, chair, client):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=chair, name="Authenticator app", confirmed=True)
    client.force_login(chair)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for url in _urls(scene):
        assert client.get(url).status_code == 200, url
    assert selectors.case_list(user=chair).count() == 2
    found = person_search(user=chair, query=SearchQuery(name="Tamsin Quarrington"))
    assert [r.person.pk for r in found.people] == [scene["hidden"].person_id]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_one_outside_the_panel_can_see_search_or_count_channel_cases(scene, signed_in, child, role):
    client = signed_in(role)
    user = client.user
    if role == Role.PARTNER_PRACTITIONER:
        InvolvementFactory(person=child, service="School nurse", user=user)

    # Every Channel page, the area's front page too: not found, exactly as a page that does not exist.
    not_found = _page(client.get("/no-such-page/"))
    for url in [*_urls(scene), reverse("channel:index")]:
        response = client.get(url)
        assert (response.status_code, _page(response)) == (404, not_found), url
        assert client.post(url, {"person_id": child.pk}).status_code in (404, 405), url

    # Lists and counts: nothing.
    assert selectors.case_list(user=user).count() == 0
    assert selectors.panel_list(user=user).count() == 0
    board = selectors.dashboard(user=user)
    assert not board.by_stage and not board.exit_reviews_due and not board.panels_upcoming and not board.panels_recent
    for model in (Assessment, Intervention, PanelReview, ExitReview):
        assert model.objects.visible_to(user).count() == 0

    # People search: the restricted person is not there.
    found = person_search(user=user, query=SearchQuery(name="Tamsin Quarrington"))
    assert scene["hidden"].person_id not in [r.person.pk for r in found.people + found.household]
    page = client.get(reverse("people:search"), {"name": "Tamsin Quarrington"}).content.decode()
    assert scene["hidden"].person.council_id not in page

    # My work, the known child's deadlines, chronology, meetings and person page: nothing of Channel.
    pages = [client.get(reverse("core:home")).content.decode(), client.get(reverse("meetings:list")).content.decode()]
    for url in (
        reverse("timescales:person", args=[child.pk]),
        reverse("chronology:chronology", args=[child.pk]),
        reverse("people:detail", args=[child.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        if response.status_code == 200:
            pages.append(response.content.decode())
    for page in pages:
        assert "Channel" not in page, page[:200]
        assert "Quarrington" not in page


def test_channel_clocks_and_chronology_are_marked_restricted(scene):
    assert Clock.objects.filter(rule_key__startswith="channel_").exists()
    entries = ChronologyEntry.objects.filter(person_id__in=[scene["hidden"].person_id, scene["known"].person_id])
    assert entries.exists() and not entries.filter(restricted_area="").exists()


def test_channel_views_of_a_known_child_are_audited_but_not_listed_against_the_child(scene, chair):
    from jigsaw.audit.models import AuditEntry, AuditKind
    from jigsaw.channel.selectors import case_get, channel_person_get

    known = scene["known"]
    case_get(user=chair, case_id=known.pk)
    channel_person_get(user=chair, person_id=known.person_id, purpose="Channel record")
    views = AuditEntry.objects.filter(actor=chair, kind=AuditKind.VIEW)
    assert views.filter(additional_data__person=known.person_id).count() == 2
    assert not views.filter(subject_person_id=known.person_id).exists()


def test_who_has_seen_the_known_childs_record_shows_no_channel_work(scene, signed_in, chair):
    manager = signed_in(Role.TEAM_MANAGER)
    page = html.unescape(manager.get(reverse("audit:person-log", args=[scene["known"].person_id])).content.decode())
    assert "Channel" not in page and chair.full_name not in page
