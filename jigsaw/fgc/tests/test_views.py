"""The screens, as a coordinator, a social worker and others would use them (Django test client)."""

import datetime as dt

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditEntry
from jigsaw.people.matching import index_persons
from jigsaw.people.models import Person

from ..choices import Invitation, ReferralStatus
from ..models import NetworkMember, PlanItem, Referral
from .conftest import ago, agreed, allocated, held, prepared, refer

pytestmark = pytest.mark.django_db


def _as(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})[0]
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


class TestAccess:
    def test_partners_and_other_roles_may_not_use_the_area(self, client, family, make_user):
        referral = refer(family)
        for role in (Role.PARTNER_PRACTITIONER, Role.CP_CHAIR_IRO, Role.YOUTH_JUSTICE_OFFICER):
            c = _as(client, make_user(role))
            assert c.get(reverse("fgc:index")).status_code == 403
            assert c.get(reverse("fgc:referral", args=[referral.pk])).status_code == 403

    def test_a_family_the_user_cannot_see_does_not_exist(self, client, family):
        referral = refer(family)
        Person.objects.filter(pk__in=[family.child.pk, family.sibling.pk]).update(restricted_area="channel")
        c = _as(client, family.coordinator)
        assert c.get(reverse("fgc:referral", args=[referral.pk])).status_code == 404
        assert c.get(reverse("fgc:network", args=[referral.pk])).status_code == 404

    def test_a_social_worker_sees_but_does_not_coordinate(self, client, family):
        referral = prepared(family)
        c = _as(client, family.worker)
        page = c.get(reverse("fgc:referral", args=[referral.pk]))
        assert page.status_code == 200
        assert "Pat Ellery" in page.content.decode()
        assert c.get(reverse("fgc:convene", args=[referral.pk])).status_code == 403
        assert c.get(reverse("fgc:allocate", args=[referral.pk])).status_code == 403

    def test_opening_the_record_is_audited(self, client, family):
        referral = refer(family)
        _as(client, family.coordinator).get(reverse("fgc:referral", args=[referral.pk]))
        assert AuditEntry.objects.filter(actor=family.coordinator, kind="view", object_id=str(referral.pk)).exists()


class TestReferring:
    def test_without_agreement_the_form_says_why_and_keeps_what_was_typed(self, client, family):
        c = _as(client, family.worker)
        url = reverse("fgc:refer", args=[family.child.pk])
        assert c.get(url).status_code == 200
        data = {
            **_date("referred_on", ago(1)),
            "reason": "Grandparents could help",
            "family_agreed": "no",
            "fgdm_offer": "not_pre_proceedings",
        }
        page = c.post(url, data)
        body = page.content.decode()
        assert "There is a problem" in body
        assert "the family must agree to the referral" in body
        assert "Grandparents could help" in body
        assert not Referral.objects.exists()

    def test_a_referral_with_a_sibling_by_council_id(self, client, family):
        c = _as(client, family.worker)
        url = reverse("fgc:refer", args=[family.child.pk])
        data = {
            "other_children": "nb0000202",
            **_date("referred_on", ago(1)),
            "reason": "Grandparents could help",
            "family_agreed": "yes",
            "family_agreed_by": "Kim Marsh",
            "fgdm_offer": "not_pre_proceedings",
        }
        page = c.post(url, data, follow=True)
        referral = Referral.objects.get()
        assert {c.person_id for c in referral.children.all()} == {family.child.pk, family.sibling.pk}
        assert "Referral made" in page.content.decode()
        data["other_children"] = "NB9999999"
        page = c.post(reverse("fgc:refer", args=[family.mother.pk]), data)
        assert "No child you can see has the council id NB9999999" in page.content.decode()

    def test_the_person_page_lists_referrals(self, client, family):
        refer(family)
        page = _as(client, family.worker).get(reverse("fgc:person", args=[family.child.pk]))
        body = page.content.decode()
        assert "Awaiting a coordinator" in body
        assert "Refer for a family group conference" not in body


