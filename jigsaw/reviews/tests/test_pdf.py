"""The review's documents read back from the PDF (pdftotext): the rapid review report holds the
facts and the decision; the published, anonymised text holds none of the review's people's
names or identifiers."""

import datetime as dt
import subprocess

import pytest

from jigsaw.people.models import Address, PersonName, Relationship
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.reviews import services
from jigsaw.reviews.choices import Decision
from jigsaw.reviews.pdf import anonymise, published_pdf, rapid_review_pdf

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_rapid_review_report_holds_the_facts_and_the_decision(incident, manager, child):
    services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-2026-0412")
    incident = services.rapid_review_record(
        actor=manager, incident=incident, sent_on=TODAY, decision=Decision.LCSPR, reasons="Agencies did not share."
    )
    text = pdf_text(rapid_review_pdf(user=manager, incident=incident))
    assert f"Rapid review {incident.reference}" in text
    assert "CIN-2026-0412" in text
    assert "Commission a local child safeguarding practice review" in text
    assert "Child protection" in text  # what the council's records held


def test_the_published_text_read_back_from_the_pdf_holds_no_name_or_identifier(incident, child, social_worker, manager):
    child.nhs_number = "4857773456"
    child.upn = "A12345678901B"
    child.school = "Ferry Road Primary School"
    child.save()
    Address.objects.create(person=child, line_1="14 Mallory Close", town="Northbridge", postcode="NB4 7QT")
    PersonName.objects.create(person=child, given_names="Tammy", family_name="Arkwright")
    mother = PersonFactory(given_names="Rochelle", family_name="Penhaligon", date_of_birth=dt.date(1990, 6, 9))
    Relationship.objects.create(from_person=mother, to_person=child, kind="parent")
    report = (
        f"Tamsin Arkwright (known as Tammy, born {child.date_of_birth.day} {child.date_of_birth:%B %Y}, NHS number "
        f"485 777 3456, UPN A12345678901B, council id {child.council_id}) lived with her mother Rochelle Penhaligon "
        "at 14 Mallory Close, Northbridge NB4 7QT, and attended Ferry Road Primary School. "
        f"{social_worker.full_name}, her social worker, last visited on 3 November. Ms Penhaligon's phone number "
        f"was 07700 900123. {manager.full_name} ({manager.email}) recorded the incident.\n\n"
        "Tamsin was seen by her GP in October; Rochelle did not attend the follow-up appointment."
    )
    result = anonymise(incident=incident, text=report)
    assert result.redactions and all(r.why for r in result.redactions)  # each one listed with its reason
    text = pdf_text(published_pdf(title="Local child safeguarding practice review: Child A", text=result.apply()))
    flat = " ".join(text.split()).lower()
    secrets = [
        "Tamsin",
        "Arkwright",
        "Tammy",
        f"{child.date_of_birth:%B %Y}",
        "485 777 3456",
        "A12345678901B",
        child.council_id,
        "Rochelle",
        "Penhaligon",
        "Mallory",
        "NB4 7QT",
        "Ferry Road",
        "07700 900123",
        manager.email,
        *social_worker.full_name.split(),
        *manager.full_name.split(),
    ]
    for secret in secrets:
        assert secret.lower() not in flat, secret
    assert "[child a]" in flat and "[family member 1]" in flat and "[professional" in flat
    assert "did not attend the follow-up appointment" in flat  # the learning is still there


def test_the_rapid_review_report_holds_the_findings_and_the_immediate_actions(incident, manager, lead):
    services.incident_notified(actor=manager, incident=incident, notified_on=TODAY, national_reference="CIN-2026-0413")
    services.finding_add(actor=manager, incident=incident, kind="fact", text="Seen by the GP two weeks before.")
    services.finding_add(actor=manager, incident=incident, kind="learning", text="Concerns were not escalated.")
    action = services.immediate_action_add(
        actor=manager, incident=incident, action="Strategy discussion for the sibling", owner=lead, due_on=TODAY
    )
    services.immediate_action_done(actor=lead, action=action, done_on=TODAY, note="Held; plan agreed.")
    text = " ".join(pdf_text(rapid_review_pdf(user=manager, incident=incident)).split())
    assert "Seen by the GP two weeks before." in text
    assert "Concerns were not escalated." in text
    assert "Strategy discussion for the sibling" in text
    assert "Owner: Deepak Varma" in text
    assert "Held; plan agreed." in text
