"""An analyst produces the statutory returns through the screens.

A looked-after child is recorded (through the care services). The analyst signs in, opens
Statutory returns from the menu, produces the children in need census for the year, finds it
checked (or, where the validators are not installed, says so), downloads it, then produces
Ofsted's Annex A workbook. Every page passes axe.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jigsaw.access.choices import Role
from jigsaw.care import services as care
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.returns.years import last_complete_year


@pytest.mark.django_db(transaction=True)
def test_an_analyst_produces_the_census_and_the_annex_a(page, live_server, sign_in, make_user, axe):
    year = last_complete_year(timezone.localdate())
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor")
    analyst = make_user(Role.ANALYST, full_name="Owen Analyst")
    child = PersonFactory(
        given_names="Maisie", family_name="Calder", date_of_birth=dt.date(2016, 5, 11), sex="F",
        ethnicity="WBRI", upn_unknown="UN5", disability_codes="NONE",
    )  # fmt: skip
    care.period_start(
        actor=worker,
        person=child,
        started_on=year.start + dt.timedelta(days=40),
        legal_status="C1",
        category_of_need="N1",
        placement=care.Placement(placement_type="U6", provider="PR1", urn="SC999001", postcode="TS24 0BD"),
        home_postcode="TS25 1AA",
    )

    sign_in(page, analyst)
    page.get_by_role("link", name="Statutory returns").first.click()
    expect(page.get_by_role("heading", name="Statutory returns")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Produce a return").click()
    axe(page)
    page.get_by_role("button", name="Produce the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose which return")
    axe(page)
    page.get_by_label("Children in need census").check()
    page.get_by_label(year.label).check()
    page.get_by_role("button", name="Produce the return").click()
    expect(page.get_by_role("heading", name=f"Children in need census {year.label}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Download cin_census_{year.short}.xml")).to_be_visible()
    expect(page.get_by_text("Validation", exact=True)).to_be_visible()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download cin_census_{year.short}.xml").click()
    assert child.council_id in download.value.path().read_text()

    page.get_by_role("link", name="Statutory returns").first.click()
    page.get_by_role("button", name="Produce a return").click()
    page.get_by_label("Ofsted Annex A").check()
    page.get_by_label(year.label).check()
    page.get_by_role("button", name="Produce the return").click()
    expect(page.get_by_role("link", name=f"Download annex_a_{year.short}.xlsx")).to_be_visible()
    axe(page)
