"""A child's page opens with a case summary (issue 10 §5), built from what each service area
registers (core/summary.py), through the access policy: walked on the demo council."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from markupsafe import escape as markup_escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.access.models import User
from jigsaw.core.summary import age_text
from jigsaw.tests.test_restricted_invisible import sign_in

AS_OF = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def summary_of(page: str) -> str:
    """The case summary part of a person's page."""
    start = page.index('id="case-summary"')
    return page[start : page.index('<h2 class="govuk-heading-m">Open to</h2>', start)]


@pytest.mark.django_db
def test_a_childs_page_opens_with_a_case_summary_through_the_policy():
    from jigsaw.allegations.models import Allegation
    from jigsaw.care.models import CareEpisode, PeriodOfCare
    from jigsaw.protection.models import ProtectionPlan

    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--children", "40", "--seed", "3", "--as-of", AS_OF.isoformat())
        social_worker = sign_in(User.objects.get(username="social_worker"))
        lado = sign_in(User.objects.get(username="lado_officer"))

        # On a plan: since when, its category, the lead practitioner, the child protection record.
        plan = ProtectionPlan.objects.filter(ended_on__isnull=True).select_related("person").first()
        child = plan.person
        page = social_worker.get(f"/people/{child.pk}/").content.decode()
        summary = summary_of(page)
        assert "Child protection plan: Since" in html.unescape(summary)
        assert plan.get_category_display().lower() in html.unescape(summary)
        if plan.lead_practitioner:
            assert markup_escape(plan.lead_practitioner.full_name) in summary
        assert f"{age_text(child, AS_OF)}<" in summary.replace("\n", "").replace("  ", "")
        assert f'href="/protection/children/{child.pk}/"' in summary
        assert f'href="/timescales/people/{child.pk}/"' in summary  # all deadlines
        assert f'href="/chronology/{child.pk}/"' in summary  # the whole chronology
        # Not looked after: no children in care record among the records held.
        if not PeriodOfCare.objects.filter(person=child).exists():
            assert "Looked after" not in summary
            records = summary.split("Records in other services", 1)[-1].split("Start work", 1)[0]
            assert f'href="/children-in-care/people/{child.pk}/"' not in records

        # Looked after: the legal status of the current placement.
        episode = CareEpisode.objects.filter(ended_on__isnull=True, period__ended_on__isnull=True).first()
        summary = html.unescape(summary_of(social_worker.get(f"/people/{episode.person_id}/").content.decode()))
        assert "Looked after: Since" in summary
        assert episode.get_legal_status_display() in summary

        # A child named in a LADO case: its team sees the case in her summary; nobody else sees a trace.
        case = Allegation.objects.filter(children__isnull=False).first()
        named = case.children.first().person
        seen_by_lado = summary_of(lado.get(f"/people/{named.pk}/").content.decode())
        assert f'href="/lado/people/{named.pk}/"' in seen_by_lado.split("Start work", 1)[0]
        assert "LADO" in seen_by_lado
        response = social_worker.get(f"/people/{named.pk}/")
        assert response.status_code == 200
        outsider = summary_of(response.content.decode())
        assert "/lado/" not in outsider and "LADO" not in outsider
