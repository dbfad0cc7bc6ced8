"""Retention: what the nightly run lists, what approval disposes, what a legal hold keeps, and
that past years' figures and the audit chain survive a disposal."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.audit.chain import verify_chain
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.chronology.services import chronology_record
from jigsaw.frontdoor.models import Contact, ContactPerson, Decision
from jigsaw.frontdoor.selectors import decision_timeliness
from jigsaw.people.models import Address, Person
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory
from jigsaw.retention import services
from jigsaw.retention.models import BatchStatus, DisposalBatch, DisposalCertificate, LegalHold
from jigsaw.retention.schedule import schedule
from jigsaw.timescales.calendar import add_calendar_months

TODAY = dt.date(2026, 12, 8)
LONDON = ZoneInfo("Europe/London")


def years_ago(n: int, day: int = 10) -> dt.date:
    return add_calendar_months(TODAY, -12 * n).replace(day=day)


def made_long_ago(*people: Person) -> None:
    """Records last changed years ago (a record changed recently is kept whatever the age)."""
    Person.objects.filter(pk__in=[p.pk for p in people]).update(updated_at=dt.datetime(2010, 1, 4, tzinfo=LONDON))


@pytest.fixture
def dpo(make_user):
    return make_user(Role.DATA_PROTECTION_OFFICER)


def _contact_in(year: int, person: Person, worker) -> Contact:
    """A contact decided on time in a past year, as the front door's figures count it."""
    received = dt.datetime(year, 3, 2, 10, 0, tzinfo=LONDON)
    contact = Contact.objects.create(
        received_at=received,
        channel="phone",
        caller_kind="professional",
        caller_name="A teacher",
        source="1A",
        family_aware="yes",
        consent="given",
        worries=f"Worried about {person.given_names}",
        status="decided",
        recorded_by=worker,
    )
    ContactPerson.objects.create(contact=contact, person=person, role="child", already_known="Open to early help")
    Decision.objects.create(
        contact=contact,
        decided_at=received + dt.timedelta(hours=3),
        decided_by=worker,
        outcome="nfa",
        reason="Needs met by universal services",
        on_time=True,
    )
    return contact


