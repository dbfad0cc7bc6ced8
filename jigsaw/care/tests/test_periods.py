"""Periods of care and their SSDA903 episodes: contiguous, never overlapping, every item the
return needs; chronology and clocks follow."""

import datetime as dt

import pytest

from jigsaw.care import services
from jigsaw.care.models import CareEpisode, PeriodOfCare
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.timescales.calendar import add_working_days
from jigsaw.timescales.models import Clock

from .conftest import START, away, placement


def clocks(person, **kw):
    return {c.rule_key: c for c in Clock.objects.filter(person=person, **kw)}


def test_coming_into_care_starts_the_period_the_first_episode_and_the_clocks(cast, in_care):
    (episode,) = in_care.episodes.all()
    assert (episode.reason_new, episode.legal_status, episode.placement_type, episode.provider) == (
        "S",
        "V2",
        "U6",
        "PR1",
    )
    assert episode.placement_postcode == "NB1 2AB" and episode.home_postcode == "NB3 1XY"
    assert not episode.out_of_area and episode.ended_on is None
    running = clocks(cast.child, met_on__isnull=True, stopped_on__isnull=True)
    assert running["lac_first_review"].due_on == add_working_days(START, 20)
    assert running["lac_initial_health"].due_on == add_working_days(START, 20)
    assert running["pep_initial"].due_on == add_working_days(START, 10)
    assert running["lac_first_visit"].due_on == START + dt.timedelta(weeks=1)
    assert "iro_allocation" in running
    entry = ChronologyEntry.objects.get(person=cast.child, kind="care_started")
    assert entry.occurred_on == START and "Became looked after" in entry.summary
    assert cast.child.involvements.filter(user=cast.worker, service="Children in care").exists()


