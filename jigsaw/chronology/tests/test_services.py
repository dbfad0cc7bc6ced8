"""Writes to the chronology: recording events, partner entries and corrections."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.models import ChronologyEntry, EntryImmutableError
from jigsaw.chronology.selectors import chronology_for
from jigsaw.chronology.services import chronology_record, entry_correct, partner_entry_add
from jigsaw.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_WEEK = TODAY - dt.timedelta(days=7)


class ChronologyRecordTests:
    def test_recording_the_same_event_of_a_record_twice_adds_one_entry(self, child, make_user):
        worker = make_user(Role.SOCIAL_WORKER)
        # Any saved model instance can be the source: here an involvement stands in for a contact.
        source = Involvement.objects.create(user=worker, person=child, kind="allocated")
        first = chronology_record(
            person=child, occurred_on=LAST_WEEK, kind="contact", summary="Contact from school", source=source
        )
        again = chronology_record(
            person=child, occurred_on=LAST_WEEK, kind="contact", summary="Contact from school", source=source
        )
        assert again.pk == first.pk
        assert ChronologyEntry.objects.filter(person=child).count() == 1
        assert first.source == source

    def test_one_record_about_several_children_gives_each_child_one_entry(self, child, make_user):
        from jigsaw.people.tests.factories import PersonFactory

        sibling = PersonFactory()
        worker = make_user(Role.SOCIAL_WORKER)
        # One record (standing in for a complex strategy meeting) about two children.
        source = Involvement.objects.create(user=worker, person=child, kind="allocated")
        for _ in range(2):
            for person in (child, sibling):
                chronology_record(
                    person=person, occurred_on=TODAY, kind="meeting_held", summary="Meeting held", source=source
                )
        assert ChronologyEntry.objects.filter(person=child).count() == 1
        assert ChronologyEntry.objects.filter(person=sibling).count() == 1

    def test_another_kind_of_event_of_the_same_record_is_a_new_entry(self, child, make_user):
        worker = make_user(Role.SOCIAL_WORKER)
        source = Involvement.objects.create(user=worker, person=child, kind="allocated")
        chronology_record(person=child, occurred_on=LAST_WEEK, kind="contact", summary="Contact", source=source)
        chronology_record(person=child, occurred_on=TODAY, kind="decision", summary="Decision: strategy", source=source)
        assert sorted(ChronologyEntry.objects.values_list("kind", flat=True)) == ["contact", "decision"]

    def test_without_a_source_each_call_is_an_entry(self, child):
        chronology_record(person=child, occurred_on=TODAY, kind="note", summary="Home visit")
        chronology_record(person=child, occurred_on=TODAY, kind="note", summary="Home visit")
        assert ChronologyEntry.objects.filter(person=child).count() == 2

    def test_records_who_when_agency_and_significance(self, child, make_user, police):
        worker = make_user(Role.SOCIAL_WORKER)
        entry = chronology_record(
            person=child,
            occurred_on=LAST_WEEK,
            kind="strategy_discussion",
            summary="Strategy discussion held: section 47 to start",
            recorded_by=worker,
            source_agency=police,
            significance="high",
        )
        entry.refresh_from_db()
        assert (entry.recorded_by, entry.source_agency, entry.significance) == (worker, police, "high")
        assert entry.recorded_on == TODAY
        assert entry.kind_display == "Strategy discussion"
        assert entry.is_significant

    def test_a_date_in_the_future_is_refused(self, child):
        with pytest.raises(ApplicationError) as e:
            chronology_record(person=child, occurred_on=TODAY + dt.timedelta(days=1), kind="note", summary="Later")
        assert e.value.field == "occurred_on"

    def test_a_significance_that_is_not_a_level_is_refused(self, child):
        with pytest.raises(ApplicationError) as e:
            chronology_record(person=child, occurred_on=TODAY, kind="note", summary="x", significance="urgent")
        assert e.value.field == "significance"

    def test_a_kind_that_is_not_a_code_is_refused(self, child):
        with pytest.raises(ApplicationError) as e:
            chronology_record(person=child, occurred_on=TODAY, kind="Strategy meeting!", summary="x")
        assert e.value.field == "kind"

    def test_a_long_summary_is_shortened_and_kept_whole_as_the_detail(self, child):
        words = "The caller said the children were left alone overnight again. " * 10
        entry = chronology_record(person=child, occurred_on=TODAY, kind="contact", summary=words)
        assert len(entry.summary) == 300 and entry.summary.endswith("…")
        assert entry.detail == words.strip()

    def test_a_datetime_keeps_the_time_and_the_uk_date(self, child):
        # 23:30 UTC on a summer day is 00:30 the next day in the UK.
        at = dt.datetime(2025, 7, 1, 23, 30, tzinfo=dt.UTC)
        entry = chronology_record(person=child, occurred_on=at, kind="note", summary="Police attended")
        assert entry.occurred_on == dt.date(2025, 7, 2)
        assert entry.occurred_at == at


class PartnerEntryTests:
    def test_an_involved_police_officer_adds_an_entry_under_the_police(self, child, officer, police, make_user):
        entry = partner_entry_add(
            actor=officer,
            person=child,
            occurred_on=LAST_WEEK,
            summary="Police attended a domestic incident at the home",
            significance="high",
        )
        assert entry.source_agency == police
        assert entry.kind == "partner_entry"
        assert entry.recorded_by == officer
        # And the social worker sees it in the merged chronology, with the police as its agency.
        shown = chronology_for(user=make_user(Role.SOCIAL_WORKER), person=child)
        assert [(e.summary, e.source_agency.name) for e in shown] == [
            ("Police attended a domestic incident at the home", "Northbridge Police")
        ]

    def test_a_partner_not_involved_cannot_add(self, child, make_user):
        stranger = make_user(Role.PARTNER_PRACTITIONER)
        with pytest.raises(PermissionDenied):
            partner_entry_add(actor=stranger, person=child, occurred_on=TODAY, summary="Seen at A&E")
        assert not ChronologyEntry.objects.exists()

    def test_a_council_practitioner_adds_a_practitioners_entry(self, child, make_user):
        worker = make_user(Role.SOCIAL_WORKER)
        entry = partner_entry_add(actor=worker, person=child, occurred_on=TODAY, summary="Home visit, child seen alone")
        assert entry.kind == "note"
        assert entry.source_agency == worker.agency

    @pytest.mark.parametrize(
        ("kwargs", "field", "message"),
        [
            ({"occurred_on": TODAY + dt.timedelta(days=2)}, "occurred_on", "must be today or in the past"),
            ({"occurred_on": None}, "occurred_on", "Enter the date of the event"),
            ({"occurred_on": dt.date(1850, 1, 1)}, "occurred_on", "after 1900"),
            ({"summary": "   "}, "summary", "Enter a summary of what happened"),
            ({"summary": "x" * 301}, "summary", "300 characters or fewer"),
            ({"significance": "medium"}, "significance", "low, standard, high or critical"),
        ],
    )
    def test_bad_input_is_refused_with_its_field(self, child, officer, kwargs, field, message):
        data = {"occurred_on": TODAY, "summary": "Seen at school", **kwargs}
        with pytest.raises(ApplicationError) as e:
            partner_entry_add(actor=officer, person=child, **data)
        assert e.value.field == field
        assert message in e.value.message
        assert not ChronologyEntry.objects.exists()

    def test_a_lado_officers_entry_is_seen_only_by_lado(self, child, make_user):
        lado = make_user(Role.LADO_OFFICER)
        entry = partner_entry_add(actor=lado, person=child, occurred_on=TODAY, summary="Allegation against a coach")
        assert entry.restricted_area == "lado"
        assert chronology_for(user=make_user(Role.SOCIAL_WORKER), person=child) == []
        assert chronology_for(user=make_user(Role.LADO_OFFICER), person=child) == [entry]

    def test_the_new_entry_is_in_the_audit_log_with_who_added_it(self, child, officer):
        entry = partner_entry_add(actor=officer, person=child, occurred_on=TODAY, summary="Seen at school")
        logged = AuditEntry.objects.filter(
            kind="create", object_pk=str(entry.pk), content_type__model="chronologyentry"
        )
        assert logged.get().actor == officer


class CorrectionTests:
    def test_a_correction_supersedes_the_entry_and_keeps_the_original(self, child, officer, make_user):
        original = partner_entry_add(actor=officer, person=child, occurred_on=LAST_WEEK, summary="Seen at Leeds A&E")
        fixed = entry_correct(
            actor=officer, entry=original, summary="Seen at Bradford A&E", reason="Wrong hospital named"
        )
        original.refresh_from_db()
        assert original.summary == "Seen at Leeds A&E"  # untouched
        assert original.is_corrected and original.correction == fixed
        assert (fixed.corrects, fixed.correction_reason) == (original, "Wrong hospital named")
        assert (fixed.occurred_on, fixed.source_agency, fixed.kind) == (LAST_WEEK, officer.agency, "partner_entry")
        shown = chronology_for(user=make_user(Role.SOCIAL_WORKER), person=child)
        assert [e.summary for e in shown] == ["Seen at Bradford A&E"]
        assert [e.summary for e in shown[0].earlier_versions] == ["Seen at Leeds A&E"]
        every = chronology_for(user=make_user(Role.SOCIAL_WORKER), person=child, include_superseded=True)
        assert {e.summary for e in every} == {"Seen at Leeds A&E", "Seen at Bradford A&E"}

    def test_an_entry_is_corrected_once_then_the_correction_is_corrected(self, child, officer):
        original = partner_entry_add(actor=officer, person=child, occurred_on=TODAY, summary="First")
        second = entry_correct(actor=officer, entry=original, summary="Second", reason="Typo")
        with pytest.raises(ApplicationError, match="already been corrected"):
            entry_correct(actor=officer, entry=original, summary="Third", reason="Again")
        third = entry_correct(actor=officer, entry=second, summary="Third", reason="Another typo")
        shown = chronology_for(user=officer, person=child)
        assert shown == [third]
        assert [e.summary for e in shown[0].earlier_versions] == ["Second", "First"]

    def test_a_reason_is_required(self, child, officer):
        original = partner_entry_add(actor=officer, person=child, occurred_on=TODAY, summary="First")
        with pytest.raises(ApplicationError) as e:
            entry_correct(actor=officer, entry=original, summary="Second", reason=" ")
        assert e.value.field == "reason"

    def test_an_unchanged_correction_is_refused(self, child, officer):
        original = partner_entry_add(actor=officer, person=child, occurred_on=TODAY, summary="First")
        with pytest.raises(ApplicationError) as e:
            entry_correct(actor=officer, entry=original, summary="First", reason="No reason")
        assert e.value.field == "summary"

    def test_another_agency_cannot_correct_an_entry(self, child, officer, health_visitor):
        original = partner_entry_add(actor=officer, person=child, occurred_on=TODAY, summary="Police attended")
        with pytest.raises(ApplicationError, match="Only the person or agency"):
            entry_correct(actor=health_visitor, entry=original, summary="Not so", reason="Disagree")

    def test_a_colleague_of_the_same_agency_can_correct(self, child, officer, make_user, police):
        colleague = make_user(Role.PARTNER_PRACTITIONER, agency=police)
        Involvement.objects.create(user=colleague, person=child, kind="invited")
        original = partner_entry_add(actor=officer, person=child, occurred_on=TODAY, summary="Police attended")
        fixed = entry_correct(actor=colleague, entry=original, summary="Police attended at 2am", reason="Time added")
        assert fixed.recorded_by == colleague

    def test_a_system_entry_is_corrected_by_someone_who_may_change_the_childs_record(self, child, make_user, officer):
        entry = chronology_record(person=child, occurred_on=TODAY, kind="decision", summary="Decision: NFA")
        with pytest.raises(ApplicationError):
            entry_correct(actor=officer, entry=entry, summary="Decision: strategy", reason="Wrong outcome")
        fixed = entry_correct(
            actor=make_user(Role.TEAM_MANAGER), entry=entry, summary="Decision: strategy", reason="Wrong outcome"
        )
        assert fixed.corrects == entry

    def test_someone_who_cannot_see_the_entry_cannot_correct_it(self, child, make_user):
        entry = chronology_record(
            person=child, occurred_on=TODAY, kind="lado_referral", summary="LADO referral", restricted_area="lado"
        )
        with pytest.raises(PermissionDenied):
            entry_correct(actor=make_user(Role.TEAM_MANAGER), entry=entry, summary="Changed", reason="Because")


class ImmutabilityTests:
    def test_an_entry_cannot_be_changed_or_deleted(self, child):
        entry = chronology_record(person=child, occurred_on=TODAY, kind="note", summary="Home visit")
        entry.summary = "Something else"
        with pytest.raises(EntryImmutableError):
            entry.save()
        with pytest.raises(EntryImmutableError):
            entry.delete()
        with pytest.raises(EntryImmutableError):
            ChronologyEntry.objects.filter(pk=entry.pk).update(summary="Something else")
        with pytest.raises(EntryImmutableError):
            ChronologyEntry.objects.filter(pk=entry.pk).delete()
        entry.refresh_from_db()
        assert entry.summary == "Home visit"

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: the database trigger")
    def test_postgresql_itself_refuses_to_change_or_delete_an_entry(self, child):
        entry = chronology_record(person=child, occurred_on=TODAY, kind="note", summary="Home visit")
        for sql in (
            "UPDATE chronology_chronologyentry SET summary = 'Rewritten' WHERE id = %s",
            "DELETE FROM chronology_chronologyentry WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="Cannot update or delete"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [entry.pk])
        entry.refresh_from_db()
        assert entry.summary == "Home visit"


class ConstraintTests:
    """The database holds the rules even for code that skips the services."""

    def _create(self, child, **fields):
        data = {"person": child, "occurred_on": TODAY, "kind": "note", "summary": "x", **fields}
        with pytest.raises(IntegrityError), transaction.atomic():
            ChronologyEntry.objects.create(**data)

    def test_an_event_cannot_be_recorded_before_it_happened(self, child):
        self._create(child, occurred_on=TODAY + dt.timedelta(days=1))

    def test_significance_must_be_a_level(self, child):
        self._create(child, significance="urgent")

    def test_summary_and_kind_are_required(self, child):
        self._create(child, summary="")
        self._create(child, kind="")

    def test_a_correction_needs_a_reason_and_only_a_correction_has_one(self, child):
        original = chronology_record(person=child, occurred_on=TODAY, kind="note", summary="Home visit")
        self._create(child, corrects=original, correction_reason="")
        self._create(child, correction_reason="A reason with nothing corrected")

    def test_a_source_is_both_its_type_and_its_id(self, child):
        from django.contrib.contenttypes.models import ContentType

        self._create(child, source_content_type=ContentType.objects.get_for_model(ChronologyEntry))
        self._create(child, source_object_id=1)


def test_a_partners_significant_entry_notifies_the_childs_allocated_worker(db, make_user):
    """Issue 10: a partner's high or critical entry reaches the allocated worker; a standard one does not."""
    import datetime as dt

    from django.urls import reverse

    from jigsaw.access.choices import Role
    from jigsaw.access.tests.factories import InvolvementFactory
    from jigsaw.chronology.services import partner_entry_add
    from jigsaw.notifications.models import Notification
    from jigsaw.people.tests.factories import PersonFactory

    child = PersonFactory()
    worker = make_user(Role.SOCIAL_WORKER)
    former = make_user(Role.SOCIAL_WORKER)
    partner = make_user(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=worker, person=child, kind="allocated", service="Child in need")
    InvolvementFactory(
        user=former, person=child, kind="allocated", started_on=dt.date(2025, 1, 6), ended_on=dt.date(2025, 6, 1)
    )
    InvolvementFactory(user=partner, person=child, kind="invited", service="Police")

    partner_entry_add(actor=partner, person=child, occurred_on=dt.date(2026, 1, 2), summary="Seen at the station")
    assert not Notification.objects.filter(kind="partner_entry").exists()

    entry = partner_entry_add(
        actor=partner,
        person=child,
        occurred_on=dt.date(2026, 1, 3),
        summary="Domestic abuse incident at the home",
        significance="high",
    )
    told = Notification.objects.get(kind="partner_entry")
    assert told.recipient == worker
    assert told.url == reverse("chronology:chronology", args=[child.pk]) and told.person == child
    assert str(partner.agency) in told.title and entry.pk
