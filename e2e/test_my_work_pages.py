"""'My work' (worker and team manager: the to-do list, its filter, a worker's list, the
unallocated list), a child's deadlines and the reason-for-delay screen, with data in them, in
Chromium, each passing axe-core (WCAG 2.2 AA)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_late_reason_record, clock_start, clock_stop


@pytest.fixture
def caseload(make_user):
    today = timezone.localdate()
    worker = make_user(Role.SOCIAL_WORKER, full_name="Priya Worker")
    colleague = make_user(Role.SOCIAL_WORKER, full_name="Sam Colleague", team=worker.team)
    manager = make_user(Role.TEAM_MANAGER, full_name="Morgan Manager", team=worker.team)
    amelia = PersonFactory(given_names="Amelia", family_name="Rowntree", council_id="NB0000101")
    jacob = PersonFactory(given_names="Jacob", family_name="Okafor", council_id="NB0000102")
    InvolvementFactory(user=worker, person=amelia, service="Child protection")
    InvolvementFactory(user=colleague, person=jacob, service="Child in need")
    overdue = clock_start(rule_key="icpc", person=amelia, started_on=today - dt.timedelta(days=40))
    clock_start(rule_key="strategy_discussion", person=amelia, started_on=today)
    clock_start(rule_key="assessment", person=amelia, started_on=today - dt.timedelta(days=3))
    late = clock_start(rule_key="referral_decision", person=amelia, started_on=today - dt.timedelta(days=50))
    clock_stop(rule_key="referral_decision", person=amelia, met_on=today - dt.timedelta(days=40))
    clock_late_reason_record(actor=worker, clock=late, reason="Referrer could not be reached for two days")
    clock_start(rule_key="referral_decision", person=jacob, started_on=today - dt.timedelta(days=10))
    # A child nobody works with yet: the decision is on the manager's unallocated list.
    newcomer = PersonFactory(given_names="Imogen", family_name="Lathbury", council_id="NB0000103")
    clock_start(rule_key="referral_decision", person=newcomer, started_on=today - dt.timedelta(days=5))
    return type(
        "Caseload",
        (),
        {
            "worker": worker,
            "colleague": colleague,
            "manager": manager,
            "amelia": amelia,
            "overdue": overdue,
            "late": late,
        },
    )


@pytest.mark.django_db(transaction=True)
def test_my_work_and_deadline_pages_pass_axe(page, live_server, as_user, caseload, axe):
    url = live_server.url

    def visit(path: str) -> None:
        response = page.goto(url + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response.status if response else None}"
        )
        axe(page)

    as_user(page, caseload.worker)
    visit("/")
    assert page.get_by_role("table", name="Overdue (1)").count() == 1
    conference = page.get_by_role("link", name="Hold the initial child protection conference for Amelia Rowntree")
    expect(conference).to_have_count(1)
    expect(page.get_by_text("Overdue", exact=True).first).to_be_visible()
    # The filter: only the conference is left.
    page.get_by_label("What", exact=True).select_option(label="Hold the initial child protection conference")
    page.get_by_role("button", name="Filter the list").click()
    expect(page.get_by_role("link", name="Show everything")).to_be_visible()
    expect(page.get_by_role("link", name="Hold the strategy discussion for Amelia Rowntree")).to_have_count(0)
    axe(page)
    # Each line goes to where the work is done: the child's child protection page.
    conference.click()
    page.wait_for_url(f"{url}/protection/children/{caseload.amelia.pk}/")

    visit(f"/timescales/people/{caseload.amelia.pk}/")
    expect(page.get_by_text("Met late")).to_have_count(1)
    expect(page.get_by_text("Referrer could not be reached for two days")).to_have_count(1)

    # The reason form, then with its error.
    visit(f"/timescales/clocks/{caseload.overdue.pk}/late-reason/")
    page.get_by_role("button", name="Save the reason").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    axe(page)
    page.get_by_label("Reason for the delay").fill("Conference chair off sick; rebooked for the next free slot")
    page.get_by_role("button", name="Save the reason").click()
    page.wait_for_url(f"{url}/timescales/people/{caseload.amelia.pk}/")
    axe(page)

    as_user(page, caseload.manager)
    visit("/")
    assert page.get_by_role("table", name="Caseloads and deadlines by worker").count() == 1
    assert page.get_by_role("table", name="Overdue in your team (2)").count() == 1
    expect(
        page.get_by_role("link", name="Decide on a referral and tell the referrer for Imogen Lathbury")
    ).to_have_count(1)
    page.get_by_role("link", name="Sam Colleague (open their list)").click()
    expect(page.get_by_role("heading", name="Sam Colleague's work")).to_be_visible()
    axe(page)
    visit(f"/timescales/clocks/{caseload.late.pk}/late-reason/")
    page.get_by_role("button", name="Sign off the reason").click()
    page.wait_for_url(f"{url}/timescales/people/{caseload.amelia.pk}/")
    expect(page.get_by_text("Signed off by a manager")).to_have_count(1)
    axe(page)

    # A deadline no longer needed: the manager gives the reason, confirms, and it shows as cancelled.
    visit(f"/timescales/people/{caseload.amelia.pk}/")
    page.get_by_role("link", name="Cancel deadline: Hold the strategy discussion").click()
    expect(page.get_by_role("heading", name="Cancel a deadline")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    axe(page)
    page.get_by_label("Why is this deadline no longer needed?").fill("Held by the neighbouring council before the move")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Are you sure you want to cancel this deadline?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Yes, cancel the deadline").click()
    page.wait_for_url(f"{url}/timescales/people/{caseload.amelia.pk}/")
    expect(page.get_by_text("Deadline cancelled: Hold the strategy discussion")).to_be_visible()
    expect(page.get_by_text("Held by the neighbouring council before the move")).to_have_count(1)
    axe(page)
