"""The figures' screens, through the test client: who sees what, drill-downs, downloads, audit."""

import csv
import io

import pytest
from markupsafe import escape

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry

from .conftest import QUERY


def test_an_analyst_sees_the_dashboard_and_counts_but_not_children(council, signed_in):
    client = signed_in(Role.ANALYST)
    index = client.get("/figures/")
    assert index.status_code == 200
    assert "Front door" in index.text and "LADO" not in index.text

    page = client.get("/figures/front-door/" + QUERY)
    assert page.status_code == 200
    assert "1 April 2026 to 30 November 2026" in page.text
    assert "<svg" in page.text and "<title id=" in page.text and "<desc id=" in page.text
    assert "Children in need during the period" in page.text

    drill = client.get("/figures/front-door/cin_in_period/" + QUERY)
    assert drill.status_code == 200
    assert "Your role sees the numbers, not the children behind them." in drill.text
    assert str(escape(council["in_need"].family_name)) not in drill.text
    assert client.get("/figures/front-door/cin_in_period/children.csv" + QUERY).status_code == 404


def test_a_team_manager_drills_down_to_the_children_and_the_number_matches(council, signed_in):
    client = signed_in(Role.TEAM_MANAGER)
    page = client.get("/figures/front-door/cin_in_period/" + QUERY)
    assert page.status_code == 200
    for key in ("in_need", "re_referred", "on_plan", "plan_ended", "in_care"):
        assert str(escape(council[key].display_name)) in page.text, key
    assert "Quarrie" not in page.text  # the sealed child
    assert "5 children" in page.text
    entry = AuditEntry.objects.filter(actor=client.user, kind="view").latest("pk")
    assert entry.additional_data["measure"] == "cin_in_period"
    # "Who has seen this record" lists the drill-down on each child's record.
    assert entry.subjects.filter(person_id=council["in_need"].pk).exists()


def test_downloads_suppress_small_numbers_and_are_audited(council, signed_in):
    client = signed_in(Role.ANALYST)
    response = client.get("/figures/child-protection/figures.csv" + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Section", "Figure", "Number"]
    by_title = {row[1]: row[2] for row in rows[1:]}
    assert by_title["Child protection plans started"] == "fewer than 5"
    assert by_title["On a plan at the end: sexual abuse"] == "0"
    assert AuditEntry.objects.filter(actor=client.user, kind="export").exists()

    xlsx = client.get("/figures/child-protection/figures.xlsx" + QUERY)
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"  # a zip: the XLSX container


def test_a_manager_downloads_the_list_of_children(council, signed_in):
    client = signed_in(Role.TEAM_MANAGER)
    response = client.get("/figures/child-protection/cp_at_end/children.csv" + QUERY)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and council["on_plan"].council_id in rows[1]


def test_the_trends_page_tables_each_month_with_links_to_its_children(council, signed_in):
    client = signed_in(Role.TEAM_MANAGER)
    page = client.get("/figures/over-time/" + QUERY)
    assert page.status_code == 200
    assert "Plans started: emotional abuse" in page.text
    assert "Assessments finding domestic abuse" in page.text
    assert "/figures/over-time/cp_started_EMO/?from=2026-06-01&amp;to=2026-06-30" in page.text


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PARTNER_PRACTITIONER, Role.BUSINESS_SUPPORT])
def test_roles_without_figures_get_not_found(role, signed_in):
    client = signed_in(role)
    assert client.get("/figures/").status_code == 404
    assert client.get("/figures/front-door/").status_code == 404


def test_restricted_dashboards_do_not_exist_outside_their_team(signed_in, client):
    manager = signed_in(Role.TEAM_MANAGER)
    assert manager.get("/figures/lado/").status_code == 404
    assert manager.get("/figures/lado/lado_referrals/").status_code == 404
    assert manager.get("/figures/front-door/lado_referrals/").status_code == 404
    assert manager.get("/figures/channel/").status_code == 404


def test_the_lado_team_sees_its_own_dashboard(signed_in):
    lado = signed_in(Role.LADO_OFFICER)
    assert lado.get("/figures/lado/" + QUERY).status_code == 200
    assert lado.get("/figures/front-door/").status_code == 404


def test_a_bad_period_is_explained_and_the_figures_still_shown(signed_in):
    client = signed_in(Role.ANALYST)
    page = client.get(
        "/figures/front-door/?date_from-day=31&date_from-month=12&date_from-year=2026"
        "&date_to-day=1&date_to-month=1&date_to-year=2026"
    )
    assert page.status_code == 200
    assert "The end of the period must be the same as or after the start" in page.text
    assert 'value="31"' in page.text  # what was typed is kept
