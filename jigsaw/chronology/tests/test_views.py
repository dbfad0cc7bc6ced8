"""The chronology screens and the PDF, as the people who use them see them."""

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.chronology.services import chronology_record, entry_correct, partner_entry_add

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def entries(child, officer, health_visitor):
    return {
        "police": partner_entry_add(
            actor=officer,
            person=child,
            occurred_on=day(30),
            summary="Police called to the home overnight",
            detail="Neighbours heard shouting.\nOfficers spoke to mother.",
            significance="critical",
        ),
        "health": partner_entry_add(
            actor=health_visitor,
            person=child,
            occurred_on=day(3),
            summary="Missed developmental review",
            significance="low",
        ),
        "system": chronology_record(
            person=child, occurred_on=day(60), kind="contact", summary="Contact from school about bruising"
        ),
    }


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


class ChronologyPageTests:
    def test_shows_every_agencys_entries_with_who_and_significance(self, as_client, child, officer, entries):
        response = as_client(officer).get(reverse("chronology:chronology", args=[child.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        for text in (
            "Police called to the home overnight",
            "Missed developmental review",
            "Contact from school about bruising",
            "Northbridge Police",
            "Northbridge NHS Trust",
            "DC Priya Sharma",
            "Jigsaw (recorded automatically)",
            '<strong class="govuk-tag govuk-tag--red">Critical</strong>',
            "Officers spoke to mother.",
            "3 entries",
        ):
            assert text in page, text
        # Newest first.
        assert page.index("Missed developmental review") < page.index("Police called to the home overnight")

    def test_filters_keep_what_was_chosen_and_say_what_they_did(self, as_client, child, officer, entries, police):
        response = as_client(officer).get(
            reverse("chronology:chronology", args=[child.pk]), {"agency": police.pk, "significance": "high"}
        )
        page = response.content.decode()
        assert "Police called to the home overnight" in page
        assert "Missed developmental review" not in page
        assert "1 entry, filtered by: Agency: Northbridge Police; Significance: high and critical" in page
        assert f'<option value="{police.pk}" selected>' in page
        # The PDF link carries the same filters.
        assert f"/pdf/?agency={police.pk}&amp;significance=high" in page

    def test_a_bad_filter_is_explained_and_what_was_typed_is_kept(self, as_client, child, officer, entries):
        response = as_client(officer).get(
            reverse("chronology:chronology", args=[child.pk]),
            {
                "from-day": "31",
                "from-month": "2",
                "from-year": "2026",
                "to-day": "1",
                "to-month": "1",
                "to-year": "2025",
            },
        )
        page = response.content.decode()
        assert "There is a problem" in page
        assert "From must be a real date" in page
        assert 'name="from-day" type="text" value="31"' in page or 'value="31"' in page
        # The chronology is still there, unfiltered.
        assert "3 entries" in page

    def test_dates_out_of_order_are_explained(self, as_client, child, officer, entries):
        response = as_client(officer).get(
            reverse("chronology:chronology", args=[child.pk]),
            {
                "from-day": "1",
                "from-month": "3",
                "from-year": "2026",
                "to-day": "1",
                "to-month": "1",
                "to-year": "2026",
            },
        )
        assert "The &#39;to&#39; date must be the same as or after the &#39;from&#39; date" in response.content.decode()

    def test_a_partner_not_involved_gets_404(self, as_client, child, entries, make_user):
        client = as_client(make_user(Role.PARTNER_PRACTITIONER))
        for name in ("chronology", "add", "pdf"):
            assert client.get(reverse(f"chronology:{name}", args=[child.pk])).status_code == 404, name

    def test_signed_out_users_are_sent_to_sign_in(self, client, child):
        response = client.get(reverse("chronology:chronology", args=[child.pk]))
        assert response.status_code == 302 and "sign-in" in response["Location"]

    def test_a_lado_entry_is_not_on_the_social_workers_page(self, as_client, child, entries, make_user):
        chronology_record(
            person=child,
            occurred_on=day(1),
            kind="lado_referral",
            summary="Allegation against coach",
            restricted_area="lado",
        )
        assert (
            "Allegation against coach"
            not in as_client(make_user(Role.SOCIAL_WORKER))
            .get(reverse("chronology:chronology", args=[child.pk]))
            .content.decode()
        )

    def test_a_corrected_entry_shows_as_corrected_with_the_original(self, as_client, child, officer, entries):
        entry_correct(
            actor=officer, entry=entries["police"], summary="Police called to the home at 2am", reason="Time added"
        )
        page = as_client(officer).get(reverse("chronology:chronology", args=[child.pk])).content.decode()
        assert "Police called to the home at 2am" in page
        assert "Corrected</strong>" in page
        assert "Police called to the home overnight" in page  # the original, under "What was corrected"
        assert "Reason: Time added" in page


class AddEntryTests:
    def test_an_involved_officer_adds_an_entry(self, as_client, child, officer):
        client = as_client(officer)
        url = reverse("chronology:add", args=[child.pk])
        assert "The entry will show in the chronology as from Northbridge Police" in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "occurred_on-day": str(day(2).day),
                "occurred_on-month": str(day(2).month),
                "occurred_on-year": str(day(2).year),
                "summary": "Child disclosed at school that dad hit her",
                "detail": "",
                "significance": "high",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("chronology:chronology", args=[child.pk])
        entry = ChronologyEntry.objects.get()
        assert (entry.occurred_on, entry.source_agency.name, entry.significance) == (
            day(2),
            "Northbridge Police",
            "high",
        )

    def test_errors_are_shown_and_what_was_typed_is_kept(self, as_client, child, officer):
        future = TODAY + dt.timedelta(days=3)
        response = as_client(officer).post(
            reverse("chronology:add", args=[child.pk]),
            {
                "occurred_on-day": str(future.day),
                "occurred_on-month": str(future.month),
                "occurred_on-year": str(future.year),
                "summary": "Seen at A&E with a burn",
                "detail": "Mother said it was the iron",
                "significance": "critical",
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "The date of the event must be today or in the past" in page
        assert 'href="#id_occurred_on-day"' in page or 'href="#id_occurred_on"' in page
        assert 'value="Seen at A&amp;E with a burn"' in page
        assert "Mother said it was the iron" in page
        assert f'value="{future.year}"' in page
        assert 'value="critical" checked' in page
        assert not ChronologyEntry.objects.exists()

    def test_an_empty_form_says_what_to_enter(self, as_client, child, officer):
        page = as_client(officer).post(reverse("chronology:add", args=[child.pk]), {}).content.decode()
        assert "Enter the date of the event" in page
        assert "Enter a summary of what happened" in page


class CorrectEntryTests:
    def test_the_agency_corrects_its_entry_with_a_reason(self, as_client, child, officer, entries):
        client = as_client(officer)
        url = reverse("chronology:correct", args=[child.pk, entries["police"].pk])
        assert "Police called to the home overnight" in client.get(url).content.decode()
        missing = client.post(url, {"summary": "Police called at 2am", "detail": "", "reason": ""})
        assert "Explain why the entry needs correcting" in missing.content.decode()
        assert 'value="Police called at 2am"' in missing.content.decode()
        response = client.post(url, {"summary": "Police called at 2am", "detail": "", "reason": "Time added"})
        assert response.status_code == 302
        assert ChronologyEntry.objects.get(corrects=entries["police"]).summary == "Police called at 2am"

    def test_another_agency_may_not_correct(self, as_client, child, health_visitor, entries):
        url = reverse("chronology:correct", args=[child.pk, entries["police"].pk])
        assert as_client(health_visitor).get(url).status_code == 403


class PdfTests:
    def test_the_pdf_names_the_child_and_holds_the_entries(self, as_client, child, officer, entries):
        response = as_client(officer).get(reverse("chronology:pdf", args=[child.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="chronology-NB0000101.pdf"'
        text = pdf_text(response)
        assert "Chronology of Amelia Rowntree" in text
        assert "Police called to the home overnight" in text
        assert "Contact from school about bruising" in text
        assert "None: every entry you may see" in text

    def test_the_pdf_applies_the_filters_and_says_so(self, as_client, child, officer, entries, police):
        response = as_client(officer).get(
            reverse("chronology:pdf", args=[child.pk]), {"agency": police.pk, "significance": "high"}
        )
        text = pdf_text(response)
        assert "Chronology of Amelia Rowntree" in text
        assert "Police called to the home overnight" in text
        assert "Missed developmental review" not in text
        assert "Contact from school about bruising" not in text
        assert "Agency: Northbridge Police" in text

    def test_the_pdf_is_tagged_pdf_ua(self, as_client, child, officer, entries):
        reader = pypdf.PdfReader(io.BytesIO(as_client(officer).get(reverse("chronology:pdf", args=[child.pk])).content))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root  # tagged, so screen readers can follow it
        assert root["/Lang"] == "en-GB"
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # declares PDF/UA-1
        assert reader.metadata.title == "Chronology of Amelia Rowntree"

    def test_the_download_is_audited_as_an_export(self, as_client, child, officer, entries):
        as_client(officer).get(reverse("chronology:pdf", args=[child.pk]), {"significance": "critical"})
        export = AuditEntry.objects.get(kind="export")
        assert export.actor == officer
        assert export.subject_person_id == child.pk
        assert export.additional_data["filters"] == {"significance": "critical"}
        assert export.additional_data["entries"] == [entries["police"].pk]
        assert not AuditEntry.objects.filter(kind="view", purpose="viewed chronology").exists()

    def test_a_bad_filter_goes_back_to_the_screen(self, as_client, child, officer, entries):
        response = as_client(officer).get(reverse("chronology:pdf", args=[child.pk]), {"significance": "urgent"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("chronology:chronology", args=[child.pk]))


@pytest.mark.django_db
def test_a_long_chronology_is_read_a_page_at_a_time_newest_first(child, signed_in):
    for i in range(130):
        chronology_record(
            person=child,
            occurred_on=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            kind="note",
            summary=f"Visit number {i:03d}",
        )
    client = signed_in(Role.SOCIAL_WORKER)
    first = client.get(reverse("chronology:chronology", args=[child.pk])).content.decode()
    assert "130 entries" in first and "Showing 1 to 100" in first
    assert "Visit number 129" in first and "Visit number 029" not in first
    second = client.get(reverse("chronology:chronology", args=[child.pk]), {"page": 2}).content.decode()
    assert "Visit number 029" in second and "Visit number 129" not in second


@pytest.mark.django_db
def test_a_page_of_the_chronology_reads_only_its_own_rows(child, signed_in):
    """The database counts and pages the entries: a child with many more entries costs the same
    queries, and no more rows are read than the page shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jigsaw.chronology.models import ChronologyEntry

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            chronology_record(
                person=child, occurred_on=dt.date(2020, 1, 1) + dt.timedelta(days=i), kind="note", summary=f"Visit {i}"
            )

    client = signed_in(Role.SOCIAL_WORKER)
    url = reverse("chronology:chronology", args=[child.pk])

    def read() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        entry_table = ChronologyEntry._meta.db_table
        limited = [
            q["sql"]
            for q in captured.captured_queries
            if f'FROM "{entry_table}"' in q["sql"] and "LIMIT 100" in q["sql"]
        ]
        return len(captured), len(limited)

    add(120, 0)
    client.get(url)  # warm the session and the calendar
    before, paged = read()
    assert paged == 1
    add(200, 120)
    assert read() == (before, 1)
    # Each entry on the page links to its own correction screen (entries the system recorded
    # are corrected by whoever may change the child's record).
    newest = ChronologyEntry.objects.filter(person=child).order_by("-occurred_on").first()
    assert reverse("chronology:correct", args=[child.pk, newest.pk]) in client.get(url).content.decode()