class TestCoordinating:
    def test_allocation_from_the_index(self, client, family):
        referral = refer(family)
        c = _as(client, family.manager)
        index = c.get(reverse("fgc:index")).content.decode()
        assert "Waiting for a coordinator" in index and "Lily Marsh" in index
        page = c.post(
            reverse("fgc:allocate", args=[referral.pk]),
            {"coordinator": str(family.worker.pk), **_date("allocated_on", ago(0)), "version": referral.version},
        )
        assert "must be independent" in page.content.decode()
        c.post(
            reverse("fgc:allocate", args=[referral.pk]),
            {"coordinator": str(family.coordinator.pk), **_date("allocated_on", ago(0)), "version": referral.version},
        )
        referral.refresh_from_db()
        assert referral.coordinator == family.coordinator
        my_work = _as(client, family.coordinator).get("/").content.decode()
        assert "Lily Marsh" in my_work

    def test_network_search_and_adding_a_known_relative(self, client, family):
        referral = allocated(family)
        index_persons([family.grandmother.pk, family.uncle.pk])
        c = _as(client, family.coordinator)
        page = c.get(reverse("fgc:network", args=[referral.pk])).content.decode()
        assert "Relatives already recorded" in page and "Pat Ellery" in page  # from the person index
        found = c.get(reverse("fgc:network", args=[referral.pk]), {"name": "Dean Marsh", "dob": "", "postcode": ""})
        assert "Add Dean Marsh to the network" in found.content.decode()
        url = reverse("fgc:network-add", args=[referral.pk, family.uncle.pk])
        page = c.post(
            url, {"relationship": "Uncle", "lives_in_home": "no", "invitation": "not_invited", "attending": "unknown"}
        )
        assert "Enter why they are not to be invited" in page.content.decode()
        c.post(
            url,
            {
                "relationship": "Uncle",
                "lives_in_home": "no",
                "invitation": "not_invited",
                "not_invited_reason": "Bail conditions",
                "attending": "unknown",
            },
        )
        member = NetworkMember.objects.get(person=family.uncle)
        assert member.invitation == Invitation.NOT_INVITED
        table = c.get(reverse("fgc:network", args=[referral.pk])).content.decode()
        assert "Not to be invited: Bail conditions" in table

    def test_adding_someone_new(self, client, family):
        referral = allocated(family)
        c = _as(client, family.coordinator)
        c.post(
            reverse("fgc:network-new", args=[referral.pk]),
            {
                "given_names": "Sue",
                "family_name": "Ellery",
                "sex": "F",
                "relationship": "Maternal aunt",
                "relationship_kind": "other_family",
                "lives_in_home": "no",
                "invitation": "invited",
                "attending": "yes",
                "interpreter_language": "Polish",
            },
        )
        member = NetworkMember.objects.get(person__given_names="Sue")
        assert member.needs == ["Interpreter (Polish)"]

    def test_the_conference_stages_through_the_screens(self, client, family):
        referral = prepared(family)
        c = _as(client, family.coordinator)
        case = c.get(reverse("fgc:referral", args=[referral.pk])).content.decode()
        assert "Conference convened" in case and "Information giving" in case
        c.post(reverse("fgc:convene", args=[referral.pk]), {**_date("starts_at", ago(1)), "start_time": "10:00"})
        conference = referral.conferences.get()
        c.post(reverse("fgc:information", args=[conference.pk]), {"information": "Worries", "bottom_lines": ""})
        page = c.post(reverse("fgc:private-time", args=[conference.pk]), {"started_at": "11:30", "ended_at": "11:00"})
        assert "Private family time must end after it started" in page.content.decode()
        c.post(reverse("fgc:private-time", args=[conference.pk]), {"started_at": "11:00", "ended_at": "12:15"})
        gran = NetworkMember.objects.get(person=family.grandmother)
        page = c.post(
            reverse("fgc:plan", args=[conference.pk]),
            {"what": "School runs", "who": str(gran.pk), "ongoing": "on"},
            follow=True,
        )
        assert "School runs" in page.content.decode()
        version = conference.family_plan.version
        page = c.post(reverse("fgc:plan-decide", args=[conference.pk]), {"decision": "agreed", "version": version})
        assert "Enter the contingency" in page.content.decode()
        c.post(
            reverse("fgc:plan-decide", args=[conference.pk]),
            {"decision": "agreed", "contingency": "Aunt Sue", "version": version},
        )
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.PLAN_AGREED
        case = c.get(reverse("fgc:referral", args=[referral.pk])).content.decode()
        assert "Who does what" in case and "Pat Ellery" in case and "Review due by" in case

    def test_someone_kept_away_for_safety_is_not_offered_an_action(self, client, family):
        conference = held(family)
        uncle = NetworkMember.objects.get(person=family.uncle)
        c = _as(client, family.coordinator)
        page = c.get(reverse("fgc:plan", args=[conference.pk])).content.decode()
        assert "Pat Ellery" in page and "Dean Marsh" not in page
        page = c.post(
            reverse("fgc:plan", args=[conference.pk]), {"what": "School runs", "who": str(uncle.pk), "ongoing": "on"}
        ).content.decode()
        assert "There is a problem" in page and "School runs" in page
        assert not PlanItem.objects.exists()

    def test_removing_a_plan_item_before_the_decision(self, client, family):
        conference = held(family)
        from .. import services

        item = services.plan_item_add(
            actor=family.coordinator, conference=conference, what="Oops", professional="SW", ongoing=True
        )
        _as(client, family.coordinator).post(reverse("fgc:plan-item-remove", args=[item.pk]))
        assert not PlanItem.objects.exists()

    def test_reviews_due_on_the_index(self, client, family):
        agreed(family)
        index = _as(client, family.coordinator).get(reverse("fgc:index")).content.decode()
        assert "Reviews due" in index and "Lily Marsh" in index
