"""The screens, through the test client: the register, the child's record, the forms with
their error messages, and who may see what."""

import datetime as dt
import html

from jigsaw.access.choices import Role
from jigsaw.care import services
from jigsaw.care.models import CareEpisode, CareReview, PeriodOfCare
from jigsaw.people.tests.factories import PersonFactory

from .conftest import START, away, placement


def date_fields(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


PLACEMENT_POST = {
    "placement_type": "U6",
    "provider": "PR1",
    "provider_name": "Mr and Mrs Ashdown",
    "urn": "SC999001",
    "postcode": "NB1 2AB",
    "area": "inside",
}


def test_a_social_worker_records_a_child_coming_into_care(signed_in, cast):
    client = signed_in(Role.SOCIAL_WORKER)
    page = client.get(f"/children-in-care/people/{cast.child.pk}/")
    assert page.status_code == 200 and "Record the child coming into care" in page.text
    response = client.post(
        f"/children-in-care/people/{cast.child.pk}/start/",
        {**date_fields("started_on", START), "legal_status": "C1", "category_of_need": "N1", **PLACEMENT_POST},
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Looked after now" in page.text and "C1: interim care order" in page.text
    assert "Hold the first looked-after review" in page.text
    assert PeriodOfCare.objects.get(person=cast.child).started_on == START


def test_bad_input_is_shown_in_the_error_summary_and_nothing_is_saved(signed_in, cast):
    client = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        f"/children-in-care/people/{cast.child.pk}/start/",
        {
            **date_fields("started_on", START),
            "legal_status": "C1",
            "category_of_need": "N1",
            **PLACEMENT_POST,
            "area": "outside",
            "postcode": "NB1 2AB",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and "Enter the council the child is placed in" in response.text
    assert 'value="NB1 2AB"' in response.text  # what was typed is kept
    assert not PeriodOfCare.objects.exists()


def test_an_episode_ending_before_it_started_is_refused_on_screen(signed_in, cast, in_care):
    client = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        f"/children-in-care/periods/{in_care.pk}/end/",
        {**date_fields("ended_on", dt.date(2026, 12, 1)), "reason": "E4A"},
    )
    assert response.status_code == 200
    assert "cannot be before the current episode started, on 4 January 2027" in response.text
    in_care.refresh_from_db()
    assert in_care.is_open


def test_a_move_out_of_area_through_the_screen(signed_in, cast, in_care, smtp_sink, django_capture_on_commit_callbacks):
    client = signed_in(Role.SOCIAL_WORKER)
    CareEpisode.objects.filter(period=in_care).update(distance_miles="2.5")
    form = client.get(f"/children-in-care/periods/{in_care.pk}/change/")
    assert 'value="NB1 2AB"' in form.text  # the current placement, to change
    assert 'value="2.5"' not in form.text  # but not its distance, which belongs to the old address
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/children-in-care/periods/{in_care.pk}/change/",
            {
                "kind": "placement_new_carer",
                **date_fields("changed_on", dt.date(2027, 3, 1)),
                "legal_status": "V2",
                "reason_place_change": "CARPL",
                "placement_type": "K2",
                "provider": "PR4",
                "urn": "SC123456",
                "postcode": "ZZ9 4QT",
                "area": "outside",
                "host_council": "Eastmoor Council",
                "host_contact_name": "Dana Field",
                "host_contact_email": "placements@eastmoor.example",
                "version": in_care.version,
            },
        )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Outside the area, in Eastmoor Council" in page.text
    assert "Host councils told" in page.text
    assert CareEpisode.objects.get(period=in_care, ended_on__isnull=True).distance_miles is None
    assert smtp_sink.to("placements@eastmoor.example")
    index = client.get("/children-in-care/?view=out_of_area")
    assert "Our children placed in other areas (1)" in index.text and cast.child.display_name in html.unescape(
        index.text
    )


def test_a_review_is_convened_and_recorded_by_the_iro(client, signed_in, cast, in_care):
    services.iro_allocate(actor=cast.manager, period=in_care, iro=cast.iro, allocated_on=dt.date(2027, 1, 6))
    worker = signed_in(Role.SOCIAL_WORKER)
    response = worker.post(
        f"/children-in-care/periods/{in_care.pk}/reviews/add/",
        {**date_fields("starts_on", dt.date(2027, 1, 28)), "start_time": "10:30"},
    )
    assert response.status_code == 302
    review = CareReview.objects.get()
    worker.logout()
    iro = signed_in(Role.CP_CHAIR_IRO)
    services.iro_allocate(actor=cast.manager, period=in_care, iro=iro.user, allocated_on=dt.date(2027, 1, 7))
    page = iro.get(f"/children-in-care/people/{cast.child.pk}/")
    assert "Record the review" in page.text
    response = iro.post(
        f"/children-in-care/reviews/{review.pk}/record/",
        {**date_fields("held_on", dt.date(2027, 1, 28)), "participation": "PN1"},
    )
    assert response.status_code == 302
    assert "PN1: attends and speaks for themself" in iro.get(response.url).text
    index = iro.get("/children-in-care/")
    assert "Children you review" in index.text and cast.child.display_name in html.unescape(index.text)


def test_other_councils_children_are_recorded_from_the_notification(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    response = client.post(
        "/children-in-care/placed-here/add/",
        {
            "given_names": "Kai",
            "family_name": "Marsh",
            **date_fields("date_of_birth", dt.date(2012, 3, 3)),
            "placing_council": "Westvale Council",
            "contact_name": "Lee Brook",
            "contact_phone": "01632 960 001",
            **date_fields("received_on", dt.date(2027, 2, 3)),
            **date_fields("placed_on", dt.date(2027, 2, 1)),
        },
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Placed here by another council" in page.text and "Westvale Council" in page.text
    index = client.get("/children-in-care/?view=hosted")
    assert (
        "Other councils&#39; children placed here (1)" in index.text
        or "Other councils' children placed here (1)" in index.text
    )


def test_the_index_shows_the_three_views_and_finds_a_child(signed_in, cast, in_care):
    client = signed_in(Role.TEAM_MANAGER)
    page = client.get("/children-in-care/")
    assert "Our children placed in our area (1)" in page.text and cast.child.display_name in html.unescape(page.text)
    found = client.get("/children-in-care/", {"q": cast.child.council_id})
    assert "Children found" in found.text and f"/children-in-care/people/{cast.child.pk}/" in found.text


def test_who_may_see_and_do_what(signed_in, cast, in_care, make_user):
    partner = signed_in(Role.PARTNER_PRACTITIONER)
    assert partner.get("/children-in-care/").status_code == 403
    partner.logout()
    support = signed_in(Role.BUSINESS_SUPPORT)
    assert support.get(f"/children-in-care/people/{cast.child.pk}/").status_code == 200
    assert support.get(f"/children-in-care/periods/{in_care.pk}/end/").status_code == 403
    assert support.get("/children-in-care/people/999999/").status_code == 404


def test_a_child_the_user_may_not_see_is_not_found(signed_in, cast, make_user):
    hidden = PersonFactory(restricted_area="lado")
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get(f"/children-in-care/people/{hidden.pk}/").status_code == 404
    assert client.get(f"/children-in-care/people/{hidden.pk}/start/").status_code == 404


def test_every_form_page_renders(signed_in, cast, in_care):
    services.period_end(actor=cast.worker, period=in_care, ended_on=dt.date(2027, 2, 1), reason="E4A")
    again = services.period_start(
        actor=cast.worker,
        person=cast.child,
        started_on=dt.date(2027, 3, 1),
        legal_status="C2",
        category_of_need="N1",
        placement=away(),
    )
    concern = services.concern_raise(actor=cast.iro, period=again, raised_on=dt.date(2027, 3, 2), summary="Drift")
    for role, paths in {
        Role.SOCIAL_WORKER: [
            f"/children-in-care/periods/{again.pk}/change/",
            f"/children-in-care/periods/{again.pk}/end/",
            f"/children-in-care/periods/{again.pk}/reviews/add/",
            f"/children-in-care/periods/{again.pk}/health/add/",
            f"/children-in-care/periods/{again.pk}/education/add/",
            f"/children-in-care/periods/{again.pk}/visits/add/",
            f"/children-in-care/people/{cast.child.pk}/care-leaver/",
            "/children-in-care/placed-here/add/",
        ],
        Role.CP_CHAIR_IRO: [
            f"/children-in-care/periods/{again.pk}/iro/",
            f"/children-in-care/periods/{again.pk}/notes/add/",
            f"/children-in-care/periods/{again.pk}/concerns/add/",
            f"/children-in-care/concerns/{concern.pk}/escalate/",
            f"/children-in-care/concerns/{concern.pk}/resolve/",
            f"/children-in-care/people/{cast.child.pk}/",
        ],
    }.items():
        client = signed_in(role)
        for path in paths:
            assert client.get(path).status_code == 200, path
        client.logout()
    assert CareEpisode.objects.filter(person=cast.child).count() == 2


def test_my_work_lists_the_child_for_the_worker(signed_in, cast):
    client = signed_in(Role.SOCIAL_WORKER)
    services.period_start(
        actor=client.user,
        person=cast.child,
        started_on=START,
        legal_status="C2",
        category_of_need="N1",
        placement=placement(),
    )
    page = client.get("/")
    assert cast.child.display_name in html.unescape(page.text)


def test_a_child_placed_here_who_is_already_known_is_not_added_twice(signed_in):
    from jigsaw.care.models import HostedChild
    from jigsaw.people.matching import index_persons
    from jigsaw.people.models import Person

    known = PersonFactory(given_names="Kai", family_name="Marsh", date_of_birth=dt.date(2012, 3, 3))
    index_persons([known.pk])
    client = signed_in(Role.BUSINESS_SUPPORT)
    post = {
        "given_names": "Kai",
        "family_name": "Marsh",
        **date_fields("date_of_birth", dt.date(2012, 3, 3)),
        "placing_council": "Westvale Council",
        "contact_name": "Lee Brook",
        "contact_email": "lac@westvale.example",
        **date_fields("received_on", dt.date(2027, 2, 3)),
        **date_fields("placed_on", dt.date(2027, 2, 1)),
    }
    response = client.post("/children-in-care/placed-here/add/", post)
    assert response.status_code == 200
    assert f"This child may already be known: Kai Marsh ({known.council_id})" in response.text
    assert not HostedChild.objects.exists()
    response = client.post("/children-in-care/placed-here/add/", {**post, "council_id": known.council_id})
    assert response.status_code == 302
    assert HostedChild.objects.get().person == known
    assert Person.objects.filter(family_name="Marsh").count() == 1


def test_an_escalated_concern_is_confirmed_and_is_on_the_managers_my_work(client, cast, in_care):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jigsaw.access.tests.factories import TeamFactory

    def sign_in(user):
        client.logout()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    team = TeamFactory(name="Children in care team")
    for user in (cast.worker, cast.manager):
        user.team = team
        user.save()
    concern = services.concern_raise(
        actor=cast.iro, period=in_care, raised_on=dt.date(2027, 5, 3), summary="No life story work."
    )
    sign_in(cast.iro)
    form = client.get(f"/children-in-care/concerns/{concern.pk}/escalate/")
    assert f'<option value="{cast.manager.pk}" selected>' in form.text  # the worker's team manager, pre-filled
    response = client.post(
        f"/children-in-care/concerns/{concern.pk}/escalate/",
        {
            "stage": "team_manager",
            "escalated_to": str(cast.manager.pk),
            **date_fields("escalated_on", START.replace(month=6, day=1)),
        },
        follow=True,
    )
    assert "Concern escalated: Team manager. Ruth Adeyemi has been told and has it on their My work." in response.text
    assert "Team manager, to Ruth Adeyemi" in response.text

    sign_in(cast.manager)
    assert "Respond to the IRO&#39;s escalated concern" in client.get("/").text
    told = client.get("/notifications/").text
    assert "escalated a concern about Amelia Rowntree" in told
