"""When a plan starts or ends, the agencies around the child are found from the record (the
professionals involved, the core group, the school and the registered GP, the police and health),
the chair confirms the list on a check-your-answers screen, and each email's fate is on the plan."""

import datetime as dt
import html

import pytest
import time_machine

from jigsaw.access.models import Involvement
from jigsaw.notifications.models import Notification
from jigsaw.protection import services
from jigsaw.protection.models import PlanNotification
from jigsaw.protection.tasks import retry_plan_notifications
from jigsaw.protection.tests.conftest import LONDON

LATER = dt.datetime(2027, 1, 8, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _the_day_after():
    with time_machine.travel(LATER, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def the_record(people, agencies):
    """Amelia's school and GP practice are on her record; both have a safeguarding address. The
    police officer is no longer involved; the force's safeguarding hub has an address."""
    people.child.school = "Ferry Road Primary School"
    people.child.registered_gp = "ferry road surgery"
    people.child.save()
    agencies["school"].email = "safeguarding@ferryroad-school.example"
    agencies["school"].save()
    agencies["gp"].email = "practice@ferryroad-surgery.example"
    agencies["gp"].save()
    agencies["police"].email = "mash@police.example"
    agencies["police"].save()
    return people


@pytest.fixture
def on_plan(journey, the_record):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    # The officer's part ended with the enquiry: no one from the police is involved at the conference.
    Involvement.objects.filter(person=the_record.child, user=the_record.police).update(ended_on=dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7), core_group_invitations=[])
    return journey


def listed(plan, event="started") -> dict[str, PlanNotification]:
    return {n.email: n for n in PlanNotification.objects.filter(plan=plan, event=event)}


def test_the_agencies_are_found_from_the_childs_record(on_plan):
    rows = listed(on_plan.plan)
    assert rows["safeguarding@ferryroad-school.example"].reason == "The child's school"
    assert rows["practice@ferryroad-surgery.example"].reason == "The child's registered GP practice"
    assert rows["jo.whitaker@health.example"].reason == "Involved with the child: Health visiting"
    assert rows["anil.mehta@gp.example"].agency_name == "Ferry Road Surgery"
    # No officer is involved now: the force's safeguarding hub is told.
    assert rows["mash@police.example"].reason == "No one from the police is involved"
    assert "sam.hollis@police.example" not in rows
    assert "gemma.rowntree@home.example" not in rows  # the family hears from the social worker


def test_nothing_is_sent_until_the_chair_confirms_and_the_chair_is_asked(on_plan, smtp_sink):
    assert all(n.confirmed_at is None and n.sent_at is None for n in listed(on_plan.plan).values())
    assert not any(m["Subject"].startswith("Child protection plan") for m in smtp_sink.messages)
    (ask,) = Notification.objects.filter(recipient=on_plan.people.chair, kind="plan_agencies")
    assert ask.url == f"/protection/plans/{on_plan.plan.pk}/agencies/started/"


def test_the_chair_confirms_on_a_check_your_answers_screen(
    on_plan, login, smtp_sink, django_capture_on_commit_callbacks
):
    plan = on_plan.plan
    client = login(on_plan.people.chair)
    url = f"/protection/plans/{plan.pk}/agencies/started/"
    page = text(client.get(url))
    rows = listed(plan)
    for row in rows.values():
        assert f'value="{row.pk}" checked' in page
    assert "Safeguarding lead, Ferry Road Primary School" in page

    # Untick the GP practice's inbox (the GP is told in person); add the nursery the record missed.
    chosen = [str(r.pk) for email, r in rows.items() if email != "practice@ferryroad-surgery.example"]
    bad = text(client.post(url, {"chosen": chosen, "other_name": "Little Acorns Nursery"}))
    assert "Enter their email address" in bad and "Little Acorns Nursery" in bad
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "chosen": chosen,
                "other_name": "Little Acorns Nursery",
                "other_agency": "Little Acorns",
                "other_email": "dsl@littleacorns.example",
            },
        )
    assert response.status_code == 302 and response["Location"] == f"/protection/plans/{plan.pk}/"
    rows = listed(plan)
    assert rows["practice@ferryroad-surgery.example"].withheld
    assert rows["practice@ferryroad-surgery.example"].sent_at is None
    assert rows["dsl@littleacorns.example"].sent_at is not None
    assert [m["Subject"] for m in smtp_sink.to("safeguarding@ferryroad-school.example")] == [
        "Child protection plan started: Amelia Rowntree"
    ]
    assert smtp_sink.to("practice@ferryroad-surgery.example") == []

    page = text(client.get(f"/protection/plans/{plan.pk}/"))
    assert "Not told" in page and "The chair chose not to tell them" in page
    assert "Little Acorns Nursery" in page and "Added by the chair" in page
    assert "Confirm which agencies are told" not in page


