"""Information governance through the screens: a subject access request from receipt to the
PDF pack (no third party's name left in it, read back with pdftotext), and a disposal run the
data protection officer approves (it removes what it should and keeps what is held, and last
year's front door figures do not change)."""

import datetime as dt
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jigsaw.access.choices import Role
from jigsaw.chronology.services import chronology_record
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.timescales.calendar import add_calendar_months


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.django_db(transaction=True)
def test_a_request_from_receipt_to_the_pack(page, live_server, as_user, make_user, axe, tmp_path):
    url = live_server.url
    today = timezone.localdate()
    dpo = make_user(Role.DATA_PROTECTION_OFFICER)
    child = PersonFactory(date_of_birth=dt.date(2013, 6, 1))
    mother = PersonFactory(family_name=child.family_name, date_of_birth=dt.date(1989, 3, 4))
    friend = PersonFactory(date_of_birth=dt.date(1985, 8, 9))
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    RelationshipFactory(from_person=friend, to_person=child, kind="other")
    chronology_record(
        person=child,
        occurred_on=today,
        kind="note",
        summary=f"Visit: {friend.given_names} {friend.family_name} answered the door",
        detail=f"{child.given_names} said {mother.given_names} was at work.",
    )

    as_user(page, dpo)
    page.goto(f"{url}/subject-access/")
    axe(page)
    page.get_by_role("link", name="Log a subject access request").click()
    page.get_by_label("Council id of the person the request is about").fill(child.council_id)
    page.get_by_label("The person themselves").check()
    page.get_by_label("Requester's name").fill(child.display_name)
    page.get_by_label("Where to send the response").fill("By email")
    fill_date(page, "Date the request was received", today)
    page.get_by_label("No, not yet").check()
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_text("Not yet confirmed: the clock is paused")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Confirm the requester's identity").click()
    page.get_by_label("What proved the requester's identity").fill("Passport seen at reception")
    fill_date(page, "Date identity was confirmed", today)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(add_calendar_months(today, 1).strftime("%-d %B %Y")).first).to_be_visible()

    page.get_by_role("link", name="Review the pack").click()
    expect(page.get_by_text("Release with other people's details redacted").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Back").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    pdf = tmp_path / "pack.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert child.given_names in text
    # A name the subject shares (the generator may give the friend the child's surname) is the
    # subject's own and stays; every other name of a third party must not appear.
    own = set(child.given_names.split()) | set(child.family_name.split())
    for name in {mother.given_names, friend.given_names, friend.family_name} - own:
        assert not re.search(rf"\b{re.escape(name)}\b", text), f"{name} is in the pack unredacted"
    assert "redacted: another person" in text
    assert "What was withheld or redacted, and why" in text

    page.get_by_role("button", name="Record the pack as sent").click()
    expect(page.get_by_text("Recorded as answered")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_disposal_run_approved_by_the_dpo(page, live_server, as_user, make_user, axe):
    from jigsaw.people.models import Person
    from jigsaw.retention.services import disposal_run

    url = live_server.url
    today = timezone.localdate()
    dpo = make_user(Role.DATA_PROTECTION_OFFICER)
    gone = PersonFactory(date_of_birth=add_calendar_months(today, -12 * 30))
    held = PersonFactory(date_of_birth=add_calendar_months(today, -12 * 31))
    young = PersonFactory(date_of_birth=add_calendar_months(today, -12 * 12))
    chronology_record(
        person=gone, occurred_on=add_calendar_months(today, -12 * 20), kind="note", summary="Seen at school"
    )
    # Records last changed long ago (a recently changed record is kept whatever the person's age).
    Person.objects.filter(pk__in=[gone.pk, held.pk, young.pk]).update(
        updated_at=timezone.now() - dt.timedelta(days=4000)
    )

    as_user(page, dpo)
    page.goto(f"{url}/retention/")
    axe(page)
    page.get_by_role("link", name="Set a legal hold").click()
    page.get_by_label("Council id of the person whose records must be kept").fill(held.council_id)
    page.get_by_label("Name of the hold").fill("Claim 2026/44")
    page.get_by_label("Why the records must be kept").fill("A claim names this council; the records are evidence")
    page.get_by_role("button", name="Set the hold").click()
    expect(page.get_by_text("Legal hold set")).to_be_visible()

    batch = disposal_run(as_of=today)  # what the nightly job does
    page.goto(f"{url}/")
    page.get_by_role("link", name=re.compile("Approve disposal")).first.click()
    expect(page.get_by_text("Legal hold: Claim 2026/44")).to_be_visible()
    axe(page)
    page.get_by_label("Yes, dispose of the records not under a legal hold").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.get_by_text("Status: Disposed")).to_be_visible()

    gone.refresh_from_db()
    held.refresh_from_db()
    young.refresh_from_db()
    assert gone.family_name == "Disposed record"
    assert held.family_name != "Disposed record" and young.family_name != "Disposed record"
    assert batch.certificates.get().count == 1
    assert Person.objects.count() == 3  # anonymised, not deleted: counts of past years stand
