"""The access matrix: every role against every kind of person record and every action.

The expected table is written out here by hand, so a change to the policy that widens or
narrows access makes this test fail until the table is changed on purpose.
"""

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, can
from jigsaw.access.tests.factories import InvolvementFactory, TeamFactory
from jigsaw.people.models import Person
from jigsaw.people.tests.factories import PersonFactory

RECORDS = ("ordinary", "involved", "lado", "channel", "sealed")
ALL = frozenset(RECORDS)
UNRESTRICTED = frozenset({"ordinary", "involved"})

# Which records each role can SEE (anything else is hidden: 404, absent from search).
SEES = {
    Role.BUSINESS_SUPPORT: UNRESTRICTED,
    Role.SOCIAL_WORKER: UNRESTRICTED,
    Role.TEAM_MANAGER: UNRESTRICTED,
    Role.CP_CHAIR_IRO: UNRESTRICTED,
    Role.LADO_OFFICER: UNRESTRICTED | {"lado"},
    Role.CHANNEL_CHAIR: UNRESTRICTED | {"channel"},
    Role.EXPLOITATION_MISSING: UNRESTRICTED,
    Role.FGC_COORDINATOR: UNRESTRICTED,
    Role.YOUTH_JUSTICE_OFFICER: UNRESTRICTED,
    Role.PARTNER_PRACTITIONER: frozenset({"involved"}),
    Role.PARTNERSHIP_MANAGER: frozenset(),
    Role.DATA_PROTECTION_OFFICER: UNRESTRICTED,
    Role.ANALYST: frozenset(),
    Role.SYSTEM_ADMINISTRATOR: frozenset(),
}

# Which actions each role may take on a record it can see.
DOES = {
    Role.BUSINESS_SUPPORT: {Action.VIEW, Action.CHANGE},
    Role.SOCIAL_WORKER: {Action.VIEW, Action.CHANGE},
    Role.TEAM_MANAGER: {Action.VIEW, Action.CHANGE, Action.MERGE, Action.VIEW_AUDIT},
    Role.CP_CHAIR_IRO: {Action.VIEW},
    Role.LADO_OFFICER: {Action.VIEW, Action.CHANGE},
    Role.CHANNEL_CHAIR: {Action.VIEW, Action.CHANGE},
    Role.EXPLOITATION_MISSING: {Action.VIEW, Action.CHANGE},
    Role.FGC_COORDINATOR: {Action.VIEW, Action.CHANGE},
    Role.YOUTH_JUSTICE_OFFICER: {Action.VIEW, Action.CHANGE},
    Role.PARTNER_PRACTITIONER: {Action.VIEW},
    Role.PARTNERSHIP_MANAGER: set(),
    Role.DATA_PROTECTION_OFFICER: {Action.VIEW, Action.MERGE, Action.VIEW_AUDIT},
    Role.ANALYST: set(),
    Role.SYSTEM_ADMINISTRATOR: set(),
}

# Actions not about one record.
SYSTEM = {
    Action.SEARCH: set(Role) - {Role.PARTNERSHIP_MANAGER, Role.ANALYST, Role.SYSTEM_ADMINISTRATOR},
    Action.CREATE: {
        Role.BUSINESS_SUPPORT,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.LADO_OFFICER,
        Role.CHANNEL_CHAIR,
        Role.EXPLOITATION_MISSING,
        Role.YOUTH_JUSTICE_OFFICER,
        Role.FGC_COORDINATOR,
    },
    Action.FIND_DUPLICATES: {Role.BUSINESS_SUPPORT, Role.TEAM_MANAGER, Role.DATA_PROTECTION_OFFICER},
    Action.REVIEW_BREAK_GLASS: {Role.TEAM_MANAGER, Role.DATA_PROTECTION_OFFICER},
    Action.MANAGE_USERS: {Role.SYSTEM_ADMINISTRATOR},
    Action.MANAGE_TOKENS: {Role.SYSTEM_ADMINISTRATOR},
    Action.ISSUE_ENROLMENT_CODE: {Role.SYSTEM_ADMINISTRATOR, Role.TEAM_MANAGER},
    Action.IMPORT: {Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER},
    Action.FRONT_DOOR: {Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER},
    Action.CHILD_PROTECTION: {Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO},
    Action.CHILDREN_IN_CARE: {Role.BUSINESS_SUPPORT, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO},
    Action.MISSING: {Role.EXPLOITATION_MISSING, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.BUSINESS_SUPPORT},
    Action.EXPLOITATION: {Role.EXPLOITATION_MISSING, Role.SOCIAL_WORKER, Role.TEAM_MANAGER},
    # The restricted teams' areas: their own members only (a LADO officer outside the LADO
    # team, say, has no menu entry and no list).
    Action.LADO: {Role.LADO_OFFICER},
    Action.CHANNEL: {Role.CHANNEL_CHAIR},
    Action.FAMILY_GROUP_CONFERENCE: {Role.FGC_COORDINATOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER},
    Action.YOUTH_JUSTICE: {Role.YOUTH_JUSTICE_OFFICER},
}


