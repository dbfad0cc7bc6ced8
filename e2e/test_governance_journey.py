"""Information governance, through the screens: a social worker records a decision to share
without consent (the rules on the page; refused without its reason, the typed text kept), a team
manager finds it in the disclosure log on the child's information sharing page, and the data
protection officer logs a breach, watches its 72 hours, records the report to the ICO within them
and closes it. Dates are relative to today, so the journey runs the same on any day."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.tests.factories import PersonFactory


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_a_sharing_decision_reaches_the_disclosure_log_and_a_breach_its_72_hours(
    page, live_server, sign_in, as_user, make_user, axe
):
    url = live_server.url
    today = timezone.localdate()
    worker = make_user(Role.SOCIAL_WORKER)
    manager = make_user(Role.TEAM_MANAGER)
    dpo = make_user(Role.DATA_PROTECTION_OFFICER)
    child = PersonFactory(date_of_birth=dt.date(2016, 4, 1))
    InvolvementFactory(user=worker, person=child, kind="allocated", service="Child in need")

    # 1. The social worker, from the child's page, records a decision to share without consent.
    sign_in(page, worker)
    page.goto(f"{url}/people/{child.pk}/")
    page.get_by_role("link", name="Information sharing").first.click()
    expect(page.get_by_role("heading", name="Information sharing")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Record a sharing decision").click()
    expect(page.get_by_text("You do not need consent to share where a child is at risk of harm")).to_be_visible()
    page.get_by_text("The seven golden rules (2018)").click()
    expect(
        page.get_by_text("Necessary, proportionate, relevant, adequate, accurate, timely and secure.")
    ).to_be_visible()
    axe(page)
    page.get_by_role("group", name="Did you share the information?").get_by_label("Yes", exact=True).check()
    fill_date(page, "Date of the decision", today)
    page.get_by_label("What information?").fill("The dates of the two injuries seen at school")
    page.get_by_label("Shared with (or asked for by): their name").fill("Public protection unit")
    page.get_by_label("Their agency").fill("Northmere Police")
    page.get_by_label("For what purpose?").fill("Strategy discussion about significant harm")
    page.get_by_role("group", name="Lawful basis (UK GDPR Article 6)").get_by_label(
        re.compile("6\\(1\\)\\(e\\)")
    ).check()
    page.get_by_role("group", name="Condition for special category or criminal offence information").get_by_label(
        re.compile("paragraph 18: safeguarding")
    ).check()
    page.get_by_role("group", name=re.compile("Was the person")).get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Did they agree?").get_by_label("Not asked").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you shared without")
    expect(page.get_by_label("What information?")).to_have_value("The dates of the two injuries seen at school")
    axe(page)
    page.get_by_label(re.compile("Why you shared without their agreement")).fill(
        "Telling the father first would put the child at risk of further harm"
    )
    page.get_by_role("button", name="Record the decision").click()
    saved(page, "Decision recorded")
    expect(page.get_by_role("heading", name="Shared without consent")).to_be_visible()
    axe(page)

    # 2. The team manager sees it in the disclosure log on the child's information sharing page.
    as_user(page, manager)
    page.goto(f"{url}/governance/people/{child.pk}/")
    log = page.get_by_role("table", name="Disclosures")
    expect(log).to_contain_text("The dates of the two injuries seen at school")
    expect(log).to_contain_text("Northmere Police")
    expect(log).to_contain_text("6(1)(e) public task")
    axe(page)

    # 3. The DPO logs a breach found an hour ago; its 72 hours are on the page and on My work.
    as_user(page, dpo)
    aware = timezone.localtime() - dt.timedelta(hours=1)
    page.goto(f"{url}/governance/breaches/new/")
    axe(page)
    page.get_by_label("What happened, in a line").fill("Minutes emailed to the wrong school")
    page.get_by_label("What happened, how, and how it was found").fill("A core group's minutes went to another school")
    fill_date(page, "Date the council became aware", aware.date())
    page.get_by_label("Time the council became aware").fill(f"{aware:%H:%M}")
    page.get_by_label("What information was affected?").fill("Core group minutes")
    page.get_by_label("Who is affected?").fill("One child and their parents")
    page.get_by_label("How many people are affected?").fill("3")
    page.get_by_role("group", name="Risk to the people affected").get_by_label(re.compile("A risk to people")).check()
    page.get_by_label("Why you assessed the risk so").fill("Health details of a child")
    page.get_by_role("button", name="Log the breach").click()
    saved(page, "Breach logged")
    expect(page.locator(".govuk-warning-text")).to_contain_text(re.compile(r"(70|71) of the 72 hours left"))
    axe(page)
    page.goto(f"{url}/")
    expect(page.get_by_role("link", name=re.compile(r"Breach BR\d+: report to the ICO by")).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Review a sharing decision")).first).to_be_visible()
    page.goto(f"{url}/governance/")
    expect(page.get_by_text(re.compile(r"of 72 hours left")).first).to_be_visible()
    axe(page)

    # 4. Reported to the ICO within the 72 hours, then closed with the people told.
    page.goto(f"{url}/governance/breaches/")
    page.get_by_role("link", name=re.compile(r"BR\d+")).first.click()
    page.get_by_role("link", name="Record the report to the ICO, or why it is not reportable").click()
    axe(page)
    page.get_by_role("group", name="Was the breach reported to the ICO?").get_by_label("Yes", exact=True).check()
    now = timezone.localtime()
    fill_date(page, "Date reported", now.date())
    page.get_by_label("Time reported").fill(f"{now:%H:%M}")
    page.get_by_label("The ICO's reference").fill("IC-123456")
    page.get_by_role("button", name="Save").click()
    saved(page, "Recorded")
    expect(page.locator(".govuk-summary-list")).to_contain_text("reference IC-123456")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    page.get_by_role("link", name="Close the breach").click()
    page.get_by_role("group", name="Were the people affected told?").get_by_label("Yes, they were told").check()
    fill_date(page, "Date they were told", today)
    page.get_by_label("What was done to contain it and stop it happening again").fill(
        "The school deleted the email and confirmed it in writing"
    )
    page.get_by_role("button", name="Close the breach").click()
    saved(page, "Breach closed")
    axe(page)
