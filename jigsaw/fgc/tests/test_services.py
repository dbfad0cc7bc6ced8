"""The family group conference services: the rules a coordinator and a referrer would check."""

import datetime as dt

import pytest
from django.utils import timezone

from jigsaw.access.models import Involvement
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Attendance, MeetingKind, MeetingStatus
from jigsaw.people.models import Person, Relationship
from jigsaw.timescales.calendar import add_working_days
from jigsaw.timescales.models import Clock

from .. import services
from ..choices import ConferenceKind, FgdmOffer, Invitation, PlanDecision, ReferralStatus, ReviewOutcome
from ..models import PlanItem, Referral
from .conftest import ago, agreed, allocated, at, held, prepared, refer

pytestmark = pytest.mark.django_db


def _error(excinfo) -> str:
    return excinfo.value.message


class TestReferral:
    def test_without_the_familys_agreement_is_refused(self, family):
        with pytest.raises(ApplicationError) as e:
            refer(family, family_agreed=False)
        assert "voluntary" in _error(e)
        assert e.value.field == "family_agreed"
        assert not Referral.objects.exists()

    def test_a_referral_starts_the_allocation_clock_for_each_child_and_lands_in_their_chronology(self, family):
        referral = refer(family)
        assert referral.status == ReferralStatus.AWAITING_ALLOCATION
        clocks = Clock.objects.filter(rule_key="fgc_allocation").open()
        assert {c.person_id for c in clocks} == {family.child.pk, family.sibling.pk}
        assert clocks[0].due_on == add_working_days(referral.referred_on, 5)
        assert ChronologyEntry.objects.filter(person=family.sibling, kind="fgc_referral").exists()

    def test_a_date_in_the_future_is_refused(self, family):
        with pytest.raises(ApplicationError) as e:
            refer(family, on=timezone.localdate() + dt.timedelta(days=1))
        assert e.value.field == "referred_on"

    def test_an_offer_before_proceedings_needs_its_date_recipients_and_answer(self, family):
        with pytest.raises(ApplicationError) as e:
            refer(family, fgdm_offer=FgdmOffer.OFFERED)
        assert e.value.field == "fgdm_offered_on"
        with pytest.raises(ApplicationError) as e:
            refer(family, fgdm_offer=FgdmOffer.OFFERED, fgdm_offered_on=ago(25))
        assert e.value.field == "fgdm_recipients"
        with pytest.raises(ApplicationError) as e:
            refer(family, fgdm_offer=FgdmOffer.OFFERED, fgdm_offered_on=ago(25), fgdm_recipients="Kim Marsh")
        assert e.value.field == "fgdm_accepted"
        referral = refer(
            family,
            fgdm_offer=FgdmOffer.OFFERED,
            fgdm_offered_on=ago(25),
            fgdm_recipients="Kim Marsh",
            fgdm_accepted=True,
        )
        assert referral.fgdm_accepted is True

    def test_a_best_interests_exemption_needs_reasons(self, family):
        with pytest.raises(ApplicationError) as e:
            refer(family, fgdm_offer=FgdmOffer.EXEMPT)
        assert e.value.field == "fgdm_exemption_reasons"

    def test_a_child_with_an_open_referral_is_not_referred_twice(self, family):
        refer(family)
        with pytest.raises(ApplicationError) as e:
            refer(family, children=[family.child])
        assert "already has an open family group conference referral" in _error(e)

    def test_a_coordinator_cannot_refer(self, family):
        with pytest.raises(ApplicationError):
            services.referral_create(
                actor=family.coordinator,
                children=[family.child],
                referred_on=ago(3),
                reason="Worries",
                family_agreed=True,
                family_agreed_by="Mother",
            )