@pytest.fixture
def council(db, make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    past = PersonFactory(date_of_birth=years_ago(30))  # a child in 2000s, now 30: past the 25th birthday
    held = PersonFactory(date_of_birth=years_ago(31))
    young = PersonFactory(date_of_birth=years_ago(10))
    AddressFactory(person=past)
    chronology_record(
        person=past,
        occurred_on=years_ago(20),
        kind="note",
        summary="Home visit",
        detail="Seen at home with her brother",
    )
    chronology_record(person=young, occurred_on=years_ago(1), kind="note", summary="Home visit")
    contact = _contact_in(TODAY.year - 20, past, worker)
    made_long_ago(past, held, young)
    return {"worker": worker, "past": past, "held": held, "young": young, "contact": contact}


def test_the_schedule_has_the_statutory_periods_and_settings_cannot_shorten_them(settings):
    periods = schedule()
    assert periods["looked-after"].years == 75 and periods["looked-after"].statutory
    assert periods["child-protection"].years == 35
    assert periods["partnership-training"].years == 4
    assert periods["adoption"].years == 100
    assert periods["partnership-subscriber"].keep_for == "until they unsubscribe"
    settings.JIGSAW_RETENTION_YEARS = {"looked-after": 10, "fgc": 30}
    periods = schedule()
    assert periods["looked-after"].years == 75  # the law's minimum stands
    assert periods["fgc"].years == 30  # the council's own period is the council's to set


def test_the_run_lists_only_people_past_their_date_and_destroys_nothing(council):
    batch = services.disposal_run(as_of=TODAY)
    listed = set(batch.items.values_list("person_id", flat=True))
    assert council["past"].pk in listed and council["held"].pk in listed
    assert council["young"].pk not in listed
    council["past"].refresh_from_db()
    assert council["past"].family_name != "Disposed record"  # nothing goes before the DPO approves
    assert batch.status == BatchStatus.AWAITING


def test_a_record_changed_recently_is_kept(db):
    newcomer = PersonFactory(date_of_birth=years_ago(50))  # an adult the council met last month
    batch = services.disposal_run(as_of=TODAY)
    assert batch is None or not batch.items.filter(person_id=newcomer.pk).exists()


def test_the_run_is_idempotent(council):
    first = services.disposal_run(as_of=TODAY)
    count = first.items.count()
    second = services.disposal_run(as_of=TODAY)
    call_command("retention_run", "--as-of", TODAY.isoformat())
    assert second.pk == first.pk and first.items.count() == count
    assert DisposalBatch.objects.count() == 1


def test_a_parents_record_is_kept_until_the_youngest_childs_25th_birthday(db):
    parent = PersonFactory(date_of_birth=years_ago(40))
    child = PersonFactory(date_of_birth=years_ago(12))
    RelationshipFactory(from_person=parent, to_person=child, kind="parent")
    made_long_ago(parent, child)
    batch = services.disposal_run(as_of=TODAY)
    assert batch is None or not batch.items.filter(person_id=parent.pk).exists()


def test_approval_disposes_keeps_the_held_record_and_certifies_without_personal_data(council, dpo):
    past, held = council["past"], council["held"]
    name = past.display_name
    LegalHold.objects.create(name="Inquiry 2026/1", reason="Inquiry asked for all records", person=held, set_by=dpo)
    batch = services.disposal_run(as_of=TODAY)
    certificates = services.disposal_batch_approve(actor=dpo, batch=batch)

    past.refresh_from_db()
    held.refresh_from_db()
    assert past.family_name == "Disposed record" and past.given_names == ""
    assert not Address.objects.filter(person=past).exists()
    entries = list(ChronologyEntry.objects.filter(person=past))
    assert entries and all(e.summary == e.detail == services.DISPOSED_TEXT for e in entries)
    assert all(e.kind == "note" for e in entries)  # codes that figures count by are kept
    assert held.family_name != "Disposed record"  # the legal hold kept it
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISPOSED and batch.approved_by == dpo
    assert sum(c.count for c in certificates) == 1
    assert sum(c.held_back for c in certificates) == 1
    for certificate in DisposalCertificate.objects.all():
        text = " ".join(str(getattr(certificate, f.attname)) for f in certificate._meta.concrete_fields)
        assert name not in text and past.council_id not in text


def test_past_years_figures_are_unchanged_and_the_audit_chain_verifies(council, dpo, make_user):
    manager = make_user(Role.TEAM_MANAGER)
    year = TODAY.year - 20
    before = decision_timeliness(user=manager, date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))
    assert before.decided_on_time == 1
    services.disposal_batch_approve(actor=dpo, batch=services.disposal_run(as_of=TODAY))
    after = decision_timeliness(user=manager, date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))
    assert after.rows == before.rows
    assert verify_chain().intact


def test_only_the_dpo_approves(council, make_user):
    from django.core.exceptions import PermissionDenied

    batch = services.disposal_run(as_of=TODAY)
    with pytest.raises(PermissionDenied):
        services.disposal_batch_approve(actor=make_user(Role.TEAM_MANAGER), batch=batch)


def test_the_dpo_screens(council, signed_in):
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    batch = services.disposal_run(as_of=TODAY)
    page = client.get(reverse("retention:index"))
    assert page.status_code == 200 and "Looked-after" in page.content.decode()
    page = client.get(reverse("retention:batch", args=[batch.pk]))
    assert council["past"].council_id in page.content.decode()
    response = client.post(reverse("retention:batch", args=[batch.pk]), {"decision": "approve", "note": ""})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISPOSED
    # On "My work" while it awaited approval; gone once decided.
    page = client.get(reverse("retention:index"))
    assert "Disposed" in page.content.decode()


def test_a_hold_is_set_on_its_screen(council, signed_in):
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    response = client.post(
        reverse("retention:hold-new"),
        {"council_id": council["held"].council_id, "name": "Claim 1", "reason": "Litigation"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.person == council["held"] and hold.set_by == client.user
    response = client.post(reverse("retention:hold-new"), {"council_id": "NOPE", "name": "", "reason": ""})
    assert response.status_code == 200 and "Enter" in response.content.decode()


def test_others_may_not_see_retention(signed_in):
    assert signed_in(Role.TEAM_MANAGER).get(reverse("retention:index")).status_code == 403


def test_a_batch_awaiting_approval_is_on_the_dpos_my_work(council, signed_in):
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    batch = services.disposal_run(as_of=dt.date.today())
    assert batch is not None and batch.items.exists()
    page = client.get(reverse("core:home")).content.decode()
    assert "Approve disposal of records past their retention date" in page
    assert reverse("retention:batch", args=[batch.pk]) in page
