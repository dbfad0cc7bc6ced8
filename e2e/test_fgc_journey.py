"""One family, from a social worker's referral to the family's own plan, through the screens.

A social worker refers two children for a family group conference with their mother's
agreement; a team manager allocates an independent coordinator; the coordinator builds
the family network (the grandmother, already known, and a family friend, new to the
council; an uncle not to be invited), records a preparation visit, convenes the
conference, and records its three stages: information giving, private family time and
agreeing the plan (who does what, by when). The conference is dated the working day
before today, so the journey runs the same on any day.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.timescales.calendar import add_working_days


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def saved(page: Page, message: str | re.Pattern) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


@pytest.mark.django_db(transaction=True)
def test_referral_to_an_agreed_family_plan(page, live_server, sign_in, as_user, make_user, axe):
    from jigsaw.fgc.models import FamilyPlan
    from jigsaw.people.matching import index_persons

    url = live_server.url
    today = timezone.localdate()
    referred_on, conference_day = add_working_days(today, -6), add_working_days(today, -1)
    worker = make_user(Role.SOCIAL_WORKER, full_name="Tom Okafor", email="tom.okafor@council.example")
    manager = make_user(Role.TEAM_MANAGER, full_name="Ruth Adeyemi")
    coordinator = make_user(Role.FGC_COORDINATOR, full_name="Nadia Brooks", email="nadia.brooks@council.example")
    child = PersonFactory(given_names="Lily", family_name="Marsh", date_of_birth=dt.date(2016, 4, 1))
    sibling = PersonFactory(given_names="Josh", family_name="Marsh", date_of_birth=dt.date(2019, 9, 9))
    mother = PersonFactory(given_names="Kim", family_name="Marsh", date_of_birth=dt.date(1990, 1, 5))
    grandmother = PersonFactory(given_names="Pat", family_name="Ellery", date_of_birth=dt.date(1962, 6, 30))
    uncle = PersonFactory(given_names="Dean", family_name="Marsh", date_of_birth=dt.date(1987, 2, 2))
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    for kid in (child, sibling):
        InvolvementFactory(user=worker, person=kid, kind="allocated", service="Child in need")
    index_persons([child.pk, sibling.pk, mother.pk, grandmother.pk, uncle.pk])

    # 1. The social worker refers Lily and Josh, with their mother's agreement.
    sign_in(page, worker)
    page.goto(f"{url}/family-group-conferences/people/{child.pk}/")
    expect(page.get_by_role("heading", name="Family group conferences")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Refer for a family group conference").click()
    expect(page.get_by_role("heading", name="Refer for a family group conference")).to_be_visible()
    axe(page)
    page.get_by_label("Brothers and sisters also referred (optional)").fill(sibling.council_id)
    fill_date(page, "Date of the referral", referred_on)
    page.get_by_label("Why a family group conference?").fill(
        "Kim's health is failing; the family want to plan who looks after Lily and Josh."
    )
    page.get_by_role("group", name="Has the family agreed to the referral?").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Make the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("the family must agree to the referral")
    expect(page.get_by_label("Why a family group conference?")).to_have_value(re.compile("Kim's health is failing"))
    axe(page)
    page.get_by_role("group", name="Has the family agreed to the referral?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Who in the family agreed?").fill("Kim Marsh, mother")
    page.get_by_role("button", name="Make the referral").click()
    saved(page, "Referral made")
    expect(page.get_by_role("heading", name="Family group conference: Lily Marsh, Josh Marsh")).to_be_visible()
    axe(page)

    # 2. The team manager allocates an independent coordinator.
    as_user(page, manager)
    page.goto(f"{url}/family-group-conferences/")
    expect(page.get_by_role("heading", name="Waiting for a coordinator")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("Allocate")).click()
    expect(page.get_by_role("heading", name="Allocate an independent coordinator")).to_be_visible()
    page.get_by_label("Coordinator").select_option(label="Nadia Brooks")
    fill_date(page, "Date allocated", add_working_days(today, -5))
    page.get_by_role("button", name="Allocate").click()
    saved(page, "Coordinator allocated")

    # 3. The coordinator builds the family network.
    as_user(page, coordinator)
    page.goto(f"{url}/")
    expect(page.get_by_role("row", name=re.compile("Lily Marsh.*Family group conference"))).to_be_visible()
    page.goto(f"{url}/family-group-conferences/")
    page.get_by_role("link", name=re.compile("Lily Marsh")).first.click()
    expect(page.get_by_role("heading", name="Family group conference: Lily Marsh, Josh Marsh")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Family network", exact=True).click()
    expect(page.get_by_role("heading", name="Family network", exact=True)).to_be_visible()
    axe(page)
    # The mother is already recorded as Lily's parent.
    page.get_by_role("link", name="Add to the network Kim Marsh").click()
    expect(page.get_by_role("heading", name="Add Kim Marsh to the family network")).to_be_visible()
    axe(page)
    page.get_by_label("Relationship to the child").fill("Mother")
    page.get_by_role("group", name="Do they live in the child's home?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Invited", exact=True).check()
    page.get_by_role("group", name="Are they coming?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Add to the network").click()
    saved(page, "Kim Marsh added to the family network")
    # The grandmother: already known?
    page.get_by_label("Name").fill("Pat Ellery")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Pat Ellery")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Add Pat Ellery to the network").click()
    page.get_by_label("Relationship to the child").fill("Maternal grandmother")
    page.get_by_role("group", name="Do they live in the child's home?").get_by_label("No", exact=True).check()
    page.get_by_label("Invited", exact=True).check()
    page.get_by_role("group", name="Are they coming?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Needs an advocate").check()
    page.get_by_role("button", name="Add to the network").click()
    saved(page, "Pat Ellery added to the family network")
    # The uncle: not to be invited, for the children's safety.
    page.get_by_label("Name").fill("Dean Marsh")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Add Dean Marsh to the network").click()
    page.get_by_label("Relationship to the child").fill("Paternal uncle")
    page.get_by_role("group", name="Do they live in the child's home?").get_by_label("No", exact=True).check()
    page.get_by_label("Not to be invited", exact=True).check()
    page.get_by_role("button", name="Add to the network").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why they are not to be invited")
    axe(page)
    page.get_by_label("If not to be invited, why?").fill("Bail conditions: no contact with the children")
    page.get_by_role("button", name="Add to the network").click()
    saved(page, "Dean Marsh added to the family network")
    # A family friend, new to the council.
    page.get_by_label("Name").fill("Sue Hale")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add someone new").click()
    expect(page.get_by_role("heading", name="Add someone new to the family network")).to_be_visible()
    axe(page)
    expect(page.get_by_label("Given names")).to_have_value("Sue")
    page.get_by_label("Relationship to the child").fill("Family friend")
    page.get_by_label("Record the relationship on the person index as (optional)").select_option(label="Friend")
    page.get_by_role("group", name="Do they live in the child's home?").get_by_label("No", exact=True).check()
    page.get_by_label("Invited", exact=True).check()
    page.get_by_label("Interpreter needed for (optional)").fill("Polish")
    page.get_by_role("button", name="Add to the network").click()
    saved(page, "Added to the family network")
    network = page.get_by_role("table")
    expect(network).to_contain_text("Maternal grandmother")
    expect(network).to_contain_text("Not to be invited: Bail conditions")
    expect(network).to_contain_text("Interpreter (Polish)")
    axe(page)

    # 4. Preparation, then the conference is convened.
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Record a visit or call").click()
    fill_date(page, "Date", add_working_days(today, -4))
    page.get_by_label("Home visit").check()
    page.get_by_label("With whom").fill("Kim, Lily and Josh")
    page.get_by_label("What was discussed").fill("Explained the conference; Lily wants Gran there.")
    page.get_by_role("button", name="Save").click()
    saved(page, "Preparation recorded")
    page.get_by_role("link", name="Conference convened").click()
    expect(page.get_by_role("heading", name="Convene the family group conference")).to_be_visible()
    axe(page)
    fill_date(page, "Date of the conference", conference_day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place (optional)").fill("Northbridge Community Centre")
    page.get_by_role("button", name="Convene and send invitations").click()
    saved(page, "The family group conference is convened")

    # 5. The three stages of the conference.
    page.get_by_role("link", name="Information giving").click()
    expect(page.get_by_role("heading", name="Information giving")).to_be_visible()
    axe(page)
    page.get_by_label("Information the referrer and professionals gave").fill(
        "Tom set out the worries about the children's care while Kim is in hospital."
    )
    page.get_by_label("Bottom lines (optional)").fill("Dean has no contact with the children.")
    page.get_by_role("button", name="Save").click()
    saved(page, "the conference is held")
    page.get_by_role("link", name="Private family time").click()
    expect(page.get_by_role("heading", name="Private family time")).to_be_visible()
    axe(page)
    page.get_by_label("Private family time started").fill("10:45")
    page.get_by_label("Private family time ended").fill("12:00")
    page.get_by_role("button", name="Save").click()
    saved(page, "Private family time recorded")
    expect(page.get_by_role("heading", name="The family's plan")).to_be_visible()
    axe(page)
    page.get_by_label("What will happen").fill("Collect Lily and Josh from school every weekday")
    page.get_by_label("Who will do it").select_option(label="Pat Ellery (Maternal grandmother)")
    page.get_by_label("Ongoing").check()
    page.get_by_role("button", name="Add to the plan").click()
    saved(page, "Added to the plan")
    page.get_by_label("What will happen").fill("Arrange a carer's assessment for Pat")
    page.get_by_label("Who will do it").select_option(label="A professional")
    page.get_by_label("Professional (if a professional)").fill("Tom Okafor, social worker")
    fill_date(page, "By when (optional if ongoing)", today + dt.timedelta(days=14))
    page.get_by_role("button", name="Add to the plan").click()
    saved(page, "Added to the plan")
    expect(page.get_by_role("table")).to_contain_text("Tom Okafor, social worker")
    axe(page)
    page.get_by_role("button", name="Go on to agreeing the plan").click()
    expect(page.get_by_role("heading", name="Agreeing the plan")).to_be_visible()
    axe(page)
    page.get_by_label("The referrer agreed the family's plan").check()
    page.get_by_label("Contingency").fill("If Pat is unwell, Sue steps in and calls Tom.")
    page.get_by_role("button", name="Save the decision").click()
    saved(page, "Decision on the plan recorded")
    expect(page.get_by_role("heading", name="Family group conference: Lily Marsh, Josh Marsh")).to_be_visible()
    expect(page.get_by_text("Family plan in place")).to_be_visible()
    plan_table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="What will happen"))
    expect(plan_table).to_contain_text("Collect Lily and Josh from school every weekday")
    expect(plan_table).to_contain_text("Pat Ellery")
    review_due = conference_day + dt.timedelta(weeks=12)
    expect(page.get_by_text(f"Due by {review_due.day} {review_due:%B %Y}", exact=True)).to_be_visible()
    axe(page)
    assert FamilyPlan.objects.get().agreed
