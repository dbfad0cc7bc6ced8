"""The Channel screens, as a Channel panel chair uses them (Django test client)."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.channel import services
from jigsaw.channel.choices import FACTORS, ConsentStatus, Decision
from jigsaw.channel.models import ChannelCase, Intervention, PanelReview
from jigsaw.people.matching import index_persons

from .conftest import Walk, days_ago

pytestmark = pytest.mark.django_db


def _date(prefix: str, day) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


@pytest.fixture
def client_chair(signed_in):
    return signed_in(Role.CHANNEL_CHAIR, full_name="Morgan Ellery")


def test_a_referral_for_someone_found_by_the_already_known_search(client_chair, child):
    index_persons([child.pk])
    page = client_chair.get(reverse("channel:refer-find"), {"name": "Kieran Ashdown"}).content.decode()
    assert "Kieran Ashdown" in page and "Refer Kieran Ashdown" in page
    response = client_chair.post(reverse("channel:refer-find"), {"person_id": child.pk})
    assert response.url == reverse("channel:refer", args=[child.pk])
    form = {
        **_date("received_on", days_ago(3)),
        "received_from": "Counter-terrorism policing",
        "concern_type": "islamist",
        "concerns": "Watching and sharing extremist videos",
    }
    page = client_chair.post(response.url, form).content.decode()
    assert "There is a problem" in page and "Confirm the gateway assessment" in page
    assert "Watching and sharing extremist videos" in page  # what was typed is kept
    response = client_chair.post(response.url, form | {"gateway_suitable": "on"})
    case = ChannelCase.objects.get()
    assert response.url == reverse("channel:case", args=[case.pk])
    page = client_chair.get(response.url).content.decode()
    assert "Awaiting consent" in page and "Islamist" in page


def test_a_referral_for_someone_not_yet_known(client_chair):
    form = {
        "given_names": "Tamsin",
        "family_name": "Rolfe",
        "sex": "F",
        **_date("received_on", days_ago(2)),
        "received_from": "Counter-terrorism policing",
        "gateway_suitable": "on",
        "concern_type": "school_massacre",
        "concerns": "Researching school shootings",
    }
    page = client_chair.post(reverse("channel:refer-new"), form).content.decode()
    assert "Say whether the person was under 18" in page
    response = client_chair.post(reverse("channel:refer-new"), form | {"under_18": "yes"})
    case = ChannelCase.objects.get()
    assert response.status_code == 302 and case.person.restricted_area == RestrictedArea.CHANNEL


def test_consent_assessment_panel_and_support_screens(client_chair, child):
    walk = Walk(client_chair.user)
    case = walk.refer(child)
    url = reverse("channel:consent", args=[case.pk])
    assert "parental responsibility" in client_chair.get(url).content.decode()
    page = client_chair.post(
        url,
        {
            "status": "refused",
            **_date("recorded_on", days_ago(50)),
            "consent_from": "parental_responsibility",
            "given_by_name": "Lorna Ashdown",
        },
    ).content.decode()
    assert "Enter the other support considered" in page
    client_chair.post(
        url,
        {
            "status": "given",
            **_date("recorded_on", days_ago(50)),
            "consent_from": "parental_responsibility",
            "given_by_name": "Lorna Ashdown",
            "capacity_considered": "on",
        },
    )
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.GIVEN

    url = reverse("channel:assessment-new", args=[case.pk])
    page = client_chair.get(url).content.decode()
    assert "Intent to cause harm" in page and "Criminal history" in page
    form = {**_date("assessed_on", days_ago(48)), "summary": "Some susceptibility"}
    form |= {f"{f.code}_rating": "none" for f in FACTORS}
    page = client_chair.post(url, form | {"grievance_rating": "high"}).content.decode()
    assert "Enter the evidence for the rating of feelings of grievance and injustice" in page
    response = client_chair.post(url, form | {"grievance_rating": "high", "grievance_evidence": "Says he is ignored"})
    assert response.status_code == 302
    page = client_chair.get(response.url).content.decode()
    assert "Says he is ignored" in page

    response = client_chair.post(
        reverse("channel:panel-convene"),
        {**_date("starts_on", days_ago(40)), "start_time": "10:00", "location": "Civic Centre"},
    )
    panel_url = response.url
    page = client_chair.get(panel_url).content.decode()
    assert "Kieran Ashdown" in page  # offered for the agenda
    meeting_id = int(panel_url.rstrip("/").split("/")[-1])
    client_chair.post(reverse("channel:panel-case-add", args=[meeting_id]), {"case": case.pk})
    review = PanelReview.objects.get()
    url = reverse("channel:panel-decision", args=[review.pk])
    assert "Adopt as a Channel case" in client_chair.get(url).content.decode()
    page = client_chair.post(url, {"decision": Decision.ADOPT}).content.decode()
    assert "Enter the reasons for the panel" in page
    client_chair.post(url, {"decision": Decision.ADOPT, "reasons": "Vulnerable and willing to engage"})
    case.refresh_from_db()
    assert case.is_adopted

    url = reverse("channel:intervention-add", args=[case.pk])
    page = client_chair.post(
        url, {"kind": "mentoring", "provider": "Intervention Provider", **_date("started_on", days_ago(45))}
    ).content.decode()
    assert "Support cannot start before the panel adopted the case" in page
    client_chair.post(
        url, {"kind": "mentoring", "provider": "Intervention Provider", **_date("started_on", days_ago(30))}
    )
    support = Intervention.objects.get()
    page = client_chair.get(reverse("channel:case", args=[case.pk])).content.decode()
    assert "Intervention Provider" in page and "Adopted" in page
    client_chair.post(
        reverse("channel:intervention", args=[support.pk]), {"progress": "Attending weekly", "version": support.version}
    )
    support.refresh_from_db()
    assert support.progress == "Attending weekly"


def test_the_front_page_lists_cases_by_stage_and_reviews_due(client_chair, child, adult):
    walk = Walk(client_chair.user)
    walk.refer(adult)
    case = walk.adopted(child)
    meeting = walk.panel(on=3)
    review = services.panel_case_add(actor=walk.chair, meeting=meeting, case=case)
    services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.EXIT_RISK_REDUCED, reasons="Done")
    page = client_chair.get(reverse("channel:index")).content.decode()
    assert "Dale Whitcombe" in page  # awaiting consent
    assert "6 months" in page and "12 months" in page  # reviews after leaving
    page = client_chair.get(reverse("channel:person", args=[child.pk])).content.decode()
    assert "Left Channel" in page


def test_the_review_after_leaving_channel_is_recorded_on_its_screen(client_chair, child):
    from jigsaw.channel.models import ExitReview

    walk = Walk(client_chair.user)
    case = walk.adopted(child)
    review = services.panel_case_add(actor=walk.chair, meeting=walk.panel(on=3), case=case)
    services.panel_decision_record(actor=walk.chair, review=review, decision=Decision.EXIT_RISK_REDUCED, reasons="Done")
    six = ExitReview.objects.get(case=case, months=6)
    url = reverse("channel:exit-review", args=[six.pk])
    page = client_chair.post(url, {**_date("reviewed_on", days_ago(1)), "outcome": "concerns"}).content.decode()
    assert "Enter what the review found" in page
    client_chair.post(url, {**_date("reviewed_on", days_ago(1)), "outcome": "concerns", "notes": "Back in contact"})
    six.refresh_from_db()
    assert six.outcome == "concerns"
    page = client_chair.get(reverse("channel:case", args=[case.pk])).content.decode()
    assert "A review found new concerns" in page and "Back in contact" in page
