"""'My work': a to-do list of what the worker is responsible for, grouped overdue, due this week and
later, each line linking to where it is done; the team manager's team, caseloads and unallocated list."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from markupsafe import escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory, TeamFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_start

pytestmark = pytest.mark.django_db

MONDAY_11_JAN_2027 = datetime(2027, 1, 11, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def sign_in_as(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def team(make_user):
    worker = make_user(Role.SOCIAL_WORKER, full_name="Priya Worker")
    colleague = make_user(Role.SOCIAL_WORKER, full_name="Sam Colleague", team=worker.team)
    manager = make_user(Role.TEAM_MANAGER, full_name="Morgan Manager", team=worker.team)
    amelia = PersonFactory(given_names="Amelia", family_name="Rowntree")
    jacob = PersonFactory(given_names="Jacob", family_name="Okafor")
    InvolvementFactory(user=worker, person=amelia, service="Child protection")
    InvolvementFactory(user=colleague, person=jacob, service="Child in need")
    clock_start(rule_key="icpc", person=amelia, started_on=date(2026, 12, 14))  # due 7 Jan: overdue
    clock_start(rule_key="strategy_discussion", person=amelia, started_on=date(2027, 1, 11))  # due tomorrow
    clock_start(rule_key="assessment", person=amelia, started_on=date(2027, 1, 4))  # due in March
    clock_start(rule_key="referral_decision", person=jacob, started_on=date(2027, 1, 5))  # due 6 Jan: overdue
    return type(
        "Team", (), {"worker": worker, "colleague": colleague, "manager": manager, "amelia": amelia, "jacob": jacob}
    )


def page_for(client, user) -> str:
    response = sign_in_as(client, user).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_worker_sees_overdue_then_this_week_then_later(client, team):
    html = page_for(client, team.worker)
    assert "Overdue (1)" in html
    assert "Due this week, by 17 January 2027 (1)" in html
    assert "Later (1)" in html
    lists = html[html.index("Overdue (1)") :]  # after the filter, whose choices name them too
    overdue = lists.index("Hold the initial child protection conference")
    soon = lists.index("Hold the strategy discussion")
    later = lists.index("Complete the child and family assessment")
    assert overdue < soon < later
    assert "govuk-tag--red" in html and "govuk-tag--yellow" in html
    assert "2 working days overdue" in html
    # Each line links to where the work is done, not to a list of deadlines.
    assert reverse("protection:child", args=[team.amelia.pk]) in html  # convene the conference
    assert reverse("protection:strategy-convene", args=[team.amelia.pk]) in html
    assert reverse("timescales:person", args=[team.amelia.pk]) not in html
    # Nobody else's case, and no team section for a social worker.
    assert "Decide on a referral" not in html
    assert "Your team" not in html


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_colleague_sees_only_their_own(client, team):
    html = page_for(client, team.colleague)
    assert "Decide on a referral and tell the referrer" in html
    assert "Hold the initial child protection conference" not in html


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_team_manager_sees_counts_per_worker_and_the_overdue_items(client, team):
    html = page_for(client, team.manager)
    assert "Caseloads and deadlines by worker" in html
    assert "Overdue in your team (2)" in html
    team_part = html[html.index("Your team") :]
    assert "Priya Worker" in team_part and "Sam Colleague" in team_part
    assert "Hold the initial child protection conference" in team_part
    assert "Decide on a referral and tell the referrer" in team_part
    overdue_part = team_part[team_part.index("Overdue in your team") : team_part.index("Due this week in your team")]
    assert "Hold the strategy discussion" not in overdue_part
    assert "Hold the strategy discussion" in team_part[team_part.index("Due this week in your team") :]


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_manager_of_another_team_sees_none_of_it(client, team, make_user):
    other = make_user(Role.TEAM_MANAGER, team=TeamFactory(name="Child protection east"))
    html = page_for(client, other)
    assert "Hold the initial child protection conference" not in html
    assert "Decide on a referral" not in html


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_no_query_per_row(client, team):
    client = sign_in_as(client, team.manager)
    client.get(reverse("core:home"))  # warm the calendar and the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("core:home")).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(8):
        child = PersonFactory()
        InvolvementFactory(user=team.colleague, person=child)
        clock_start(rule_key="referral_decision", person=child, started_on=date(2027, 1, 5))
        clock_start(rule_key="strategy_discussion", person=child, started_on=date(2027, 1, 11))
    assert queries() == before


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_big_team_is_shown_fifty_workers_a_page(client, team, make_user):
    for n in range(55):
        member = make_user(Role.SOCIAL_WORKER, full_name=f"Worker {n:02d}", team=team.worker.team)
        InvolvementFactory(user=member, person=PersonFactory(), service="Child in need")
    client = sign_in_as(client, team.manager)
    first = client.get(reverse("core:home")).content.decode()
    # Overdue first: the two workers with overdue deadlines lead the first page.
    assert first.index("Priya Worker") < first.index("Worker 00")
    assert "Showing 1 to 50 of 57." in first
    assert "Worker 47" in first and "Worker 48" not in first
    assert 'href="?team_page=2#team"' in first
    second = client.get(reverse("core:home") + "?team_page=2").content.decode()
    assert "Showing 51 to 57 of 57." in second
    assert "Worker 48" in second and "Worker 54" in second and "Worker 47" not in second
    assert "Overdue in your team (2)" in second  # the rest of the page is unchanged
    # A page number that is not one shows the first page.
    assert "Showing 1 to 50 of 57." in client.get(reverse("core:home") + "?team_page=x").content.decode()


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_team_summary_counts_each_workers_open_cases(team):
    from jigsaw.core.selectors import my_work

    InvolvementFactory(user=team.colleague, person=PersonFactory(), service="Child in need")
    InvolvementFactory(
        user=team.colleague,
        person=PersonFactory(),
        service="Child in need",
        started_on=date(2026, 6, 1),
        ended_on=date(2027, 1, 1),
    )
    summary = {w.name: (w.cases, w.overdue, w.due_this_week) for w in my_work(user=team.manager).team_summary}
    assert summary == {"Priya Worker": (1, 1, 1), "Sam Colleague": (2, 1, 0)}


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_case_the_manager_may_not_see_is_neither_listed_nor_counted(client, team):
    """A worker of the team allocated to a sealed (adopted) child: her own list has the child; her
    manager, outside the adoption team, sees no name, no link and no extra case in her count."""
    from jigsaw.core.selectors import team_case_counts

    sealed = PersonFactory(given_names="Ottoline", family_name="Fenwarren", restricted_area="sealed")
    InvolvementFactory(user=team.colleague, person=sealed, service="Adoption support")
    assert "Fenwarren" in page_for(client, team.colleague)  # her own: she may see the child
    html = page_for(client, team.manager)
    assert "Fenwarren" not in html and f"/people/{sealed.pk}/" not in html
    assert team_case_counts(user=team.manager)[team.colleague.pk] == ("Sam Colleague", 1)


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_deadlines_table_names_adults_as_such(client, team, make_user):
    """A LADO officer's deadlines are about adults: the table does not call them children."""
    from jigsaw.access.choices import RestrictedArea

    officer = make_user(
        Role.LADO_OFFICER, team=TeamFactory(name="LADO", restricted_area=RestrictedArea.LADO), full_name="Grace W"
    )
    adult = PersonFactory(given_names="Quillon", family_name="Brackenridge", restricted_area="lado")
    InvolvementFactory(user=officer, person=adult, service="LADO allegation")
    clock_start(rule_key="lado_initial_meeting", person=adult, started_on=date(2026, 12, 1), owner=officer)
    html = page_for(client, officer)
    assert '<th scope="col" class="govuk-table__header">Subject</th>' in html
    assert '<th scope="col" class="govuk-table__header">Child</th>' in page_for(client, team.worker)


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_the_list_filters_by_kind_and_by_child(client, team):
    second = PersonFactory(given_names="Tobias", family_name="Quennell")
    InvolvementFactory(user=team.worker, person=second)
    clock_start(rule_key="icpc", person=second, started_on=date(2026, 12, 10))  # due 5 January
    client = sign_in_as(client, team.worker)
    everything = client.get(reverse("core:home")).content.decode()
    assert "Overdue (2)" in everything and "Later (1)" in everything
    # The filter's choices are the kinds of work and the people on the list.
    assert '<option value="icpc">Hold the initial child protection conference</option>' in everything
    assert f'<option value="{second.pk}">{escape(second.display_name)}</option>' in everything

    conferences = client.get(reverse("core:home"), {"kind": "icpc"}).content.decode()
    assert "Overdue (2)" in conferences
    assert "Hold the strategy discussion" not in conferences.split("Overdue (2)")[1]
    assert "Show everything" in conferences

    one_child = client.get(reverse("core:home"), {"child": second.pk}).content.decode()
    lists = one_child[one_child.index("Overdue (1)") :]
    assert escape(second.display_name) in lists and "Later" not in lists.split("Children and people")[0]
    assert f"/people/{team.amelia.pk}/" not in lists.split("Children and people")[0]

    nothing = client.get(reverse("core:home"), {"kind": "icpc", "child": "not a number"}).content.decode()
    assert "Overdue (2)" in nothing  # a child that is not one is no filter, not an error


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_manager_opens_a_workers_list_and_nobody_else_can(client, team, make_user):
    client = sign_in_as(client, team.manager)
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="/?worker={team.colleague.pk}"' in home
    response = client.get(reverse("core:home"), {"worker": team.colleague.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam Colleague&#39;s work" in html or "Sam Colleague's work" in html
    assert "Decide on a referral and tell the referrer" in html
    assert "Hold the initial child protection conference" not in html  # Priya's, not Sam's
    assert "Caseloads and deadlines by worker" not in html

    other = make_user(Role.TEAM_MANAGER, team=TeamFactory(name="Child protection east"))
    assert sign_in_as(client, other).get(reverse("core:home"), {"worker": team.colleague.pk}).status_code == 404
    assert sign_in_as(client, team.worker).get(reverse("core:home"), {"worker": team.colleague.pk}).status_code == 404


@time_machine.travel(MONDAY_11_JAN_2027, tick=False)
def test_a_deadline_with_nobody_responsible_is_on_the_owning_teams_unallocated_list(client, team, make_user):
    """A contact's decision with no worker yet: the front door's managers have it, and nobody
    else's list shows it; once a worker is named, it is theirs."""
    front_door = TeamFactory(name="Front door (MASH)", agency=team.worker.agency)
    duty_manager = make_user(Role.TEAM_MANAGER, team=front_door, full_name="Dana Duty")
    newcomer = PersonFactory(given_names="Imogen", family_name="Lathbury")
    clock = clock_start(rule_key="referral_decision", person=newcomer, started_on=date(2027, 1, 8))

    html = page_for(client, duty_manager)
    assert "Unallocated: nobody is responsible (1)" in html
    unallocated = html[html.index("Unallocated: nobody") :]
    assert "Decide on a referral and tell the referrer" in unallocated and "Lathbury" in unallocated
    assert "Lathbury" not in page_for(client, team.manager)  # another team's manager
    assert "Lathbury" not in page_for(client, team.worker)

    # Starting it again naming the worker (as assigning the contact does) makes it theirs.
    assert (
        clock_start(rule_key="referral_decision", person=newcomer, started_on=date(2027, 1, 8), owner=team.worker).pk
        == clock.pk
    )
    assert "Lathbury" in page_for(client, team.worker)
    assert "Unallocated: nobody is responsible" not in page_for(client, duty_manager)
