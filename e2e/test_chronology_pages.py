"""The chronology screens in Chromium, with data and with errors, pass axe-core (WCAG 2.2 AA);
and a partner practitioner adds an entry and finds it in the merged chronology."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.tests.factories import AgencyFactory, InvolvementFactory
from jigsaw.chronology.services import chronology_record, entry_correct, partner_entry_add
from jigsaw.people.tests.factories import PersonFactory


@pytest.mark.django_db(transaction=True)
def test_chronology_pages_pass_axe(page, live_server, as_user, make_user, axe):
    today = timezone.localdate()
    child = PersonFactory(given_names="Amelia", family_name="Rowntree", council_id="NB0000201")
    police = AgencyFactory(name="Northbridge Police", kind=AgencyKind.POLICE)
    officer = make_user(Role.PARTNER_PRACTITIONER, full_name="DC Priya Sharma", agency=police)
    InvolvementFactory(user=officer, person=child, kind="invited", service="Child protection")
    worker = make_user(Role.SOCIAL_WORKER)
    chronology_record(
        person=child,
        occurred_on=today - dt.timedelta(days=60),
        kind="contact",
        summary="Contact from school about bruising to the arm",
        source_agency=worker.agency,
        recorded_by=worker,
    )
    chronology_record(
        person=child,
        occurred_on=today - dt.timedelta(days=59),
        kind="strategy_discussion",
        summary="Strategy discussion: section 47 enquiry to start",
        significance="high",
    )
    wrong = partner_entry_add(
        actor=officer,
        person=child,
        occurred_on=today - dt.timedelta(days=30),
        summary="Police called to the home overnight",
        detail="Neighbours heard shouting.\nOfficers spoke to mother.",
        significance="critical",
    )
    entry_correct(actor=officer, entry=wrong, summary="Police called to the home at 2am", reason="Time added")

    def visit(path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, f"{path} answered {response.status}"
        axe(page)

    as_user(page, officer)
    visit(f"/chronology/{child.pk}/")
    expect(page.get_by_text("Police called to the home at 2am").first).to_be_visible()
    page.get_by_text("What was corrected").click()
    axe(page)

    # Filters, as a person uses them.
    page.get_by_label("Significance").select_option("high")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("2 entries, filtered by").first).to_be_visible()
    assert not page.get_by_text("Contact from school about bruising to the arm").count()
    axe(page)

    # A filter with errors.
    page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    axe(page)

    # The add form, with errors, then put right.
    visit(f"/chronology/{child.pk}/add/")
    page.get_by_label("What happened").fill("Arrest of mother's partner for assault")
    page.get_by_role("button", name="Add entry").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert page.get_by_label("What happened").input_value() == "Arrest of mother's partner for assault"
    axe(page)
    group = page.get_by_role("group", name="Date of the event")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("High").check()
    page.get_by_role("button", name="Add entry").click()
    expect(page.get_by_text("Entry added to the chronology").first).to_be_visible()
    expect(page.get_by_text("Arrest of mother's partner for assault").first).to_be_visible()
    axe(page)

    # The correction form, with its error.
    page.get_by_role("link", name="Correct this entry").first.click()
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("Explain why the entry needs correcting").first).to_be_visible()
    axe(page)
