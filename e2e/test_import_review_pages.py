"""The import review screens with values in them, in Chromium, passing axe-core (WCAG 2.2 AA):
the list, a value to check, the form with its error, and the resolved list."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jigsaw.access.choices import Role


@pytest.mark.django_db(transaction=True)
def test_the_import_review_pages_pass_axe(page, live_server, as_user, make_user, axe, tmp_path):
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_id", "given_name", "family_name", "date_of_birth", "nhs_number", "postcode"])
        writer.writerow(["10234", "Amelia", "Rowntree", "31/02/2015", "999 000 1015", "NB1"])
    call_command("import_people", str(path), stdout=StringIO())
    url = live_server.url

    as_user(page, make_user(Role.BUSINESS_SUPPORT))
    page.goto(url + "/people/import-review/")
    expect(page.get_by_role("heading", name="Values set aside by imports")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Check the nhs number of Amelia Rowntree").click()
    expect(page.get_by_role("heading", name="Check a value set aside by an import")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Mark as resolved").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    axe(page)
    page.get_by_label("What did you do about this value?").fill("Checked with the GP: corrected on the record")
    page.get_by_role("button", name="Mark as resolved").click()
    expect(page.get_by_text("marked as resolved")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Values already resolved").click()
    expect(page.get_by_text("Checked with the GP: corrected on the record")).to_be_visible()
    axe(page)