class TestAllocation:
    def test_the_referrer_cannot_coordinate(self, family):
        referral = refer(family)
        with pytest.raises(ApplicationError) as e:
            services.referral_allocate(
                actor=family.manager, referral=referral, coordinator=family.worker, allocated_on=ago(1)
            )
        assert "independent" in _error(e)

    def test_only_a_coordinator_can_be_allocated(self, family):
        referral = refer(family)
        with pytest.raises(ApplicationError) as e:
            services.referral_allocate(
                actor=family.manager, referral=referral, coordinator=family.manager, allocated_on=ago(1)
            )
        assert e.value.field == "coordinator"

    def test_the_childs_allocated_worker_is_not_independent(self, family, make_user):
        from jigsaw.access.tests.factories import InvolvementFactory

        referral = refer(family)
        InvolvementFactory(user=family.coordinator, person=family.child, kind="allocated", service="Child in need")
        with pytest.raises(ApplicationError) as e:
            services.referral_allocate(
                actor=family.manager, referral=referral, coordinator=family.coordinator, allocated_on=ago(1)
            )
        assert "independent" in _error(e)

    def test_not_before_the_referral(self, family):
        referral = refer(family)
        with pytest.raises(ApplicationError) as e:
            services.referral_allocate(
                actor=family.manager,
                referral=referral,
                coordinator=family.coordinator,
                allocated_on=referral.referred_on - dt.timedelta(days=1),
            )
        assert e.value.field == "allocated_on"

    def test_allocation_involves_the_coordinator_and_moves_the_clocks(self, family):
        referral = allocated(family)
        assert referral.status == ReferralStatus.PREPARATION
        assert Involvement.objects.filter(
            user=family.coordinator, person=family.child, service="Family group conference"
        ).exists()
        assert not Clock.objects.filter(rule_key="fgc_allocation").open().exists()
        conference_clock = Clock.objects.get(rule_key="fgc_conference", person=family.child)
        assert conference_clock.owner == family.coordinator
        assert conference_clock.due_on == add_working_days(referral.allocated_on, 30)


class TestNetwork:
    def test_not_invited_needs_a_reason(self, family):
        referral = allocated(family)
        with pytest.raises(ApplicationError) as e:
            services.network_member_add(
                actor=family.coordinator,
                referral=referral,
                person=family.uncle,
                relationship="Uncle",
                invitation=Invitation.NOT_INVITED,
            )
        assert e.value.field == "not_invited_reason"

    def test_nobody_twice_and_not_the_child(self, family):
        referral = prepared(family)
        with pytest.raises(ApplicationError) as e:
            services.network_member_add(
                actor=family.coordinator, referral=referral, person=family.mother, relationship="Mum"
            )
        assert "already in the family network" in _error(e)
        with pytest.raises(ApplicationError) as e:
            services.network_member_add(
                actor=family.coordinator, referral=referral, person=family.child, relationship="Self"
            )
        assert "child this conference is about" in _error(e)

    def test_someone_new_is_added_to_the_index_with_their_relationship(self, family):
        referral = allocated(family)
        member = services.network_person_add(
            actor=family.coordinator,
            referral=referral,
            person_data={"given_names": "Sue", "family_name": "Ellery", "sex": "F"},
            relationship_kind="other_family",
            relationship="Maternal aunt",
            invitation=Invitation.INVITED,
        )
        assert member.person.display_name == "Sue Ellery"
        assert Relationship.objects.filter(
            from_person=member.person, to_person=family.child, kind="other_family"
        ).exists()

    def test_a_refused_new_member_adds_nobody_to_the_index(self, family):
        referral = allocated(family)
        before = Person.objects.count()
        with pytest.raises(ApplicationError):
            services.network_person_add(
                actor=family.coordinator,
                referral=referral,
                person_data={"given_names": "Sue", "family_name": "Ellery"},
                relationship="",
            )
        assert Person.objects.count() == before

    def test_only_someone_invited_is_coming(self, family):
        referral = allocated(family)
        with pytest.raises(ApplicationError) as e:
            services.network_member_add(
                actor=family.coordinator, referral=referral, person=family.mother, relationship="Mother", attending=True
            )
        assert e.value.field == "attending"


