"""The governance screens, through Django's test client, as the people who use them."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from markupsafe import escape

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.records.models import Disclosure

from .. import services
from ..choices import BreachRisk, RightsKind
from ..models import SharingDecision
from .conftest import decision_fields

pytestmark = pytest.mark.django_db


def _child_of(user):
    child = PersonFactory(date_of_birth=dt.date(2016, 2, 2))
    InvolvementFactory(user=user, person=child, kind="allocated", service="Child in need")
    return child


FORM = {
    "shared": "yes",
    "decided_on-day": "1",
    "decided_on-month": "12",
    "decided_on-year": "2026",
    "information": "The dates of the injuries",
    "recipient_name": "DC Ayers",
    "recipient_agency": "Northmere Police",
    "recipient_email": "",
    "purpose": "Strategy discussion",
    "article_6": "6_1_e",
    "special_condition": "sch1_18",
    "told": "no",
    "consent": "not_sought",
    "reason": "",
}


def test_the_childs_page_links_to_information_sharing_and_the_form_walks_the_rules(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    child = _child_of(client.user)
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert reverse("governance:person", args=[child.pk]) in page
    form = client.get(reverse("governance:sharing-add", args=[child.pk])).content.decode()
    assert "You do not need consent to share where a child is at risk of harm" in form
    assert "The seven golden rules (2018)" in form


def test_a_decision_without_its_reason_is_refused_keeping_what_was_typed_then_recorded(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    child = _child_of(client.user)
    url = reverse("governance:sharing-add", args=[child.pk])
    refused = client.post(url, FORM)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "govuk-error-summary" in page, page[page.find("<main") :][:3000]
    assert "Enter why you shared without" in page
    assert "The dates of the injuries" in page
    assert not SharingDecision.objects.exists()
    done = client.post(url, FORM | {"reason": "The child is at risk of significant harm"})
    decision = SharingDecision.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("governance:sharing", args=[decision.pk])


def test_the_disclosure_log_shows_on_the_childs_governance_page_for_a_manager_not_a_worker(signed_in, make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    child = _child_of(worker)
    services.sharing_decision_record(actor=worker, person=child, **decision_fields(decided_on=dt.date.today()))
    manager = signed_in(Role.TEAM_MANAGER)
    page = manager.get(reverse("governance:person", args=[child.pk])).content.decode()
    assert "Disclosure log" in page and "Northmere Police" in page
    assert str(escape("Dates of the two recent injuries and the school's attendance concerns")) in page
    assert Disclosure.objects.count() == 1


def test_the_dpo_sees_what_needs_them_on_one_screen_and_on_my_work(signed_in, make_user):
    dpo = signed_in(Role.DATA_PROTECTION_OFFICER)
    worker = make_user(Role.SOCIAL_WORKER)
    child = _child_of(worker)
    services.sharing_decision_record(actor=worker, person=child, **decision_fields(decided_on=dt.date.today()))
    services.rights_request_log(
        actor=dpo.user,
        person=child,
        kind=RightsKind.RESTRICTION,
        received_on=dt.date.today(),
        requester_name="The child's father",
        requester_relationship="parent",
        details="Stop sharing with the school",
    )
    from django.utils import timezone

    breach = services.breach_record(
        actor=dpo.user,
        summary="Letter posted to an old address",
        description="A review letter went to the family's previous address",
        aware_at=timezone.now() - dt.timedelta(hours=2),
        data_affected="A review letter",
        people_affected="A family",
        people_count=3,
        risk=BreachRisk.RISK,
        risk_assessment="Names and the review date",
    )
    screen = dpo.get(reverse("governance:index")).content.decode()
    assert breach.reference in screen
    assert re.search(r"(69|70) of 72 hours left", screen)  # two hours gone, give or take the test's own time
    assert "Restriction of processing" in screen
    assert "Shared without consent" in screen
    my_work = dpo.get(reverse("core:home")).content.decode()
    assert f"Breach {breach.reference}: report to the ICO by" in my_work
    assert "Review a sharing decision" in my_work
    assert "Answer a data protection rights request" in my_work


def test_only_the_dpo_opens_the_governance_screen(signed_in):
    assert signed_in(Role.SOCIAL_WORKER).get(reverse("governance:index")).status_code == 403


def test_privacy_notices_are_public_versioned_and_say_how_to_complain(client):
    index = client.get(reverse("privacy:index"))
    assert index.status_code == 200
    notice = client.get(reverse("privacy:notice", args=["protection"]))
    page = notice.content.decode()
    assert notice.status_code == 200
    assert "Privacy notice, version 1" in page
    assert "0303 123 1113" in page and "Information Commissioner" in page
    assert "35 years after the case closes" in page  # from the records' retention declarations
    assert client.get(reverse("privacy:notice", args=["audit"])).status_code == 404


def test_the_article_30_record_is_a_screen_and_a_spreadsheet_for_the_dpo(signed_in):
    dpo = signed_in(Role.DATA_PROTECTION_OFFICER)
    page = dpo.get(reverse("governance:processing")).content.decode()
    assert "Record of processing activities" in page and "Sharing decision" in page
    csv = dpo.get(reverse("governance:processing-csv")).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Service area,Record,Purpose")
    assert "Child protection" in csv
