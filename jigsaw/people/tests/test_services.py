"""People services: the business rules of the person index."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people import services
from jigsaw.people.models import Person, PersonMerge, Relationship
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory


@pytest.fixture
def worker(make_user):
    return make_user(Role.SOCIAL_WORKER)


@pytest.mark.django_db
def test_create_gives_a_council_id_and_is_audited_with_who(worker):
    person = services.person_create(
        actor=worker, data={"given_names": " Ava  Mae ", "family_name": "Okafor", "nhs_number": "943 476 5919"}
    )
    assert person.council_id == "NB0000001"
    assert person.given_names == "Ava Mae"
    assert person.nhs_number == "9434765919"
    entry = AuditEntry.objects.get(kind="create", subject_person_id=person.pk)
    assert entry.actor == worker


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"given_names": "A", "nhs_number": "943 476 5918"}, "nhs_number", "fails its check digit"),
        ({"given_names": "A", "nhs_number": "12345"}, "nhs_number", "10 digits"),
        ({"given_names": "A", "upn": "A801200001001"}, "upn", "fails its check letter"),
        ({"given_names": "A", "date_of_birth": dt.date(2099, 1, 1)}, "date_of_birth", "today or in the past"),
        (
            {"given_names": "A", "date_of_birth": dt.date(2015, 1, 1), "date_of_death": dt.date(2014, 1, 1)},
            "date_of_death",
            "after the date of birth",
        ),
        ({"given_names": "", "family_name": ""}, "given_names", "Enter a given name or a family name"),
    ],
)
def test_bad_details_are_refused_with_a_plain_message(worker, data, field, message):
    with pytest.raises(ApplicationError) as error:
        services.person_create(actor=worker, data=data)
    assert error.value.field == field
    assert message in error.value.message
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_an_edit_from_a_stale_version_is_refused_and_nothing_is_lost(worker):
    person = PersonFactory(given_names="Leo")
    services.person_update(actor=worker, person=person, data={"given_names": "Leon"}, expected_version=1)
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.person_update(actor=worker, person=person, data={"given_names": "Lee"}, expected_version=1)
    person.refresh_from_db()
    assert person.given_names == "Leon"
    assert person.version == 2


@pytest.mark.django_db
def test_every_edit_is_versioned_with_before_and_after(worker):
    from jigsaw.people.selectors import person_history

    person = PersonFactory(family_name="Marsh")
    services.person_update(actor=worker, person=person, data={"family_name": "Marsh-Kelly"}, expected_version=1)
    versions = person_history(user=worker, person=person)
    change = next(v for v in versions if v.kind == "Changed")
    assert ("family name", "Marsh", "Marsh-Kelly") in change.changes
    assert change.who == worker.full_name
    assert change.snapshot["family_name"] == "Marsh-Kelly"


@pytest.mark.django_db
def test_a_move_closes_the_previous_address(worker):
    person = PersonFactory()
    old = AddressFactory(person=person, lived_from=dt.date(2020, 1, 1), postcode="LS1 4AP")
    services.address_add(
        actor=worker, person=person, line_1="2 Mill Lane", postcode="ls28 5qs", lived_from=dt.date(2025, 3, 1)
    )
    old.refresh_from_db()
    assert old.lived_to == dt.date(2025, 2, 28)
    assert person.addresses.get(lived_to__isnull=True).postcode == "LS28 5QS"


@pytest.mark.django_db
def test_an_address_with_a_bad_postcode_or_dates_is_refused(worker):
    person = PersonFactory()
    with pytest.raises(ApplicationError, match="real UK postcode"):
        services.address_add(actor=worker, person=person, line_1="1 High St", postcode="NOT ONE")
    with pytest.raises(ApplicationError, match="must be the same as or after"):
        services.address_add(
            actor=worker,
            person=person,
            line_1="1 High St",
            lived_from=dt.date(2024, 5, 1),
            lived_to=dt.date(2024, 1, 1),
        )
    assert not person.addresses.exists()


@pytest.mark.django_db
def test_siblings_are_recorded_both_ways_and_a_repeat_is_refused(worker):
    a, b = PersonFactory(), PersonFactory()
    services.relationship_add(actor=worker, from_person=a, to_person=b, kind="sibling")
    assert Relationship.objects.filter(from_person=b, to_person=a, kind="sibling").exists()
    with pytest.raises(ApplicationError, match="already recorded"):
        services.relationship_add(actor=worker, from_person=a, to_person=b, kind="sibling")


@pytest.mark.django_db
def test_merge_moves_everything_keeps_both_histories_and_is_reviewable(make_user):
    manager = make_user(Role.TEAM_MANAGER)
    other_manager = make_user(Role.TEAM_MANAGER)
    kept = PersonFactory(given_names="Rebecca", family_name="Hughes", nhs_number="")
    duplicate = PersonFactory(given_names="Becky", family_name="Hughes", nhs_number="9434765919")
    AddressFactory(person=duplicate, postcode="LS1 4AP")
    mother = PersonFactory()
    RelationshipFactory(from_person=mother, to_person=duplicate, kind="parent")
    InvolvementFactory(person=duplicate, service="Child protection")
    services.person_update(actor=manager, person=duplicate, data={"school": "Northbridge Primary"}, expected_version=1)

    merge = services.person_merge(
        actor=manager, kept=kept, duplicate=duplicate, reason="Same NHS number; mother confirmed"
    )

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert kept.nhs_number == "9434765919"  # filled from the duplicate
    assert kept.addresses.filter(postcode="LS1 4AP").exists()
    assert kept.other_names.filter(given_names="Becky").exists()
    assert Relationship.objects.filter(from_person=mother, to_person=kept, kind="parent").exists()
    assert kept.involvements.filter(service="Child protection").exists()
    assert merge.duplicate_snapshot["given_names"] == "Becky"
    assert AuditEntry.objects.filter(kind="merge", subject_person_id=kept.pk).exists()
    # Both histories: the duplicate's earlier change shows on the record kept.
    from jigsaw.people.selectors import person_history

    assert any("merged record" in v.record for v in person_history(user=manager, person=kept))
    # Not the same person twice, and someone else must review.
    with pytest.raises(ApplicationError, match="already been merged"):
        services.person_merge(actor=manager, kept=kept, duplicate=duplicate, reason="again")
    with pytest.raises(ApplicationError, match="Someone other than"):
        services.person_merge_review(reviewer=manager, merge=merge, note="fine")
    services.person_merge_review(reviewer=other_manager, merge=merge, note="Checked with health visitor")
    assert PersonMerge.objects.get().reviewed_by == other_manager


@pytest.mark.django_db
def test_only_roles_allowed_to_merge_can(make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    with pytest.raises(ApplicationError, match="does not include merging"):
        services.person_merge(actor=worker, kept=PersonFactory(), duplicate=PersonFactory(), reason="same")