def test_a_failed_email_is_shown_on_the_plan_and_tried_again(on_plan, login, smtp_sink, settings):
    plan = on_plan.plan
    rows = listed(plan)
    services.plan_notifications_confirm(
        actor=on_plan.people.chair, plan=plan, event="started", chosen=[r.pk for r in rows.values()]
    )
    failed = rows["safeguarding@ferryroad-school.example"]
    PlanNotification.objects.filter(pk=failed.pk).update(attempts=2, last_error="Connection refused")
    PlanNotification.objects.exclude(pk=failed.pk).update(sent_at=LATER)
    page = text(login(on_plan.people.worker).get(f"/protection/plans/{plan.pk}/"))
    assert "Not sent" in page
    assert "Tried 2 times: Connection refused. It is tried again every 10 minutes" in page

    retry_plan_notifications.enqueue()
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.last_error == "" and failed.attempts == 3
    assert len(smtp_sink.to("safeguarding@ferryroad-school.example")) == 1


def test_what_is_missing_from_the_record_is_said(journey, people, login):
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7))
    page = text(login(people.chair).get(f"/protection/plans/{journey.plan.pk}/agencies/started/"))
    assert "No school is recorded for Amelia Rowntree" in page
    assert "No registered GP practice is recorded for Amelia Rowntree" in page


def test_only_the_chair_or_a_manager_confirms(on_plan, login):
    url = f"/protection/plans/{on_plan.plan.pk}/agencies/started/"
    assert login(on_plan.people.health_visitor).get(url).status_code == 403
    assert login(on_plan.people.worker).get(url).status_code == 403
    assert login(on_plan.people.manager).get(url).status_code == 200
    # The plan has not ended: there is nothing to confirm about an end.
    assert login(on_plan.people.chair).get(f"/protection/plans/{on_plan.plan.pk}/agencies/ended/").status_code == 404


def test_ending_the_plan_leads_to_telling_the_agencies_it_ended(on_plan, login):
    plan = on_plan.plan
    client = login(on_plan.people.manager)
    response = client.post(
        f"/protection/plans/{plan.pk}/end/",
        {"ended_on-day": "8", "ended_on-month": "1", "ended_on-year": "2027", "reason": "left_uk"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/protection/plans/{plan.pk}/agencies/ended/"
    page = text(client.get(response["Location"]))
    assert "Tell the agencies the plan ended" in page
    ended = listed(plan, "ended")
    assert "safeguarding@ferryroad-school.example" in ended
    assert all(f'value="{n.pk}" checked' in page for n in ended.values())


def test_health_is_never_guessed_the_chair_is_shown_none_was_found(journey, the_record, agencies, login):
    """The community health trust has a safeguarding address, but no health visitor or school
    nurse is linked to Amelia's record: the trust is not listed as if it were hers."""
    agencies["health"].email = "safeguarding@community-health.example"
    agencies["health"].save()
    Involvement.objects.filter(person=the_record.child, user=the_record.health_visitor).delete()
    journey.strategy(dt.date(2026, 12, 14))
    journey.section47(dt.date(2027, 1, 5))
    journey.icpc(dt.date(2027, 1, 7), core_group_invitations=[])
    listing = services.plan_agency_list(plan=journey.plan, event="started")
    assert "safeguarding@community-health.example" not in {r.email for r in listing.recipients}
    assert "No health visitor or school nurse was found on Amelia Rowntree's record" in listing.gaps
    page = text(login(the_record.chair).get(f"/protection/plans/{journey.plan.pk}/agencies/started/"))
    assert "No health visitor or school nurse was found on Amelia Rowntree's record" in page
    # The registered GP practice is still told: it is on the record.
    assert "practice@ferryroad-surgery.example" in {r.email for r in listing.recipients}
