"""GET and POST /api/v1/people/<id>/chronology, with a real token, through the access policy."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.chronology.services import chronology_record, entry_correct, partner_entry_add

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def url(person) -> str:
    return reverse("api:person-chronology", args=[person.pk])


@pytest.fixture
def entries(child, officer, health_visitor):
    police = partner_entry_add(
        actor=officer, person=child, occurred_on=day(30), summary="Police called to the home", significance="critical"
    )
    health = partner_entry_add(
        actor=health_visitor, person=child, occurred_on=day(3), summary="Missed health review", significance="low"
    )
    contact = chronology_record(person=child, occurred_on=day(60), kind="contact", summary="Contact from school")
    return police, health, contact


class GetTests:
    def test_the_whole_chronology_newest_first(self, api_as, child, officer, entries):
        response = api_as(officer).get(url(child))
        assert response.status_code == 200
        body = response.json()
        assert body["person"] == {
            "id": child.pk,
            "council_id": "NB0000101",
            "display_name": "Amelia Rowntree",
            "date_of_birth": "2015-03-02",
        }
        assert [e["summary"] for e in body["entries"]] == [
            "Missed health review",
            "Police called to the home",
            "Contact from school",
        ]
        police = body["entries"][1]
        assert police["agency"]["name"] == "Northbridge Police"
        assert police["agency"]["kind"] == "police"
        assert police["recorded_by"] == "DC Priya Sharma"
        assert police["significance"] == "critical"
        assert police["kind"] == "partner_entry"
        assert police["occurred_on"] == day(30).isoformat()
        assert body["entries"][2]["recorded_by"] is None and body["entries"][2]["agency"] is None

    def test_filters_as_query_parameters(self, api_as, child, officer, entries, police):
        client = api_as(officer)
        by_agency = client.get(url(child), {"agency": police.pk}).json()["entries"]
        assert [e["summary"] for e in by_agency] == ["Police called to the home"]
        by_period = client.get(url(child), {"date_from": day(40).isoformat(), "date_to": day(1).isoformat()})
        assert [e["summary"] for e in by_period.json()["entries"]] == [
            "Missed health review",
            "Police called to the home",
        ]
        significant = client.get(url(child), {"significance": "high"}).json()["entries"]
        assert [e["summary"] for e in significant] == ["Police called to the home"]
        oldest = client.get(url(child), {"order": "oldest", "kind": "contact,partner_entry"}).json()["entries"]
        assert [e["summary"] for e in oldest] == [
            "Contact from school",
            "Police called to the home",
            "Missed health review",
        ]

    def test_bad_filters_get_400_with_plain_messages(self, api_as, child, officer):
        response = api_as(officer).get(
            url(child), {"date_from": "2026-02-31", "significance": "urgent", "colour": "blue"}
        )
        assert response.status_code == 400
        body = response.json()
        assert body["date_from"] == ["date_from must be a real date, written as YYYY-MM-DD, like 2026-03-27"]
        assert body["significance"] == ["Significance must be one of low, standard, high or critical"]

    def test_an_unknown_filter_is_named(self, api_as, child, officer):
        response = api_as(officer).get(url(child), {"colour": "blue"})
        assert response.status_code == 400
        assert response.json()["colour"][0].startswith("colour is not a filter")

    def test_a_child_the_user_is_not_involved_with_is_404(self, api_as, child, entries, make_user):
        assert api_as(make_user(Role.PARTNER_PRACTITIONER)).get(url(child)).status_code == 404

    def test_a_child_who_does_not_exist_is_404(self, api_as, officer):
        assert api_as(officer).get(reverse("api:person-chronology", args=[999999])).status_code == 404

    def test_no_token_is_401(self, child):
        assert APIClient().get(url(child)).status_code == 401

    def test_a_lado_entry_is_not_given_to_a_social_worker(self, api_as, child, entries, make_user):
        chronology_record(
            person=child, occurred_on=day(1), kind="lado_referral", summary="LADO", restricted_area="lado"
        )
        summaries = [e["summary"] for e in api_as(make_user(Role.SOCIAL_WORKER)).get(url(child)).json()["entries"]]
        assert "LADO" not in summaries
        lado = [e["summary"] for e in api_as(make_user(Role.LADO_OFFICER)).get(url(child)).json()["entries"]]
        assert "LADO" in lado

    def test_a_correction_comes_with_what_it_replaced(self, api_as, child, officer, entries):
        entry_correct(actor=officer, entry=entries[0], summary="Police called at 2am", reason="Time added")
        police = [
            e for e in api_as(officer).get(url(child)).json()["entries"] if e["agency"] and e["kind"] == "partner_entry"
        ]
        fixed = next(e for e in police if e["summary"] == "Police called at 2am")
        assert fixed["corrects"] == entries[0].pk
        assert fixed["correction_reason"] == "Time added"
        assert [v["summary"] for v in fixed["earlier_versions"]] == ["Police called to the home"]

    def test_the_read_is_audited_with_the_token(self, api_as, child, officer, entries):
        api_as(officer).get(url(child), {"purpose": "strategy discussion preparation"})
        entry = AuditEntry.objects.get(kind="view", subject_person_id=child.pk)
        assert entry.actor == officer
        assert entry.purpose.startswith("API token ") and entry.purpose.endswith("strategy discussion preparation")


class PostTests:
    def test_an_involved_officer_adds_a_police_entry(self, api_as, child, officer):
        response = api_as(officer).post(
            url(child),
            {"occurred_on": day(1).isoformat(), "summary": "Arrest of mother's partner", "significance": "high"},
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["agency"]["name"] == "Northbridge Police"
        assert body["recorded_by"] == "DC Priya Sharma"
        entry = ChronologyEntry.objects.get(pk=body["id"])
        assert (entry.summary, entry.significance, entry.source_agency.name) == (
            "Arrest of mother's partner",
            "high",
            "Northbridge Police",
        )

    def test_significance_is_standard_unless_given(self, api_as, child, officer):
        response = api_as(officer).post(
            url(child), {"occurred_on": TODAY.isoformat(), "summary": "Seen"}, format="json"
        )
        assert response.json()["significance"] == "standard"

    @pytest.mark.parametrize(
        ("data", "errors"),
        [
            (
                {"occurred_on": (TODAY + dt.timedelta(days=1)).isoformat(), "summary": "Later"},
                {"occurred_on": ["The date of the event must be today or in the past"]},
            ),
            ({"occurred_on": TODAY.isoformat(), "summary": ""}, {"summary": ["Enter a summary of what happened"]}),
            ({"occurred_on": TODAY.isoformat(), "summary": "   "}, {"summary": ["Enter a summary of what happened"]}),
            ({"summary": "No date"}, {"occurred_on": ["Enter the date of the event (occurred_on)"]}),
            (
                {"occurred_on": "31/02/2026", "summary": "Bad date"},
                {"occurred_on": ["The date of the event must be a real date, written as YYYY-MM-DD, like 2026-03-27"]},
            ),
            (
                {"occurred_on": TODAY.isoformat(), "summary": "x", "significance": "urgent"},
                {"significance": ["Significance must be one of low, standard, high or critical"]},
            ),
            (
                {"occurred_on": "1850-01-01", "summary": "Long ago"},
                {"occurred_on": ["The date of the event must be after 1900"]},
            ),
        ],
    )
    def test_bad_input_is_400_with_plain_messages_and_nothing_added(self, api_as, child, officer, data, errors):
        response = api_as(officer).post(url(child), data, format="json")
        assert response.status_code == 400
        assert response.json() == errors
        assert not ChronologyEntry.objects.exists()

    def test_an_unknown_field_is_named(self, api_as, child, officer):
        response = api_as(officer).post(
            url(child), {"occurred_on": TODAY.isoformat(), "summary": "Seen", "agency": 3}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["agency"][0].startswith("agency is not a field")

    def test_a_partner_not_involved_gets_404_and_nothing_is_added(self, api_as, child, make_user):
        response = api_as(make_user(Role.PARTNER_PRACTITIONER)).post(
            url(child), {"occurred_on": TODAY.isoformat(), "summary": "Seen at A&E"}, format="json"
        )
        assert response.status_code == 404
        assert not ChronologyEntry.objects.exists()


class OpenApiTests:
    def test_the_document_describes_both_operations(self, api_as, officer):
        from drf_spectacular.validation import validate_schema

        document = json.loads(api_as(officer).get(reverse("api:openapi")).content)
        validate_schema(document)
        path = document["paths"]["/api/v1/people/{id}/chronology"]
        assert {"200", "400", "401", "403", "404"} <= set(path["get"]["responses"])
        assert {"201", "400", "401", "403", "404"} <= set(path["post"]["responses"])
        assert {"agency", "date_from", "date_to", "significance", "kind", "order"} <= {
            p["name"] for p in path["get"]["parameters"]
        }
