"""seed_demo and demo_users_help against the database: what a person signing in to the demo finds."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.models import Involvement, User
from jigsaw.access.policy import person_scope
from jigsaw.audit.models import AuditEntry
from jigsaw.demo.generator import DEMO_PASSWORD
from jigsaw.people.models import Address, HouseholdMember, Person, PersonName, Relationship
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.people.validators import nhs_number_is_valid, upn_is_valid

AS_OF = "2026-03-02"
pytestmark = pytest.mark.django_db


def seed(children: int = 30, seed: int = 5) -> str:
    """The generator's council alone: casework (tested in test_casework.py and in each service
    area's test_demo.py) adds people of its own, such as an FGC family's wider network."""
    out = StringIO()
    call_command(
        "seed_demo",
        children=children,
        seed=seed,
        as_of=dt.date.fromisoformat(AS_OF),
        no_casework=True,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def council(db):
    seed()


class _Undo(Exception):
    pass


def _people_of_a_seed(seed_number: int) -> list[tuple]:
    """Seed inside a transaction, read the people, then roll it all back."""
    people: list[tuple] = []
    with pytest.raises(_Undo), transaction.atomic():
        seed(children=30, seed=seed_number)
        people.extend(
            Person.objects.order_by("council_id").values_list(
                "council_id", "given_names", "family_name", "date_of_birth"
            )
        )
        raise _Undo
    assert not Person.objects.exists()
    return people


def test_same_seed_gives_the_same_people_twice():
    first, second = _people_of_a_seed(3), _people_of_a_seed(3)
    assert len(first) > 60
    assert first == second
    assert first != _people_of_a_seed(4)


def test_a_demo_user_for_every_role_with_the_shared_password(council):
    for role in Role:
        user = User.objects.get(username=role.value)
        assert user.role == role
        assert user.demo_2fa_exempt
        assert user.full_name and user.agency_id and user.team_id
        assert user.check_password(DEMO_PASSWORD)
        assert user.password != DEMO_PASSWORD


def test_restricted_teams_hold_their_restricted_records(council):
    assert User.objects.get(username=Role.LADO_OFFICER).restricted_area == RestrictedArea.LADO
    assert User.objects.get(username=Role.CHANNEL_CHAIR).restricted_area == RestrictedArea.CHANNEL
    for area in (RestrictedArea.LADO, RestrictedArea.CHANNEL, RestrictedArea.SEALED):
        restricted = Person.objects.filter(restricted_area=area)
        assert restricted.exists()
        # ...and nobody outside that team finds them through the index.
        assert not person_scope(User.objects.get(username=Role.SOCIAL_WORKER), restricted).exists()


def test_social_workers_have_caseloads_and_the_partner_sees_only_their_children(council):
    for worker in User.objects.filter(role=Role.SOCIAL_WORKER):
        assert Involvement.objects.filter(user=worker, kind="allocated", ended_on__isnull=True).exists(), worker
    services = set(Involvement.objects.values_list("service", flat=True))
    assert {"Child in need", "Child protection", "Child in care"} <= services
    partner = User.objects.get(username=Role.PARTNER_PRACTITIONER)
    invited = Person.objects.filter(involvements__user=partner, involvements__kind="invited")
    assert 0 < invited.count() <= 6
    assert set(person_scope(partner, Person.objects.all())) == set(invited)


def test_families_with_relationships_twins_unborn_and_histories(council):
    twins = Relationship.objects.filter(kind="sibling", note="Twin")
    assert twins.exists()
    assert all(r.from_person.date_of_birth == r.to_person.date_of_birth for r in twins)
    assert Relationship.objects.filter(kind="parent").count() > 30
    assert Relationship.objects.filter(kind="step_parent").exists()
    assert Relationship.objects.filter(kind="grandparent").exists()
    assert Relationship.objects.filter(ended_on__isnull=False, note="Former partner").exists()
    unborn = Person.objects.get(date_of_birth__isnull=True, expected_date_of_birth__isnull=False)
    assert unborn.is_unborn and Relationship.objects.filter(to_person=unborn, kind="parent").exists()
    assert PersonName.objects.filter(kind__in=["previous", "birth"]).exists()
    moved = Address.objects.filter(lived_to__isnull=False).values("person").distinct()
    assert moved.count() > 5
    assert HouseholdMember.objects.values("household").annotate(n=Count("id")).filter(n__gt=2).exists()


def test_identifiers_are_valid_and_some_records_are_near_duplicates(council):
    people = list(Person.objects.all())
    assert all(p.council_id.startswith("NB") and len(p.council_id) == 9 for p in people)
    nhs = [p.nhs_number for p in people if p.nhs_number]
    assert len(nhs) > 0.8 * len(people)
    assert all(nhs_number_is_valid(n) for n in nhs)
    upns = [p.upn for p in people if p.upn]
    assert upns and all(upn_is_valid(u) for u in upns)
    assert any(p.school for p in people)
    # A near-duplicate is a second record of someone already there, linked to nobody: same
    # sex, and the name or date of birth slightly different.
    linked = set(Relationship.objects.values_list("from_person", flat=True))
    linked |= set(Relationship.objects.values_list("to_person", flat=True))
    strays = [p for p in people if p.pk not in linked and not p.restricted_area]
    assert strays
    for stray in strays:
        dob = stray.date_of_birth
        dobs = {dob, dob + dt.timedelta(days=1), dob - dt.timedelta(days=1)}
        if dob.day <= 12:
            dobs.add(dob.replace(month=dob.day, day=dob.month))
        assert any(
            p.pk in linked
            and p.sex == stray.sex
            and p.date_of_birth in dobs
            and (
                p.family_name == stray.family_name
                or p.given_names.split()[0] == stray.given_names.split()[0]
                or p.date_of_birth == dob
            )
            for p in people
        ), stray


def test_one_audit_entry_for_the_whole_seed(council):
    entries = AuditEntry.objects.filter(kind="import")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.purpose == "demo council seeded"
    assert entry.additional_data["children"] == 30
    assert entry.additional_data["people"] == Person.objects.count()


def test_check_only_says_whether_the_council_is_there():
    with pytest.raises(SystemExit) as exit_info:
        call_command("seed_demo", check_only=True, stdout=StringIO())
    assert exit_info.value.code == 1
    assert not Person.objects.exists()
    seed()
    out = StringIO()
    call_command("seed_demo", check_only=True, stdout=out)  # no SystemExit: exit code 0
    assert "seed 5" in out.getvalue()


def test_seeding_twice_does_nothing_the_second_time(council):
    people = Person.objects.count()
    assert "already here" in seed(children=50, seed=9)
    assert Person.objects.count() == people


def test_refuses_to_mix_the_demo_into_a_database_of_other_people():
    PersonFactory()
    with pytest.raises(CommandError, match="already holds people"):
        seed()
    assert Person.objects.count() == 1
    out = StringIO()
    call_command("seed_demo", children=5, seed=1, force=True, as_of=dt.date(2026, 3, 2), stdout=out)
    assert Person.objects.count() > 10


def test_demo_users_help_lists_every_user_and_the_password(council):
    out = StringIO()
    call_command("demo_users_help", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    assert DEMO_PASSWORD in text
    for role in Role:
        assert role.value in text and role.label in text
    assert "demo mode" in text and "Two-factor" in text


def test_check_only_says_when_a_council_may_be_half_made():
    """An earlier seed_demo wrote its note before the casework, which could then fail part-way:
    `./dev up` must say so rather than start on it (exit code 2), and seeding refuses to mix in."""
    from jigsaw.demo.models import DemoCouncil

    PersonFactory()
    DemoCouncil.objects.create(name="Northbridge Council", seed=1, children=400, people=986, as_of=dt.date(2026, 12, 7))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("seed_demo", check_only=True, stdout=out)
    assert exit_info.value.code == 2
    assert "may be half made" in out.getvalue()
    with pytest.raises(CommandError, match="already holds people"):
        seed()
    assert Person.objects.count() == 1
