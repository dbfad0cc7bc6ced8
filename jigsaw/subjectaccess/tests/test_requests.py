"""Subject access: the deadline and its pauses and extension, mentions linked when written, and
the pack — third parties redacted, restricted records withheld, a log of why."""

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from jigsaw.access.choices import Role
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.subjectaccess import services
from jigsaw.subjectaccess.deadlines import due_on
from jigsaw.subjectaccess.models import ClockPause, Mention, RequestStatus
from jigsaw.subjectaccess.pack import compile_pack, pack_pdf


@pytest.fixture
def dpo(make_user):
    return make_user(Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def family(db):
    child = PersonFactory(date_of_birth=dt.date(2014, 5, 1))
    mother = PersonFactory(family_name=child.family_name, date_of_birth=dt.date(1988, 2, 3))
    uncle = PersonFactory(date_of_birth=dt.date(1980, 7, 9))
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    RelationshipFactory(from_person=uncle, to_person=child, kind="other")
    return {"child": child, "mother": mother, "uncle": uncle}


def _log(dpo, person, received_on, identity=True):
    return services.request_log(
        actor=dpo,
        person=person,
        requester_kind="self",
        requester_name=person.display_name,
        requester_address="By email",
        received_on=received_on,
        identity_confirmed=identity,
        identity_evidence="Passport seen" if identity else "",
    )


def test_the_deadline_is_a_calendar_month_or_the_months_last_day(dpo, family):
    request = _log(dpo, family["child"], dt.date(2026, 1, 31))
    assert due_on(request, dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)
    request = _log(dpo, family["child"], dt.date(2026, 3, 15))
    assert due_on(request, dt.date(2026, 3, 16)) == dt.date(2026, 4, 15)


def test_the_clock_stands_still_while_identity_is_awaited(dpo, family):
    received = timezone.localdate() - dt.timedelta(days=10)
    request = _log(dpo, family["child"], received, identity=False)
    assert request.status == RequestStatus.AWAITING_IDENTITY
    services.request_identity_confirm(
        actor=dpo, request=request, evidence="Birth certificate", on=received + dt.timedelta(days=4)
    )
    request.refresh_from_db()
    from jigsaw.timescales.calendar import add_calendar_months

    assert due_on(request, timezone.localdate()) == add_calendar_months(received, 1) + dt.timedelta(days=4)
    assert ClockPause.objects.get(request=request).ended_on == received + dt.timedelta(days=4)


def test_an_extension_is_two_more_months_told_within_the_first(dpo, family):
    today = timezone.localdate()
    request = _log(dpo, family["child"], today - dt.timedelta(days=5))
    services.request_extend(actor=dpo, request=request, reason="Ten years of records", told_on=today)
    request.refresh_from_db()
    from jigsaw.timescales.calendar import add_calendar_months

    assert due_on(request, today) == add_calendar_months(today - dt.timedelta(days=5), 3)
    late = _log(dpo, family["child"], today - dt.timedelta(days=70))
    with pytest.raises(ApplicationError, match="within the first month"):
        services.request_extend(actor=dpo, request=late, reason="Complex", told_on=today)


def test_people_named_in_a_chronology_entry_are_linked_when_it_is_written(family):
    child, mother, uncle = family["child"], family["mother"], family["uncle"]
    entry = chronology_record(
        person=child,
        occurred_on=timezone.localdate(),
        kind="note",
        summary="Home visit",
        detail=f"{mother.given_names} said {uncle.given_names} {uncle.family_name} stays at weekends.",
    )
    linked = set(Mention.objects.filter(object_id=entry.pk).values_list("mentioned_id", flat=True))
    assert linked == {mother.pk, uncle.pk}


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_pack_redacts_third_parties_withholds_restricted_records_and_logs_why(dpo, family):
    child, mother, uncle = family["child"], family["mother"], family["uncle"]
    chronology_record(
        person=child,
        occurred_on=timezone.localdate(),
        kind="note",
        summary=f"Visit: {uncle.given_names} {uncle.family_name} was there",
        detail=f"{child.given_names} told us {mother.given_names} had been crying.",
    )
    chronology_record(
        person=child,
        occurred_on=timezone.localdate(),
        kind="lado_note",
        summary="A LADO matter",
        restricted_area="lado",
    )
    request = _log(dpo, child, timezone.localdate())
    lines = compile_pack(request=request)
    by_key = {line.item.key.split(":")[0]: line for line in lines}
    assert "person" in by_key and "chronology" in by_key
    text = _pdf_text(pack_pdf(user=dpo, request=request))
    assert child.given_names in text  # the subject's own words stay
    for name in (mother.given_names, uncle.given_names, uncle.family_name):
        assert name not in text, f"{name} appears unredacted"
    assert "redacted: another person" in text
    assert "What was withheld or redacted, and why" in text
    assert "restricted record" in text  # the LADO entry is withheld, with its reason
    assert "A LADO matter" not in text


def test_a_reviewer_can_withhold_an_item_with_a_reason(dpo, family):
    child = family["child"]
    chronology_record(person=child, occurred_on=timezone.localdate(), kind="note", summary="Police information")
    request = _log(dpo, child, timezone.localdate())
    key = next(line.item.key for line in compile_pack(request=request) if line.item.key.startswith("chronology"))
    with pytest.raises(ApplicationError, match="reason"):
        services.item_decide(
            actor=dpo, request=request, item_key=key, decision="withhold", exemption="crime", reason=""
        )
    services.item_decide(
        actor=dpo, request=request, item_key=key, decision="withhold", exemption="crime", reason="Live police enquiry"
    )
    line = next(line for line in compile_pack(request=request) if line.item.key == key)
    assert line.decision == "withhold" and line.text == "" and line.reviewed
    assert ChronologyEntry.objects.filter(person=child).count() == 1


def test_the_dpo_logs_reviews_and_answers_a_request_on_screen(family, signed_in):
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    child = family["child"]
    today = timezone.localdate()
    response = client.post(
        reverse("subjectaccess:new"),
        {
            "council_id": child.council_id,
            "requester_kind": "parent",
            "requester_name": "A parent",
            "requester_address": "1 High Street",
            "received_on-day": today.day,
            "received_on-month": today.month,
            "received_on-year": today.year,
            "identity_confirmed": "yes",
            "identity_evidence": "Driving licence",
        },
    )
    import re

    errors = re.findall(r'govuk-error-message">(.*?)</p>', response.content.decode(), re.S)
    assert response.status_code == 302, errors
    detail = client.get(response.url)
    assert str(escape(child.display_name)) in detail.content.decode()
    request_id = int(response.url.rstrip("/").split("/")[-1])
    review = client.get(reverse("subjectaccess:review", args=[request_id]))
    assert review.status_code == 200 and "Your record on the person index" in review.content.decode()
    pdf = client.get(reverse("subjectaccess:pack", args=[request_id]))
    assert pdf["Content-Type"] == "application/pdf"
    client.post(reverse("subjectaccess:answer", args=[request_id]))
    index = client.get(reverse("subjectaccess:index")).content.decode()
    assert "Answered" in index
    # My work lists open requests only.
    my_work = client.get("/").content.decode()
    assert "Answer subject access request" not in my_work


def test_my_work_lists_an_open_request(family, signed_in):
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    _log(client.user, family["child"], timezone.localdate() - dt.timedelta(days=25))
    from jigsaw.core.selectors import _other_work

    titles = [i.title for i in _other_work(client.user, client.user, timezone.localdate())]
    assert any(t.startswith("Answer subject access request") for t in titles)


def test_others_may_not_see_subject_access(signed_in):
    assert signed_in(Role.TEAM_MANAGER).get(reverse("subjectaccess:index")).status_code == 403


def test_an_item_is_decided_on_its_own_page_with_a_reason(family, signed_in):
    client = signed_in(Role.DATA_PROTECTION_OFFICER)
    child = family["child"]
    chronology_record(person=child, occurred_on=timezone.localdate(), kind="note", summary="Legal advice received")
    request = _log(client.user, child, timezone.localdate())
    number = next(line.number for line in compile_pack(request=request) if line.item.key.startswith("chronology"))
    url = reverse("subjectaccess:item", args=[request.pk, number])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"decision": "withhold", "exemption": "legal_privilege", "reason": ""})
    assert refused.status_code == 200 and "Enter the reason" in refused.content.decode()
    done = client.post(url, {"decision": "withhold", "exemption": "legal_privilege", "reason": "Advice from counsel"})
    assert done.status_code == 302
    review = client.get(reverse("subjectaccess:review", args=[request.pk])).content.decode()
    assert "Advice from counsel" in review
