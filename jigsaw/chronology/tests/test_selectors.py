"""Reading the chronology: access, restricted entries, filters, order and the audit log."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.selectors import ChronologyFilters, chronology_agencies, chronology_for
from jigsaw.chronology.services import chronology_record
from jigsaw.people.services import person_merge
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def history(child, police, health, make_user):
    """Five entries over two months from three agencies, at every significance."""
    csc = make_user(Role.SOCIAL_WORKER).agency
    rows = [
        (day(60), "contact", "Contact from school about bruising", csc, "standard"),
        (day(59), "decision", "Decision: strategy discussion", csc, "high"),
        (day(40), "partner_entry", "Police called to the home overnight", police, "critical"),
        (day(20), "partner_entry", "Missed health visitor appointment", health, "low"),
        (day(5), "partner_entry", "Police welfare check, all well", police, "standard"),
    ]
    return [
        chronology_record(person=child, occurred_on=d, kind=k, summary=s, source_agency=a, significance=sig)
        for d, k, s, a, sig in rows
    ]


def summaries(entries) -> list[str]:
    return [e.summary for e in entries]


class AccessTests:
    def test_a_person_the_user_cannot_see_has_no_chronology(self, child, history, make_user):
        with pytest.raises(Http404):
            chronology_for(user=make_user(Role.PARTNER_PRACTITIONER), person=child)

    def test_an_involved_partner_sees_every_agencys_entries(self, child, history, officer):
        assert len(chronology_for(user=officer, person=child)) == 5

    def test_a_lado_entry_is_hidden_from_a_social_worker_and_shown_to_the_lado_officer(self, child, history, make_user):
        lado_entry = chronology_record(
            person=child,
            occurred_on=day(10),
            kind="lado_referral",
            summary="Allegation against the child's football coach",
            significance="high",
            restricted_area="lado",
        )
        worker = make_user(Role.SOCIAL_WORKER)
        assert lado_entry not in chronology_for(user=worker, person=child)
        assert lado_entry in chronology_for(user=make_user(Role.LADO_OFFICER), person=child)
        # Nor does it show in the agency list (nor in a Channel chair's chronology).
        assert lado_entry not in chronology_for(user=make_user(Role.CHANNEL_CHAIR), person=child)

    def test_entries_of_a_duplicate_merged_into_the_child_are_in_the_childs_chronology(self, child, history, make_user):
        duplicate = PersonFactory(given_names="Amelia", family_name="Rowntre")
        chronology_record(person=duplicate, occurred_on=day(100), kind="contact", summary="Earlier contact, misspelt")
        manager = make_user(Role.TEAM_MANAGER)
        person_merge(actor=manager, kept=child, duplicate=duplicate, reason="Same child, checked with school")
        assert "Earlier contact, misspelt" in summaries(chronology_for(user=manager, person=child))


class FilterTests:
    def test_newest_first_by_default_and_oldest_first_on_request(self, child, history, officer):
        newest = summaries(chronology_for(user=officer, person=child))
        assert newest[0] == "Police welfare check, all well"
        assert newest[-1] == "Contact from school about bruising"
        assert summaries(chronology_for(user=officer, person=child, oldest_first=True)) == newest[::-1]

    def test_by_agency(self, child, history, officer, police):
        assert summaries(chronology_for(user=officer, person=child, agency_id=police.pk)) == [
            "Police welfare check, all well",
            "Police called to the home overnight",
        ]

    def test_by_period_including_both_ends(self, child, history, officer):
        shown = chronology_for(user=officer, person=child, date_from=day(59), date_to=day(20))
        assert summaries(shown) == [
            "Missed health visitor appointment",
            "Police called to the home overnight",
            "Decision: strategy discussion",
        ]

    def test_by_minimum_significance(self, child, history, officer):
        assert summaries(chronology_for(user=officer, person=child, significance="high")) == [
            "Police called to the home overnight",
            "Decision: strategy discussion",
        ]
        assert summaries(chronology_for(user=officer, person=child, significance="critical")) == [
            "Police called to the home overnight"
        ]
        assert len(chronology_for(user=officer, person=child, significance="standard")) == 4

    def test_by_kind(self, child, history, officer):
        shown = chronology_for(user=officer, person=child, kinds=["contact", "decision"])
        assert summaries(shown) == ["Decision: strategy discussion", "Contact from school about bruising"]

    def test_filters_combine(self, child, history, officer, police):
        shown = chronology_for(user=officer, person=child, agency_id=police.pk, significance="high")
        assert summaries(shown) == ["Police called to the home overnight"]

    def test_within_a_day_entries_go_by_their_time(self, child, officer):
        morning = timezone.make_aware(dt.datetime.combine(day(1), dt.time(9, 0)))
        evening = timezone.make_aware(dt.datetime.combine(day(1), dt.time(21, 0)))
        chronology_record(person=child, occurred_on=day(1), occurred_at=evening, kind="note", summary="Evening")
        chronology_record(person=child, occurred_on=day(1), occurred_at=morning, kind="note", summary="Morning")
        assert summaries(chronology_for(user=officer, person=child)) == ["Evening", "Morning"]
        assert summaries(chronology_for(user=officer, person=child, oldest_first=True)) == ["Morning", "Evening"]

    def test_the_agency_list_holds_the_agencies_with_entries(self, child, history, officer):
        names = [a.name for a in chronology_agencies(user=officer, person=child)]
        assert names == ["Northbridge Children's Services", "Northbridge NHS Trust", "Northbridge Police"]

    def test_filters_in_words(self, police):
        words = ChronologyFilters(
            agency_id=police.pk, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31), significance="high"
        ).describe("Northbridge Police")
        assert words == [
            "Agency: Northbridge Police",
            "Between 1 January 2026 and 31 March 2026",
            "Significance: high and critical (significant events)",
        ]


class AuditTests:
    def test_reading_a_chronology_is_audited_as_a_view_with_its_filters(self, child, history, officer):
        chronology_for(user=officer, person=child, significance="high")
        entry = AuditEntry.objects.filter(kind="view", purpose="viewed chronology").get()
        assert entry.actor == officer
        assert entry.subject_person_id == child.pk
        assert entry.additional_data == {"filters": {"significance": "high"}, "entries": 2}