def _records(user) -> dict[str, Person]:
    records = {
        "ordinary": PersonFactory(),
        "involved": PersonFactory(),
        "lado": PersonFactory(restricted_area="lado"),
        "channel": PersonFactory(restricted_area="channel"),
        "sealed": PersonFactory(restricted_area="sealed"),
    }
    InvolvementFactory(user=user, person=records["involved"], kind="invited")
    return records


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_role_sees_and_does_exactly_what_the_matrix_says(role, make_user, client):
    user = make_user(role)
    records = _records(user)
    visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
    for name, person in records.items():
        expected_seen = name in SEES[role]
        assert (person.pk in visible) is expected_seen, f"{role} sees {name}: expected {expected_seen}"
        for action in (Action.VIEW, Action.CHANGE, Action.MERGE, Action.VIEW_AUDIT):
            expected = expected_seen and action in DOES[role]
            assert can(user, action, person) is expected, f"{role} {action} {name}: expected {expected}"
    for action, roles in SYSTEM.items():
        assert can(user, action) is (role in roles), f"{role} {action}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_person_page_answers_404_for_what_a_role_cannot_see(role, signed_in):
    client = signed_in(role)
    records = _records(client.user)
    for name, person in records.items():
        status = client.get(f"/people/{person.pk}/").status_code
        assert status == (200 if name in SEES[role] else 404), f"{role} opening {name}"


@pytest.mark.django_db
def test_sealed_records_are_seen_by_the_adoption_team(make_user):
    adoption = TeamFactory(name="Adoption", restricted_area="sealed")
    worker = make_user(Role.SOCIAL_WORKER, team=adoption)
    sealed = PersonFactory(restricted_area="sealed")
    assert Person.objects.visible_to(worker).filter(pk=sealed.pk).exists()


@pytest.mark.django_db
def test_a_partner_involvement_that_has_ended_no_longer_gives_access(make_user):
    import datetime as dt

    user = make_user(Role.PARTNER_PRACTITIONER)
    person = PersonFactory()
    InvolvementFactory(user=user, person=person, started_on=dt.date(2024, 1, 1), ended_on=dt.date(2024, 6, 1))
    assert not Person.objects.visible_to(user).filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_inactive_and_roleless_users_see_nothing(make_user):
    PersonFactory()
    inactive = make_user(Role.SOCIAL_WORKER, is_active=False)
    roleless = make_user("")
    assert not Person.objects.visible_to(inactive).exists()
    assert not Person.objects.visible_to(roleless).exists()


@pytest.mark.django_db
def test_the_front_door_and_child_protection_screens_are_for_childrens_social_care_staff_only(make_user):
    from jigsaw.access.tests.factories import AgencyFactory, TeamFactory

    police = AgencyFactory(name="Northbridge Police", kind="police")
    officer = make_user(Role.SOCIAL_WORKER, agency=police, team=TeamFactory(agency=police, name="Public protection"))
    assert not can(officer, Action.FRONT_DOOR)
    assert not can(officer, Action.CHILD_PROTECTION)


@pytest.mark.django_db
def test_restricted_areas_are_only_for_their_own_team(make_user):
    """A LADO officer placed in an ordinary team (a secondment, a mistake) gets no LADO area."""
    ordinary = TeamFactory(name="Assessment")
    assert can(make_user(Role.LADO_OFFICER), Action.LADO)
    assert not can(make_user(Role.LADO_OFFICER, team=ordinary), Action.LADO)
    assert not can(make_user(Role.CHANNEL_CHAIR, team=ordinary), Action.CHANNEL)
    assert not can(make_user(Role.LADO_OFFICER), Action.CHANNEL)
