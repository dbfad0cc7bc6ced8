"""A Channel panel chair's main path: referral -> consent -> vulnerability assessment -> adopted
at a panel -> support from an Intervention Provider, with axe on every screen."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import Role
from jigsaw.channel.choices import FACTORS
from jigsaw.channel.models import ChannelCase, Intervention
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.calendar import add_working_days


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_referral_to_adoption_at_panel_and_support(page, live_server, sign_in, make_user, axe):
    from jigsaw.people.matching import index_persons

    today = timezone.localdate()
    referred, consented, assessed = (
        add_working_days(today, -6),
        add_working_days(today, -4),
        add_working_days(today, -2),
    )
    chair = make_user(Role.CHANNEL_CHAIR, full_name="Morgan Ellery")
    young_person = PersonFactory(
        given_names="Kieran", family_name="Ashdown", date_of_birth=today - dt.timedelta(days=15 * 365 + 60)
    )
    index_persons([young_person.pk])

    sign_in(page, chair)
    page.get_by_role("link", name="Channel", exact=True).first.click()
    expect(page.get_by_role("heading", name="Channel panel", level=1)).to_be_visible()
    axe(page)

    # The referral, for a young person already known: "already known?" first.
    page.get_by_role("button", name="Record a referral").click()
    page.get_by_label("Name").fill("Kieran Ashdown")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("button", name="Refer Kieran Ashdown")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Refer Kieran Ashdown").click()
    expect(page.get_by_role("heading", name="Record a Channel referral")).to_be_visible()
    fill_date(page, "Date the referral was received", referred)
    page.get_by_label("Extreme right-wing").check()
    page.get_by_label("What are the concerns?").fill("Sharing extreme right-wing stickers and memes at school")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm the gateway assessment")
    expect(page.get_by_label("What are the concerns?")).to_have_value(
        "Sharing extreme right-wing stickers and memes at school"
    )
    axe(page)
    page.get_by_label("The police gateway assessment found the case suitable for Channel").check()
    page.get_by_role("button", name="Record the referral").click()
    saved(page, "Referral recorded")
    expect(page.get_by_role("heading", name="Channel case: Kieran Ashdown")).to_be_visible()
    axe(page)

    # Consent, from a person with parental responsibility (he is 15).
    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Consent given").check()
    fill_date(page, "Date of the decision", consented)
    page.get_by_label("Name of the person with parental responsibility").fill("Lorna Ashdown")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Consider capacity to consent")
    axe(page)
    page.get_by_label("Capacity to consent has been considered").check()
    page.get_by_role("button", name="Save").click()
    saved(page, "Consent decision recorded")

    # The vulnerability assessment: 22 factors in three dimensions.
    page.get_by_role("link", name="Record a vulnerability assessment").click()
    fill_date(page, "Date of the assessment", assessed)
    for factor in FACTORS:
        page.get_by_label(factor.label, exact=True).select_option("none")
    page.get_by_label("Feelings of grievance and injustice", exact=True).select_option("medium")
    page.get_by_label("Evidence: feelings of grievance and injustice").fill("Says nobody listens to people like him")
    page.get_by_label("Summary").fill("Some susceptibility; grievance the main driver")
    axe(page)
    page.get_by_role("button", name="Save").click()
    saved(page, "Assessment recorded")
    expect(page.get_by_text("Says nobody listens to people like him")).to_be_visible()
    axe(page)

    # The monthly panel: convene, put the case on the agenda, adopt it.
    page.get_by_role("link", name="Channel", exact=True).first.click()
    page.get_by_role("button", name="Convene a panel").click()
    fill_date(page, "Date of the panel", today)
    page.get_by_label("Start time").fill("00:05")
    page.get_by_label("Place (optional)").fill("Northbridge Civic Centre")
    page.get_by_role("button", name="Convene").click()
    saved(page, "Panel convened")
    case = ChannelCase.objects.get(person=young_person)
    page.get_by_label("Case").select_option(
        label=f"Kieran Ashdown ({young_person.council_id}), awaiting panel decision"
    )
    page.get_by_role("button", name="Add to the agenda").click()
    saved(page, "added to the agenda")
    axe(page)
    page.get_by_role("link", name=re.compile("Record the decision")).click()
    page.get_by_label("Adopt as a Channel case").check()
    page.get_by_label("Reasons").fill("Vulnerable to radicalisation; he and his mother want support")
    axe(page)
    page.get_by_role("button", name="Save").click()
    saved(page, "Decision recorded")
    expect(page.get_by_role("cell", name=re.compile("Adopt as a Channel case"))).to_be_visible()

    # Support from an Intervention Provider.
    page.get_by_role("link", name="Kieran Ashdown").click()
    page.get_by_role("link", name="Add support").click()
    page.get_by_label("Theological or ideological mentoring (Intervention Provider)").check()
    page.get_by_label("Provider", exact=True).fill("Northbridge Intervention Provider")
    fill_date(page, "Start date", today)
    page.get_by_role("button", name="Save").click()
    saved(page, "Support added")
    expect(page.get_by_role("cell", name="Northbridge Intervention Provider")).to_be_visible()
    axe(page)

    case.refresh_from_db()
    assert case.is_adopted and case.consent_status == "given"
    assert Intervention.objects.filter(case=case, provider="Northbridge Intervention Provider").exists()