class TestPreparation:
    def test_not_before_the_referral_nor_in_the_future(self, family):
        referral = allocated(family)
        for day in (referral.referred_on - dt.timedelta(days=1), timezone.localdate() + dt.timedelta(days=1)):
            with pytest.raises(ApplicationError) as e:
                services.preparation_record(
                    actor=family.coordinator,
                    referral=referral,
                    contacted_on=day,
                    kind="visit",
                    with_whom="Gran",
                    notes="x",
                )
            assert e.value.field == "contacted_on"
        contact = services.preparation_record(
            actor=family.coordinator,
            referral=referral,
            contacted_on=ago(1),
            kind="visit",
            with_whom="Gran",
            notes="Agreed to come",
        )
        assert contact.recorded_by == family.coordinator


class TestConference:
    def test_needs_someone_invited(self, family):
        referral = allocated(family)
        with pytest.raises(ApplicationError) as e:
            services.conference_convene(actor=family.coordinator, referral=referral, starts_at=at(ago(1)))
        assert "Invite at least one" in _error(e)

    def test_convened_in_the_meetings_engine_with_the_network_invited(self, family):
        referral = prepared(family)
        conference = services.conference_convene(actor=family.coordinator, referral=referral, starts_at=at(ago(1)))
        meeting = conference.meeting
        assert meeting.kind == MeetingKind.FGC
        assert meeting.chair == family.coordinator
        invited = {i.name for i in meeting.invitations.all()}
        assert invited == {"Kim Marsh", "Pat Ellery", "Tom Okafor"}  # not the uncle
        assert meeting.invitations.get(person=family.grandmother).email == "pat.ellery@home.example"
        with pytest.raises(ApplicationError) as e:
            services.conference_convene(actor=family.coordinator, referral=referral, starts_at=at(ago(0)))
        assert "already convened" in _error(e)

    def test_cannot_be_recorded_before_its_day(self, family):
        referral = prepared(family)
        conference = services.conference_convene(
            actor=family.coordinator, referral=referral, starts_at=at(timezone.localdate() + dt.timedelta(days=7))
        )
        with pytest.raises(ApplicationError) as e:
            services.conference_information_record(actor=family.coordinator, conference=conference, information="x")
        assert "from its day" in _error(e)

    def test_held_conference_meets_the_deadline_and_marks_attendance(self, family):
        conference = held(family)
        conference.meeting.refresh_from_db()
        assert conference.meeting.status == MeetingStatus.HELD
        assert conference.meeting.invitations.get(person=family.mother).attendance == Attendance.ATTENDED
        clock = Clock.objects.get(rule_key="fgc_conference", person=family.child)
        assert clock.met_on == conference.held_on
        assert ChronologyEntry.objects.filter(person=family.child, kind="fgc_conference").exists()

    def test_private_time_must_end_after_it_starts(self, family):
        referral = prepared(family)
        conference = services.conference_convene(actor=family.coordinator, referral=referral, starts_at=at(ago(1)))
        with pytest.raises(ApplicationError):
            services.conference_private_time_record(
                actor=family.coordinator, conference=conference, started_at=dt.time(11), ended_at=dt.time(12)
            )  # information giving not recorded yet
        services.conference_information_record(actor=family.coordinator, conference=conference, information="x")
        with pytest.raises(ApplicationError) as e:
            services.conference_private_time_record(
                actor=family.coordinator, conference=conference, started_at=dt.time(11), ended_at=dt.time(10, 30)
            )
        assert e.value.field == "ended_at"