def test_a_move_out_of_area_closes_the_episode_with_x1_and_opens_the_next(
    cast, in_care, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        episode = services.episode_change(
            actor=cast.worker,
            period=in_care,
            changed_on=dt.date(2027, 3, 1),
            kind="placement_new_carer",
            legal_status="V2",
            placement=away(),
            reason_place_change="CREQB",
        )
    first = CareEpisode.objects.get(period=in_care, started_on=START)
    assert (first.ended_on, first.reason_ended) == (dt.date(2027, 3, 1), "X1")
    assert (episode.reason_new, episode.out_of_area, episode.host_council) == ("P", True, "Eastmoor Council")
    assert episode.distance_miles == pytest.approx(42.5) and episode.urn == "SC123456"
    # The reason is on the episode the move ended (SSDA903 rule 1009), not on the new one.
    assert (first.reason_place_change, episode.reason_place_change) == ("CREQB", "")
    (message,) = smtp_sink.to("placements@eastmoor.example")
    assert "regulation 13(4)" in message.get_content()
    assert "Amelia Rowntree" in message.get_content()
    notice = episode.host_notifications.get()
    assert notice.sent_at is not None
    (clock,) = Clock.objects.filter(rule_key="host_council_notice", person=cast.child)
    assert clock.met_on is not None
    assert ChronologyEntry.objects.filter(person=cast.child, kind="care_placement_changed").exists()
    # The first placement's first-visit clock no longer runs; the new one's does.
    visit_clocks = Clock.objects.filter(rule_key="lac_first_visit", person=cast.child)
    assert [c.is_open for c in visit_clocks.order_by("started_on")] == [False, True]


def test_a_change_of_legal_status_only_keeps_the_placement(cast, in_care):
    episode = services.episode_change(
        actor=cast.worker, period=in_care, changed_on=dt.date(2027, 2, 1), kind="legal_status", legal_status="C1"
    )
    assert (episode.reason_new, episode.legal_status, episode.placement_type) == ("L", "C1", "U6")
    assert episode.placement_postcode == "NB1 2AB"


def test_a_move_and_a_new_legal_status_on_one_day_is_b(cast, in_care):
    episode = services.episode_change(
        actor=cast.worker,
        period=in_care,
        changed_on=dt.date(2027, 2, 1),
        kind="placement_new_carer",
        legal_status="C2",
        placement=placement(placement_type="U4", postcode="NB2 3CD"),
        reason_place_change="CARPL",
    )
    assert episode.reason_new == "B"


@pytest.mark.parametrize(
    "changed_on,kind,legal_status,message",
    [
        (START, "placement_new_carer", "V2", "must be after the current episode started"),
        (dt.date(2026, 12, 1), "placement_new_carer", "V2", "must be after the current episode started"),
        (dt.date(2027, 2, 1), "legal_status", "V2", "already"),
        (dt.date(2027, 12, 1), "placement_new_carer", "V2", "must be today or in the past"),
        (dt.date(2027, 2, 1), "placement_same_carer", "V2", "same as now"),
    ],
)
def test_a_change_that_would_overlap_or_change_nothing_is_refused(
    cast, in_care, changed_on, kind, legal_status, message
):
    with pytest.raises(ApplicationError, match=message):
        services.episode_change(
            actor=cast.worker,
            period=in_care,
            changed_on=changed_on,
            kind=kind,
            legal_status=legal_status,
            placement=placement(postcode="NB2 3CD") if message != "same as now" else placement(),
            reason_place_change="CARPL",
        )
    assert in_care.episodes.count() == 1


def test_a_second_period_cannot_start_while_one_is_open_nor_overlap_a_closed_one(cast, in_care):
    with pytest.raises(ApplicationError, match="looked after since 4 January 2027"):
        services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=dt.date(2027, 2, 1),
            legal_status="V2",
            category_of_need="N1",
            placement=placement(),
        )
    services.period_end(actor=cast.worker, period=in_care, ended_on=dt.date(2027, 4, 1), reason="E4A")
    with pytest.raises(ApplicationError, match="overlap the period of care"):
        services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=dt.date(2027, 3, 1),
            legal_status="V2",
            category_of_need="N1",
            placement=placement(),
        )
    again = services.period_start(
        actor=cast.worker,
        person=cast.child,
        started_on=dt.date(2027, 5, 3),
        legal_status="C1",
        category_of_need="N1",
        placement=placement(),
    )
    assert PeriodOfCare.objects.filter(person=cast.child).count() == 2 and again.is_open


def test_ending_care_before_it_started_is_refused_and_x1_is_not_a_reason(cast, in_care):
    with pytest.raises(ApplicationError, match="cannot be before the current episode started"):
        services.period_end(actor=cast.worker, period=in_care, ended_on=dt.date(2026, 12, 31), reason="E4A")
    with pytest.raises(ApplicationError, match="Choose why"):
        services.period_end(actor=cast.worker, period=in_care, ended_on=dt.date(2027, 2, 1), reason="X1")
    in_care.refresh_from_db()
    assert in_care.is_open


def test_ending_care_closes_the_episode_and_stops_every_clock(cast, in_care):
    services.period_end(actor=cast.worker, period=in_care, ended_on=dt.date(2027, 2, 1), reason="E4A")
    (episode,) = in_care.episodes.all()
    assert (episode.ended_on, episode.reason_ended) == (dt.date(2027, 2, 1), "E4A")
    assert not Clock.objects.filter(person=cast.child).open().exists()
    assert ChronologyEntry.objects.filter(person=cast.child, kind="care_ended").exists()
    assert not cast.child.involvements.filter(service="Children in care", ended_on__isnull=True).exists()


