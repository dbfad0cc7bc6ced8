"""contact_record: who may record a contact, the consent rule, linking known and new people,
the "already known?" snapshot, the decision clock and the chronology."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Contact, ContactPerson
from jigsaw.frontdoor.services import PersonEntry, contact_record
from jigsaw.people.models import Person
from jigsaw.timescales.models import Clock

pytestmark = pytest.mark.django_db


def child_entry(person=None, **details) -> PersonEntry:
    return PersonEntry(
        role="child", relationship="Subject child", person_id=person.pk if person else None, details=details
    )


@pytest.mark.parametrize("consent", ["refused", "not_sought"])
def test_consent_not_given_needs_a_reason(officer, family, contact_data, consent):
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer,
            data=contact_data(consent=consent, consent_reason="", lawful_basis="safeguarding"),
            people=[child_entry(family["child"])],
        )
    assert e.value.field == "consent_reason"
    assert "Enter why consent was" in e.value.message
    assert not Contact.objects.exists()


def test_consent_refused_needs_a_lawful_basis(officer, family, contact_data):
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer,
            data=contact_data(consent="refused", consent_reason="Mother said no", lawful_basis=""),
            people=[child_entry(family["child"])],
        )
    assert e.value.field == "lawful_basis"


def test_consent_refused_with_reason_and_basis_is_recorded(officer, family, contact_data):
    contact = contact_record(
        actor=officer,
        data=contact_data(
            consent="refused", consent_reason="Mother refused; the child is at risk", lawful_basis="safeguarding"
        ),
        people=[child_entry(family["child"])],
    )
    contact.refresh_from_db()
    assert (contact.consent, contact.lawful_basis) == ("refused", "safeguarding")
    assert contact.consent_reason == "Mother refused; the child is at risk"


def test_the_database_refuses_consent_refused_without_reason_or_basis(officer, contact_data):
    base = {k: v for k, v in contact_data().items() if k not in ("level_of_need", "advice_to_caller", "received_at")}
    for reason, basis in (("", "safeguarding"), ("Mother refused", "")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Contact.objects.create(
                **{**base, "consent": "refused", "consent_reason": reason, "lawful_basis": basis},
                received_at=dt.datetime(2026, 11, 19, 9, tzinfo=dt.UTC),
                source="2A",
                recorded_by=officer,
            )


def test_a_known_child_and_a_new_sibling(officer, family, contact_data):
    child = family["child"]
    InvolvementFactory(person=child, service="Child in need")
    contact = contact_record(
        actor=officer,
        data=contact_data(),
        people=[
            child_entry(child),
            PersonEntry(
                role="child",
                relationship="Sibling",
                details={"given_names": "Noah", "family_name": "Rowntree", "date_of_birth": dt.date(2019, 8, 1)},
            ),
            PersonEntry(role="adult", relationship="Mother", person_id=family["mother"].pk),
        ],
    )

    rows = list(contact.people.select_related("person").order_by("pk"))
    assert [r.role for r in rows] == ["child", "child", "adult"]
    assert rows[0].person == child
    sibling = rows[1].person
    assert sibling is not None and sibling.pk not in (child.pk, family["mother"].pk)
    assert (sibling.given_names, sibling.family_name, sibling.date_of_birth) == (
        "Noah",
        "Rowntree",
        dt.date(2019, 8, 1),
    )
    assert sibling.council_id.startswith("NB")
    assert rows[2].person == family["mother"]
    # "Already known? Allocated?" is kept as it was when the contact came in.
    assert "Child in need" in rows[0].already_known
    assert rows[1].already_known == "Not open to any service"
    assert "Amelia Rowntree: Child in need" in contact.already_known
    # The new sibling is a real record, audited as created by the officer.
    assert AuditEntry.objects.filter(kind="create", object_id=sibling.pk, actor=officer).exists()


def test_each_child_gets_a_decision_clock_and_a_chronology_entry(officer, family, contact_data, school):
    contact = contact_record(
        actor=officer,
        data=contact_data(),
        people=[
            child_entry(family["child"]),
            PersonEntry(role="child", details={"given_names": "Noah", "family_name": "Rowntree"}),
        ],
    )
    children = [r.person for r in contact.people.all()]
    clocks = Clock.objects.filter(rule_key="referral_decision")
    assert sorted(c.person_id for c in clocks) == sorted(p.pk for p in children)
    assert {(c.started_on, c.due_on) for c in clocks} == {(dt.date(2026, 11, 19), dt.date(2026, 11, 20))}
    assert contact.decision_due_on == dt.date(2026, 11, 20)
    entries = ChronologyEntry.objects.filter(kind="contact")
    assert sorted(e.person_id for e in entries) == sorted(p.pk for p in children)
    assert {(e.source_agency, e.occurred_on) for e in entries} == {(school, dt.date(2026, 11, 19))}
    assert all(e.summary == "Contact from Ferry Road Primary School" for e in entries)


def test_a_contact_needs_a_child(officer, family, contact_data):
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer,
            data=contact_data(),
            people=[PersonEntry(role="adult", person_id=family["mother"].pk)],
        )
    assert e.value.field == "children"


def test_worries_are_needed(officer, family, contact_data):
    with pytest.raises(ApplicationError) as e:
        contact_record(actor=officer, data=contact_data(worries="  "), people=[child_entry(family["child"])])
    assert e.value.field == "worries"


def test_an_anonymous_caller_has_no_name_and_no_agency(officer, family, contact_data):
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer,
            data=contact_data(caller_kind="anonymous", caller_agency=None, caller_name="Someone"),
            people=[child_entry(family["child"])],
        )
    assert e.value.field == "caller_name"
    contact = contact_record(
        actor=officer,
        data=contact_data(caller_kind="anonymous", caller_agency=None, caller_name=""),
        people=[child_entry(family["child"])],
    )
    assert contact.source == "9"  # CIN census: anonymous
    assert contact.caller_display == "Anonymous"


def test_the_contact_source_follows_the_caller(officer, family, contact_data, police):
    contact = contact_record(
        actor=officer, data=contact_data(caller_agency=police), people=[child_entry(family["child"])]
    )
    assert contact.source == "6"
    relative = contact_record(
        actor=officer,
        data=contact_data(caller_kind="family_member", caller_agency=None, caller_name="Jean Rowntree"),
        people=[child_entry(family["child"])],
    )
    assert relative.source == "1A"


def test_a_level_of_need_must_be_on_the_partnerships_continuum(officer, family, contact_data):
    # The partnership's own levels (its setting, edited on "Levels of need"), not the defaults.
    from jigsaw.frontdoor.models import LevelOfNeed

    LevelOfNeed.objects.all().delete()
    LevelOfNeed.objects.create(key="level_1", label="Level 1", canonical_level=1, position=1)
    LevelOfNeed.objects.create(key="level_4", label="Level 4", canonical_level=4, position=2)
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer, data=contact_data(level_of_need="specialist"), people=[child_entry(family["child"])]
        )
    assert e.value.field == "level_of_need"
    contact = contact_record(
        actor=officer, data=contact_data(level_of_need="level_4"), people=[child_entry(family["child"])]
    )
    assert contact.level_of_need_display == "Level 4"


def test_a_contact_from_the_future_is_refused(officer, family, contact_data):
    with pytest.raises(ApplicationError) as e:
        contact_record(
            actor=officer,
            data=contact_data(received_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC)),
            people=[child_entry(family["child"])],
        )
    assert e.value.field == "received_at"


def test_a_person_the_officer_cannot_see_cannot_be_named(officer, family, contact_data):
    hidden = Person.objects.create(council_id="NB9999999", given_names="Hidden", restricted_area="lado")
    with pytest.raises(ApplicationError) as e:
        contact_record(actor=officer, data=contact_data(), people=[child_entry(hidden)])
    assert e.value.field == "children"
    assert not ContactPerson.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTNER_PRACTITIONER, Role.ANALYST, Role.CP_CHAIR_IRO])
def test_only_the_front_door_records_contacts_on_screen(make_user, family, contact_data, role):
    from django.core.exceptions import PermissionDenied

    # Forbidden (a 403), not bad input: nothing the person could type would put it right.
    with pytest.raises(PermissionDenied):
        contact_record(actor=make_user(role), data=contact_data(), people=[child_entry(family["child"])])
