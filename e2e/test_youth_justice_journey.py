"""A young person through the youth justice service, in the browser: the officer finds him in
the person index and opens a case, records an offence and its outcome (a referral order), an
AssetPlus assessment whose high safety and wellbeing concerns are shared with the safeguarding
record, and an intervention. Every page is checked with axe.

Dates are worked back from today, so the journey runs the same on any day.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import Role
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.calendar import add_calendar_months


def govuk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_case_offence_outcome_assessment_shared_and_intervention(page, live_server, sign_in, make_user, axe):
    from jigsaw.chronology.models import ChronologyEntry
    from jigsaw.people.matching import index_persons

    today = timezone.localdate()
    offence_day, referred_day = today - dt.timedelta(days=60), today - dt.timedelta(days=55)
    order_day, assessed_day, started_day = (
        today - dt.timedelta(days=30),
        today - dt.timedelta(days=20),
        today - dt.timedelta(days=10),
    )
    officer = make_user(Role.YOUTH_JUSTICE_OFFICER, full_name="Jo Ashworth", email="jo.ashworth@yjs.example")
    person = PersonFactory(given_names="Kai", family_name="Brennan", date_of_birth=add_calendar_months(today, -15 * 12))
    index_persons([person.pk])

    # The officer opens a case for a young person already in the person index.
    sign_in(page, officer)
    page.get_by_role("link", name="Youth justice", exact=True).first.click()
    expect(page.get_by_role("heading", name="Youth justice", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Open a case").click()
    expect(page.get_by_role("heading", name="Is the young person already known?")).to_be_visible()
    page.get_by_label("Given names").fill("Kai")
    page.get_by_label("Family name").fill("Brennan")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Kai Brennan")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Open a case for Kai Brennan").click()
    expect(page.get_by_role("heading", name="Open a youth justice case")).to_be_visible()
    axe(page)
    fill_date(page, "Date referred to the service", referred_day)
    page.get_by_label("Why the young person was referred (optional)").fill("Referred by the police after arrest")
    page.get_by_role("button", name="Open the case").click()
    saved(page, "Youth justice case opened")
    expect(page.get_by_role("heading", name="Youth justice: Kai Brennan")).to_be_visible()
    axe(page)

    # An offence. First a date in the future: refused, what was typed is kept.
    page.get_by_role("link", name="Record an offence").click()
    expect(page.get_by_role("heading", name="Record an offence")).to_be_visible()
    fill_date(page, "Date of the offence", today + dt.timedelta(days=3))
    page.get_by_label("Robbery", exact=True).check()
    page.get_by_label("Description").fill("Robbery of a mobile phone")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save the offence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    expect(page.get_by_label("Description")).to_have_value("Robbery of a mobile phone")
    axe(page)
    fill_date(page, "Date of the offence", offence_day)
    page.get_by_role("button", name="Save the offence").click()
    saved(page, "Offence recorded")

    # Its outcome: a referral order of 6 months from the youth court.
    page.get_by_role("link", name="Record an outcome").click()
    expect(page.get_by_role("heading", name="Record an outcome")).to_be_visible()
    axe(page)
    page.get_by_label(re.compile("Robbery of a mobile phone")).check()
    page.get_by_label("Referral order", exact=True).check()
    fill_date(page, "Date of the outcome", order_day)
    page.get_by_label("Length in months (if it is an order)").fill("6")
    page.get_by_label("Court (for a court outcome)").fill("Northbridge Youth Court")
    page.get_by_role("button", name="Save the outcome").click()
    saved(page, "Outcome recorded")
    end = add_calendar_months(order_day, 6)
    expect(page.get_by_text(f"6 months, to {govuk(end)}")).to_be_visible()
    expect(page.get_by_text(f"Entered the justice system on {govuk(order_day)}")).to_be_visible()
    expect(page.get_by_role("cell", name="Complete the youth justice assessment")).to_be_visible()

    # The assessment: safety and wellbeing concerns high, shared with the safeguarding record.
    page.get_by_role("link", name="Record an assessment").click()
    expect(page.get_by_role("heading", name="Record an assessment")).to_be_visible()
    axe(page)
    page.get_by_label("AssetPlus: start of the order").check()
    fill_date(page, "Date completed", assessed_day)
    page.get_by_role("group", name="Likelihood of reoffending").get_by_label("Medium", exact=True).check()
    page.get_by_role("group", name="Risk of serious harm to others").get_by_label("High", exact=True).check()
    page.get_by_role("group", name="Safety and wellbeing concerns").get_by_label("High", exact=True).check()
    page.get_by_label("Explanations and conclusions").fill("Offended with older peers; wants to return to college.")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("write what to share with the safeguarding record")
    axe(page)
    page.get_by_label(re.compile("What to share with the safeguarding record")).fill(
        "Carrying a knife for older young people; at risk of criminal exploitation."
    )
    page.get_by_role("button", name="Save the assessment").click()
    saved(page, "Assessment recorded")
    shared = page.get_by_role("table", name="Shared with the safeguarding record")
    expect(shared).to_contain_text("Carrying a knife for older young people")
    expect(page.get_by_text("What is shared:")).to_be_visible()
    axe(page)

    # An intervention, then its progress.
    page.get_by_role("link", name="Start an intervention").click()
    expect(page.get_by_role("heading", name="Start an intervention")).to_be_visible()
    axe(page)
    page.get_by_label("Kind of intervention").select_option(label="Victim awareness")
    page.get_by_label("Provider").fill("Northbridge YJS victim worker")
    fill_date(page, "Start date", started_day)
    page.get_by_label("Sessions planned").fill("6")
    page.get_by_role("button", name="Save the intervention").click()
    saved(page, "Intervention recorded")
    page.get_by_role("link", name="Record progress of victim awareness").click()
    expect(page.get_by_role("heading", name="Record progress")).to_be_visible()
    axe(page)
    page.get_by_label("Sessions attended so far").fill("2")
    page.get_by_label("Some progress").check()
    page.get_by_role("button", name="Save progress").click()
    saved(page, "Progress recorded")
    expect(page.get_by_role("cell", name="2 of 6")).to_be_visible()

    # The safeguarding chronology has the shared concern, at high significance.
    page.get_by_role("link", name="Chronology of Kai Brennan").click()
    expect(page.get_by_text(re.compile("safety and wellbeing concerns high"))).to_be_visible()
    entry = ChronologyEntry.objects.get(person=person, kind="yj_safety_wellbeing")
    assert entry.significance == "high"