@pytest.mark.parametrize(
    "fields,field,message",
    [
        ({"placement_type": "Q9"}, "placement_type", "Choose the placement type"),
        ({"postcode": "not a postcode"}, "postcode", "real placement postcode"),
        ({"provider": ""}, "provider", "who provides"),
        ({"placement_type": "T1", "provider": "PR1"}, "provider", "Leave the provider blank"),
        ({"out_of_area": True, "host_council": ""}, "host_council", "council the child is placed in"),
        (
            {
                "out_of_area": True,
                "host_council": "Eastmoor Council",
                "host_contact_name": "D",
                "host_contact_email": "nope",
            },
            "host_contact_email",
            "email",
        ),
        ({"distance_miles": "far"}, "distance_miles", "number of miles"),
        ({"urn": "12"}, "urn", "Ofsted URN"),
    ],
)
def test_bad_placement_details_are_named(cast, fields, field, message):
    with pytest.raises(ApplicationError, match=message) as info:
        services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=START,
            legal_status="V2",
            category_of_need="N1",
            placement=placement(**fields),
        )
    assert info.value.field == field
    assert not PeriodOfCare.objects.exists()


def test_codes_that_are_not_codes_are_refused(cast):
    with pytest.raises(ApplicationError, match="legal status") as info:
        services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=START,
            legal_status="ZZ",
            category_of_need="N1",
            placement=placement(),
        )
    assert info.value.field == "legal_status"
    with pytest.raises(ApplicationError, match="category of need"):
        services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=START,
            legal_status="C2",
            category_of_need="N9",
            placement=placement(),
        )


def test_distance_is_worked_out_from_postcode_districts_when_both_are_known(cast, settings):
    settings.JIGSAW_POSTCODE_DISTRICT_CENTROIDS = {"NB3": (53.0, -1.5), "ZZ9": (53.5, -1.5)}
    period = services.period_start(
        actor=cast.worker,
        person=cast.child,
        started_on=START,
        legal_status="C2",
        category_of_need="N1",
        placement=away(distance_miles="1"),
        home_postcode="nb31xy",
    )
    episode = period.episodes.get()
    assert float(episode.distance_miles) == pytest.approx(34.5, abs=0.2)
    assert period.home_postcode == "NB3 1XY"