class TestPlan:
    def test_each_item_needs_one_who(self, family):
        conference = held(family)
        with pytest.raises(ApplicationError) as e:
            services.plan_item_add(actor=family.coordinator, conference=conference, what="Visit weekly", ongoing=True)
        assert e.value.field == "who"
        member = conference.referral.network.get(person=family.mother)
        with pytest.raises(ApplicationError) as e:
            services.plan_item_add(
                actor=family.coordinator,
                conference=conference,
                what="Visit",
                member=member,
                professional="SW",
                ongoing=True,
            )
        assert e.value.field == "who"
        with pytest.raises(ApplicationError) as e:
            services.plan_item_add(actor=family.coordinator, conference=conference, what="Visit", member=member)
        assert e.value.field == "by_when"

    def test_someone_not_to_be_invited_for_safety_cannot_be_given_an_action(self, family):
        conference = held(family)
        uncle = conference.referral.network.get(person=family.uncle)
        with pytest.raises(ApplicationError) as e:
            services.plan_item_add(
                actor=family.coordinator, conference=conference, what="School runs", member=uncle, ongoing=True
            )
        assert e.value.field == "who"
        assert "Dean Marsh is not to be invited (Bail conditions: no contact with the children)" in e.value.message
        assert not PlanItem.objects.exists()

    def test_an_empty_plan_is_not_agreed(self, family):
        conference = held(family)
        with pytest.raises(ApplicationError) as e:
            services.plan_decide(
                actor=family.coordinator, conference=conference, decision=PlanDecision.AGREED, contingency="x"
            )
        assert "at least one" in _error(e)

    def test_not_agreed_needs_the_reasons(self, family):
        conference = held(family)
        with pytest.raises(ApplicationError) as e:
            services.plan_decide(actor=family.coordinator, conference=conference, decision=PlanDecision.NOT_AGREED)
        assert e.value.field == "reasons"
        plan = services.plan_decide(
            actor=family.coordinator,
            conference=conference,
            decision=PlanDecision.NOT_AGREED,
            reasons="The plan leaves the children with Dean at weekends",
        )
        assert not plan.agreed
        assert not Clock.objects.filter(rule_key="fgc_review").exists()
        assert ChronologyEntry.objects.filter(
            person=family.child, kind="fgc_plan", summary__contains="not agreed"
        ).exists()

    def test_an_agreed_plan_starts_the_review_clock(self, family):
        conference = agreed(family)
        plan = conference.plan
        referral = Referral.objects.get(pk=conference.referral_id)
        assert referral.status == ReferralStatus.PLAN_AGREED
        assert plan.review_due_on == conference.held_on + dt.timedelta(weeks=12)
        clock = Clock.objects.get(rule_key="fgc_review", person=family.sibling)
        assert clock.due_on == plan.review_due_on
        entry = ChronologyEntry.objects.get(person=family.child, kind="fgc_plan")
        assert "Collect the children from school (Pat Ellery)" in entry.detail
        with pytest.raises(ApplicationError):
            services.plan_item_add(
                actor=family.coordinator, conference=conference, what="More", professional="SW", ongoing=True
            )


class TestReview:
    def _review(self, family, outcome):
        conference = agreed(family)
        review = services.conference_convene(
            actor=family.coordinator, referral=conference.referral, starts_at=at(ago(0), 9), kind=ConferenceKind.REVIEW
        )
        return services.review_record(
            actor=family.coordinator, conference=review, progress="Going well", outcome=outcome
        )

    def test_initial_conference_cannot_be_convened_twice_once_agreed(self, family):
        conference = agreed(family)
        with pytest.raises(ApplicationError) as e:
            services.conference_convene(actor=family.coordinator, referral=conference.referral, starts_at=at(ago(0)))
        assert "review" in _error(e)

    def test_a_review_that_continues_sets_the_next_one(self, family):
        review = self._review(family, ReviewOutcome.CONTINUE)
        clocks = Clock.objects.filter(rule_key="fgc_review", person=family.child).order_by("pk")
        assert clocks[0].met_on == review.held_on
        assert clocks[1].is_open and clocks[1].started_on == review.held_on
        assert ChronologyEntry.objects.filter(person=family.child, kind="fgc_review").exists()

    def test_a_review_that_closes_ends_the_involvement(self, family):
        review = self._review(family, ReviewOutcome.CLOSE)
        referral = Referral.objects.get(pk=review.referral_id)
        assert referral.status == ReferralStatus.CLOSED
        assert not Clock.objects.filter(rule_key__startswith="fgc_").open().exists()
        involvement = Involvement.objects.get(user=family.coordinator, person=family.child)
        assert involvement.ended_on == review.held_on


