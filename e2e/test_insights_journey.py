"""Figures, through the screens: an analyst opens the child protection dashboard for a period,
drills down from a figure (counts only, for her role), and downloads the figures as CSV; a team
manager drills down to the children behind the same figure, and the list is as long as the
number. Every page is checked with axe."""

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import Page, expect

from jigsaw.access.choices import Role


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.django_db(transaction=True)
def test_analyst_opens_a_dashboard_drills_down_and_downloads(page, live_server, sign_in, as_user, make_user, axe):
    from jigsaw.insights.tests.scene import care, child, plan

    url = live_server.url
    worker = make_user(Role.SOCIAL_WORKER)
    analyst = make_user(Role.ANALYST, full_name="Grace Whitfield")
    manager = make_user(Role.TEAM_MANAGER, full_name="Ruth Adeyemi")
    on_plan = [child(given_names=name, family_name="Pemberton") for name in ("Isla", "Jude", "Kit")]
    for n, kid in enumerate(on_plan):
        plan(kid, worker, dt.date(2026, 6, 1) + dt.timedelta(days=7 * n), category="EMO")
    care(child(given_names="Lowri", family_name="Adair"), worker, dt.date(2026, 7, 1))

    # 1. The analyst finds the figures in the menu and picks a period.
    sign_in(page, analyst)
    page.get_by_role("link", name="Figures").first.click()
    expect(page.get_by_role("heading", name="Figures")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Child protection", exact=True).click()
    fill_date(page, "From", dt.date(2026, 4, 1))
    fill_date(page, "To", dt.date(2026, 11, 30))
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_role("heading", name="1 April 2026 to 30 November 2026")).to_be_visible()
    axe(page)
    chart = page.locator("svg[role=img]").first
    expect(chart).to_have_attribute("aria-labelledby", re.compile("title"))
    row = page.get_by_role("row").filter(has_text="Child protection plans started")
    expect(row).to_contain_text("3")

    # 2. She drills down: her role sees the number, not the children.
    row.get_by_role("link", name="Child protection plans started").click()
    expect(page.get_by_role("heading", name="Child protection plans started")).to_be_visible()
    expect(page.get_by_text("Your role sees the numbers, not the children behind them.")).to_be_visible()
    expect(page.get_by_text("Pemberton")).to_have_count(0)
    axe(page)

    # 3. She downloads the dashboard's figures: the small numbers are suppressed.
    page.go_back()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    figures = {row[1]: row[2] for row in csv.reader(io.StringIO(text))}
    assert figures["Child protection plans started"] == "fewer than 5"

    # 4. A team manager opens the same figure and sees the three children behind it.
    as_user(page, manager)
    page.goto(f"{url}/figures/child-protection/cp_started/?from=2026-04-01&to=2026-11-30")
    expect(page.get_by_role("heading", name="Child protection plans started")).to_be_visible()
    for kid in on_plan:
        expect(page.get_by_role("link", name=f"{kid.given_names} Pemberton")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(3)
    axe(page)