def test_the_database_refuses_two_open_episodes_and_an_end_before_the_start(cast, in_care):
    from django.db import IntegrityError, transaction

    first = in_care.episodes.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CareEpisode.objects.create(
            period=in_care,
            person=cast.child,
            started_on=dt.date(2027, 2, 1),
            reason_new="P",
            legal_status="V2",
            category_of_need="N1",
            placement_type="U6",
            recorded_by=cast.worker,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CareEpisode.objects.filter(pk=first.pk).update(ended_on=dt.date(2026, 1, 1), reason_ended="E8")


def test_only_social_workers_and_managers_start_care(cast, make_user):
    from django.core.exceptions import PermissionDenied

    from jigsaw.access.choices import Role

    for role in (Role.BUSINESS_SUPPORT, Role.CP_CHAIR_IRO, Role.PARTNER_PRACTITIONER):
        with pytest.raises(PermissionDenied):
            services.period_start(
                actor=make_user(role),
                person=cast.child,
                started_on=START,
                legal_status="V2",
                category_of_need="N1",
                placement=placement(),
            )


def test_the_903_episodes_table_is_a_query(cast, in_care):
    from jigsaw.care import selectors

    services.episode_change(
        actor=cast.worker,
        period=in_care,
        changed_on=dt.date(2027, 3, 1),
        kind="placement_new_carer",
        legal_status="C1",
        placement=away(),
        reason_place_change="CARPL",
    )
    rows = selectors.ssda903_episodes(user=cast.worker, year_start=dt.date(2026, 4, 1), year_end=dt.date(2027, 3, 31))
    assert [(r["DECOM"], r["RNE"], r["LS"], r["PLACE"], r["DEC"], r["REC"]) for r in rows] == [
        ("04/01/2027", "S", "V2", "U6", "01/03/2027", "X1"),
        ("01/03/2027", "B", "C1", "K2", "", ""),
    ]
    # Whole postcodes (the validators look them up), and the reason on the episode the move ended.
    assert rows[1]["PL_POST"].startswith("ZZ9 ") and rows[1]["HOME_POST"] == "NB3 1XY" and rows[1]["URN"] == "SC123456"
    assert (rows[0]["REASON_PLACE_CHANGE"], rows[1]["REASON_PLACE_CHANGE"]) == ("CARPL", "")
    assert rows[1]["PLACE_PROVIDER"] == "PR4"


def _move(cast, period, **fields):
    return services.episode_change(
        actor=cast.worker,
        period=period,
        changed_on=dt.date(2027, 3, 1),
        kind="placement_new_carer",
        legal_status="V2",
        placement=away(**fields),
        reason_place_change="CREQB",
    )


def test_a_move_to_a_new_postcode_works_the_distance_out_again(cast, settings):
    settings.JIGSAW_POSTCODE_DISTRICT_CENTROIDS = {"NB3": (53.0, -1.5), "NB1": (53.05, -1.5), "ZZ9": (53.5, -1.5)}
    period = services.period_start(
        actor=cast.worker,
        person=cast.child,
        started_on=START,
        legal_status="V2",
        category_of_need="N1",
        placement=placement(),
        home_postcode="NB3 1XY",
    )
    assert float(period.episodes.get().distance_miles) == pytest.approx(3.5, abs=0.2)
    # The change form used to send the old figure back; the new address decides.
    episode = _move(cast, period, distance_miles="3.5")
    assert float(episode.distance_miles) == pytest.approx(34.5, abs=0.2)


def test_a_move_where_the_distance_cannot_be_worked_out_refuses_the_old_figure(cast, in_care):
    first = in_care.episodes.get()
    CareEpisode.objects.filter(pk=first.pk).update(distance_miles="2.5")
    with pytest.raises(ApplicationError) as refused:
        _move(cast, in_care, distance_miles="2.5")
    assert refused.value.field == "distance_miles" and "new placement" in str(refused.value)
    assert CareEpisode.objects.filter(period=in_care).count() == 1  # nothing saved
    episode = _move(cast, in_care, distance_miles=None)
    assert episode.distance_miles is None and episode.placement_postcode == "ZZ9 4QT"


def test_a_new_carer_at_the_same_address_keeps_the_distance(cast, in_care):
    CareEpisode.objects.filter(period=in_care).update(distance_miles="2.5")
    episode = services.episode_change(
        actor=cast.worker,
        period=in_care,
        changed_on=dt.date(2027, 3, 1),
        kind="placement_new_carer",
        legal_status="V2",
        placement=placement(provider_name="Ms Farrant"),
        reason_place_change="CREQB",
    )
    assert float(episode.distance_miles) == 2.5


def test_a_placement_needs_its_providers_urn_unless_its_type_has_none(cast):
    # SSDA903 rule 218: foster and children's home placements carry the provider's Ofsted URN.
    with pytest.raises(ApplicationError) as refused:
        services.period_start(
            actor=cast.worker,
            person=cast.child,
            started_on=START,
            legal_status="V2",
            category_of_need="N1",
            placement=placement(urn=""),
        )
    assert refused.value.field == "urn" and "U6" in str(refused.value)
    period = services.period_start(
        actor=cast.worker,
        person=cast.child,
        started_on=START,
        legal_status="V2",
        category_of_need="N1",
        placement=placement(placement_type="P1", provider="PR0", urn=""),
    )
    assert period.episodes.get().urn == ""


def test_a_child_coming_into_care_is_a_child_in_need(cast):
    from jigsaw.frontdoor.models import Episode

    services.period_start(
        actor=cast.worker, person=cast.child, started_on=START, legal_status="V2", category_of_need="N4",
        placement=placement(),
    )  # fmt: skip
    episode = Episode.objects.get(person=cast.child, closure_date__isnull=True)
    assert (episode.referral_date, episode.primary_need, episode.referral_source) == (START, "N4", "5A")
