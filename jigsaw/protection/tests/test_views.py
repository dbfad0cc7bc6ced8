"""The screens: the child protection record and each form, with data and with an error (which
keeps what was typed), and who may open them."""

import datetime as dt
import html

import pytest
import time_machine

from jigsaw.protection.models import (
    Assessment,
    Conference,
    CoreGroupMeeting,
    ProtectionPlan,
    Section47,
    StrategyDiscussion,
    Visit,
)
from jigsaw.protection.tests.conftest import LONDON

LATER = dt.datetime(2027, 12, 1, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


def date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def on_plan(journey):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    return journey


def test_the_child_protection_record_shows_every_stage_and_the_deadlines(on_plan, people, login):
    page = text(login(people.worker).get(f"/protection/children/{people.child.pk}/"))
    for expected in (
        "Child protection: Amelia Rowntree",
        "Where things stand",
        "Strategy discussion",
        "Section 47 enquiry",
        "Initial child protection conference",
        "Held 7 January 2027: child protection plan",
        "Core group",
        "Review conference",
        "Bruise to the cheek",
        "Section 47 enquiries: yes",
        "Initial child protection conference",
        "Neglect",
        "Tom Okafor",
        "Agencies told",
        "Ferry Road Surgery",
        "Dr Anil Mehta (anil.mehta@gp.example)",
        "Hold the first core group meeting",
        f"/timescales/people/{people.child.pk}/",
    ):
        assert expected in page, expected
    # The task list leads on to the next thing to do.
    assert f"/protection/plans/{on_plan.plan.pk}/core-group/convene/" in page


def test_the_child_protection_record_is_404_for_a_child_the_user_cannot_see(people, login, make_user):
    from jigsaw.access.choices import Role

    stranger = make_user(Role.PARTNER_PRACTITIONER)
    assert login(stranger).get(f"/protection/children/{people.child.pk}/").status_code == 404


def test_signed_out_users_are_sent_to_sign_in(client, people):
    response = client.get(f"/protection/children/{people.child.pk}/")
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_a_partner_may_read_the_record_but_not_use_the_forms(on_plan, people, login):
    client = login(people.police)
    assert client.get(f"/protection/children/{people.child.pk}/").status_code == 200
    assert client.get(f"/protection/children/{people.child.pk}/strategy/convene/").status_code == 403
    assert client.get(f"/protection/plans/{on_plan.plan.pk}/end/").status_code == 403


def test_the_index_lists_the_work(on_plan, people, login):
    page = text(login(people.chair).get("/protection/"))
    assert "Children on a plan" in page and "Amelia Rowntree" in page
    assert "Review child protection conference" in page  # the first review is due


def test_convene_a_strategy_discussion_keeps_what_was_typed_on_error(people, login):
    client = login(people.worker)
    url = f"/protection/children/{people.child.pk}/strategy/convene/"
    assert client.get(url).status_code == 200
    data = {"concerns": "Bruise on her cheek, scared to go home", **date("starts_at", dt.date(2026, 12, 14))}
    data["professionals"] = [str(people.police.pk), str(people.health_visitor.pk)]
    data["start_time"] = "25:99"
    page = text(client.post(url, data))
    assert "There is problem" not in page and "There is a problem" in page
    assert "Start time must be a real time" in page
    assert "Bruise on her cheek, scared to go home" in page
    assert not StrategyDiscussion.objects.exists()

    data["start_time"] = "9:30"
    response = client.post(url, data)
    assert response.status_code == 302
    strategy = StrategyDiscussion.objects.get()
    assert response["Location"] == f"/protection/strategy/{strategy.pk}/"


def test_record_a_strategy_discussion_with_an_error_then_without(people, login):
    client = login(people.worker)
    data = {"concerns": "Bruising", "start_time": "9:30", **date("starts_at", dt.date(2026, 12, 14))}
    data["professionals"] = [str(people.police.pk), str(people.health_visitor.pk)]
    client.post(f"/protection/children/{people.child.pk}/strategy/convene/", data)
    strategy = StrategyDiscussion.objects.get()
    row = strategy.children.get()
    url = f"/protection/strategy/{strategy.pk}/record/"
    assert client.get(url).status_code == 200
    form = {
        **date("held_on", dt.date(2026, 12, 14)),
        f"child_{row.pk}_information": "Police: two call-outs",
        f"child_{row.pk}_section_47": "yes",
        f"child_{row.pk}_reason": "Reasonable cause to suspect significant harm",
    }
    for invitation in strategy.meeting.invitations.all():
        form[f"attendance_{invitation.pk}"] = "apologies" if invitation.user_id == people.police.pk else "attended"
    page = text(client.post(url, form))
    assert "The strategy discussion is not quorate: police did not take part" in page
    assert "Police: two call-outs" in page

    form.update({f"attendance_{i.pk}": "attended" for i in strategy.meeting.invitations.all()})
    assert client.post(url, form).status_code == 302
    assert Section47.objects.get().started_on == dt.date(2026, 12, 14)


def test_complete_the_section_47(journey, people, login):
    journey.strategy(dt.date(2026, 12, 14))
    client = login(people.worker)
    url = f"/protection/section-47/{journey.section_47.pk}/complete/"
    page = text(client.post(url, {**date("completed_on", dt.date(2026, 12, 11)), "outcome": "icpc", "summary": "Seen"}))
    assert "The enquiry cannot be completed before it started on 14 December 2026" in page
    assert client.post(url, {**date("completed_on", dt.date(2026, 12, 18)), "outcome": "icpc"}).status_code == 302
    assert Section47.objects.get().outcome == "icpc"


def test_start_and_authorise_an_assessment(people, login):
    client = login(people.worker)
    url = f"/protection/children/{people.child.pk}/assessment/start/"
    page = text(client.post(url, date("started_on", dt.date(2026, 12, 1))))
    assert "The assessment cannot start before the referral on 10 December 2026" in page
    assert client.post(url, date("started_on", dt.date(2026, 12, 11))).status_code == 302
    assessment = Assessment.objects.get()

    manager = login(people.manager)
    url = f"/protection/assessments/{assessment.pk}/authorise/"
    page = text(
        manager.post(url, {**date("authorised_on", dt.date(2027, 1, 20)), "factors": ["21", "3B"], "child_seen": "yes"})
    )
    assert '"No factors identified" cannot be chosen with other factors' in page
    assert 'value="3B" checked' in page
    data = {**date("authorised_on", dt.date(2027, 1, 20)), "factors": ["3B", "16A"], "child_seen": "yes"}
    assert manager.post(url, data).status_code == 302
    assert Assessment.objects.get().authorised_on == dt.date(2027, 1, 20)


def test_convene_and_record_a_conference(journey, people, login):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    client = login(people.chair)
    url = f"/protection/children/{people.child.pk}/conferences/convene/"
    assert client.get(url).status_code == 200
    data = {
        "kind": "initial",
        **date("starts_at", dt.date(2026, 12, 11)),
        "start_time": "10:00",
        "location": "Civic Centre, Room 2",
        "chair": str(people.chair.pk),
        "invitees": "Sam Patel, Northbridge Police, sam.patel@police.example",
    }
    page = text(client.post(url, data))
    assert (
        "The conference cannot be before the strategy discussion that started the enquiry, on 14 December 2026" in page
    )
    assert "Sam Patel, Northbridge Police, sam.patel@police.example" in page
    data["invitees"] = "Sam Patel, Northbrige Polise, sam.patel@police.example"
    assert "Line 1: Northbrige Polise is not an agency Jigsaw knows" in text(client.post(url, data))
    data.update(
        date("starts_at", dt.date(2027, 1, 7)), invitees="Sam Patel, Northbridge Police, sam.patel@police.example"
    )
    assert client.post(url, data).status_code == 302
    conference = Conference.objects.get()
    assert conference.meeting.invitations.filter(email="sam.patel@police.example").exists()

    url = f"/protection/conferences/{conference.pk}/record/"
    assert client.get(url).status_code == 200
    form = {
        **date("held_on", dt.date(2027, 1, 7)),
        "decision": "plan",
        "category": "NEG",
        "lead_practitioner": str(people.health_visitor.pk),
        "dissent": "Mother disagreed with the category",
    }
    form.update({f"attendance_{i.pk}": "attended" for i in conference.meeting.invitations.all()})
    page = text(client.post(url, form))
    assert "The lead practitioner for a child on a plan must be a social worker: choose one from the list" in page
    assert "Mother disagreed with the category" in page
    form["category"] = "BRUISE"
    assert "Choose a category of abuse" in text(client.post(url, form))
    form.update(category="NEG", lead_practitioner=str(people.worker.pk))
    form["core_group"] = [str(i.pk) for i in conference.meeting.invitations.filter(person__isnull=True)]
    assert client.post(url, form).status_code == 302
    plan = ProtectionPlan.objects.get()
    assert (plan.started_on, plan.category, plan.lead_practitioner) == (dt.date(2027, 1, 7), "NEG", people.worker)
    assert plan.core_group.filter(email="sam.patel@police.example").exists()


def test_end_the_plan(on_plan, people, login):
    client = login(people.manager)
    url = f"/protection/plans/{on_plan.plan.pk}/end/"
    page = text(client.post(url, {**date("ended_on", dt.date(2027, 1, 6)), "reason": "died"}))
    assert "The plan cannot end before it started on 7 January 2027" in page
    assert client.post(url, {**date("ended_on", dt.date(2027, 2, 1)), "reason": "left_uk"}).status_code == 302
    assert ProtectionPlan.objects.get().end_reason == "left_uk"


def test_change_the_category(on_plan, people, login):
    client = login(people.chair)
    url = f"/protection/plans/{on_plan.plan.pk}/category/"
    page = text(
        client.post(url, {"category": "XXX", **date("changed_on", dt.date(2027, 2, 1)), "reason": "New injury"})
    )
    assert "Choose a category of abuse: neglect, physical abuse, emotional abuse, sexual abuse or multiple" in page
    assert "New injury" in page
    data = {"category": "PHY", **date("changed_on", dt.date(2027, 2, 1)), "reason": "New injury", "version": 1}
    assert client.post(url, data).status_code == 302
    assert ProtectionPlan.objects.get().category == "PHY"


def test_record_a_visit(on_plan, people, login):
    client = login(people.worker)
    url = f"/protection/plans/{on_plan.plan.pk}/visits/add/"
    page = text(client.post(url, {**date("visited_on", dt.date(2027, 1, 12)), "notes": "Seen in her room"}))
    assert "Choose whether the child was seen alone" in page and "Seen in her room" in page
    data = {**date("visited_on", dt.date(2027, 1, 12)), "seen_alone": "yes", "notes": "Seen in her room"}
    assert client.post(url, data).status_code == 302
    assert Visit.objects.get().seen_alone is True


def test_convene_and_record_a_core_group(on_plan, people, login):
    client = login(people.worker)
    url = f"/protection/plans/{on_plan.plan.pk}/core-group/convene/"
    page = text(
        client.post(url, {**date("starts_at", dt.date(2027, 1, 6)), "start_time": "14:00", "location": "School"})
    )
    assert "The core group cannot meet before the plan started on 7 January 2027" in page
    data = {**date("starts_at", dt.date(2027, 1, 20)), "start_time": "14:00", "location": "School"}
    assert client.post(url, data).status_code == 302
    core = CoreGroupMeeting.objects.get()
    url = f"/protection/core-group/{core.pk}/record/"
    form = {**date("held_on", dt.date(2027, 1, 19)), "notes": "Plan reviewed"}
    form.update({f"attendance_{i.pk}": "attended" for i in core.meeting.invitations.all()})
    page = text(client.post(url, form))
    assert "The core group meeting was set for 20 January 2027" in page and "Plan reviewed" in page
    form.update(date("held_on", dt.date(2027, 1, 20)))
    assert client.post(url, form).status_code == 302
    assert CoreGroupMeeting.objects.get().held_on == dt.date(2027, 1, 20)


def test_the_assessments_internal_review_date_is_recorded_with_its_authorisation(people, login):
    client = login(people.worker)
    client.post(f"/protection/children/{people.child.pk}/assessment/start/", date("started_on", dt.date(2026, 12, 11)))
    assessment = Assessment.objects.get()
    manager = login(people.manager)
    url = f"/protection/assessments/{assessment.pk}/authorise/"
    data = {**date("authorised_on", dt.date(2027, 1, 20)), "factors": ["3B"], "child_seen": "yes"}
    page = text(manager.post(url, {**data, **date("internal_review_on", dt.date(2027, 1, 22))}))
    assert "on or before the date the assessment was authorised" in page
    assert Assessment.objects.get().authorised_on is None  # nothing half saved
    assert manager.post(url, {**data, **date("internal_review_on", dt.date(2027, 1, 15))}).status_code == 302
    saved = Assessment.objects.get()
    assert (saved.internal_review_on, saved.authorised_on) == (dt.date(2027, 1, 15), dt.date(2027, 1, 20))