class TestClose:
    def test_the_family_withdraws(self, family):
        referral = allocated(family)
        closed = services.referral_close(
            actor=family.coordinator, referral=referral, closed_on=ago(0), reason="Mother withdrew her agreement"
        )
        assert closed.status == ReferralStatus.CLOSED
        assert Clock.objects.get(rule_key="fgc_conference", person=family.child).stopped_on == ago(0)
        with pytest.raises(ApplicationError):
            services.network_member_add(
                actor=family.coordinator, referral=closed, person=family.mother, relationship="Mum"
            )


def test_someone_invited_after_convening_is_sent_the_invitation(family):
    referral = prepared(family)
    conference = services.conference_convene(actor=family.coordinator, referral=referral, starts_at=at(ago(0)))
    member = services.network_person_add(
        actor=family.coordinator,
        referral=referral,
        person_data={"given_names": "Sue", "family_name": "Ellery"},
        relationship="Aunt",
        invitation=Invitation.INVITED,
    )
    assert conference.meeting.invitations.filter(person=member.person).exists()


def test_the_timescales_are_local_and_a_council_may_change_them(family, settings):
    from jigsaw.timescales.rules import get_rule

    for key in ("fgc_allocation", "fgc_conference", "fgc_review"):
        assert get_rule(key).local
    settings.JIGSAW_TIMESCALE_OVERRIDES = {"fgc_review": 6}
    conference = agreed(family)
    assert conference.plan.review_due_on == conference.held_on + dt.timedelta(weeks=6)


class TestOneEventOneEntry:
    def test_a_conference_held_makes_one_chronology_entry_in_the_areas_words(self, family):
        conference = held(family)
        current = ChronologyEntry.objects.current().filter(person=family.child)
        kinds = list(current.values_list("kind", flat=True))
        assert kinds.count("fgc_conference") == 1 and "meeting_held" not in kinds
        entry = current.get(kind="fgc_conference")
        assert entry.kind_display == "Family group conference held"
        assert entry.same_event_as.kind == "meeting_held"  # the meetings engine's entry, kept but stood in for
        assert entry.same_event_as.source == conference.meeting

    def test_the_meeting_held_after_the_areas_entry_adds_nothing(self, family):
        from jigsaw.chronology.services import chronology_record

        conference = held(family)
        newcomer = Person.objects.create(given_names="Ava", family_name="Marsh", council_id="NB0000299")
        first = chronology_record(
            person=newcomer,
            occurred_on=conference.held_on,
            kind="fgc_conference",
            summary="Family group conference held",
            source=conference,
        )
        again = chronology_record(
            person=newcomer,
            occurred_on=conference.held_on,
            kind="meeting_held",
            summary="Family group conference held",
            source=conference.meeting,
        )
        assert again == first
        assert ChronologyEntry.objects.filter(person=newcomer).count() == 1


def test_someone_holding_an_action_cannot_be_kept_away_until_it_is_given_to_another(family):
    conference = held(family)
    grandmother = conference.referral.network.get(person=family.grandmother)
    services.plan_item_add(
        actor=family.coordinator, conference=conference, what="School runs", member=grandmother, ongoing=True
    )
    with pytest.raises(ApplicationError) as e:
        services.network_member_update(
            actor=family.coordinator,
            member=grandmother,
            relationship="Maternal grandmother",
            lives_in_home=False,
            invitation=Invitation.NOT_INVITED,
            not_invited_reason="A new risk to the children",
        )
    assert e.value.field == "invitation" and "Give them to someone else first" in e.value.message
    grandmother.refresh_from_db()
    assert grandmother.invitation == Invitation.INVITED
