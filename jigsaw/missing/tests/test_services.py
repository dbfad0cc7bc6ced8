"""Missing episodes, returns, interviews and prompts, through the services (no HTTP)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement
from jigsaw.audit.models import AuditEntry
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.missing import services
from jigsaw.missing.models import MissingEpisode, StrategyPrompt
from jigsaw.timescales.models import Clock

from .conftest import ago, episode_data

pytestmark = pytest.mark.django_db


def record(team, hours_ago: float, returned_hours_ago: float | None = None, actor=None, **extra):
    data = episode_data(ago(hours_ago), **extra)
    if returned_hours_ago is not None:
        data |= {"returned_at": ago(returned_hours_ago), "where_found": "A friend's flat on Mill Lane"}
    return services.episode_record(actor=actor or team.practitioner, person=team.child, data=data)


def test_missing_then_back_starts_the_72_hour_interview_clock(team):
    episode = record(team, 30)
    assert episode.is_open
    assert not Clock.objects.filter(rule_key="missing_rhi").exists()
    # The practitioner who recorded it has the child on "My work".
    assert Involvement.objects.filter(person=team.child, user=team.practitioner, service="Missing episodes").exists()

    services.episode_return(
        actor=team.support, episode=episode, returned_at=ago(2), where_found="Northbridge bus station"
    )
    episode.refresh_from_db()
    assert episode.returned_at == ago(2)
    assert episode.rhi_due_at == ago(2) + dt.timedelta(hours=72)
    clock = Clock.objects.get(rule_key="missing_rhi")
    assert clock.started_on == dt.date(2026, 12, 10)
    assert clock.due_on == dt.date(2026, 12, 13)
    assert clock.owner == team.practitioner  # the missing worker's, whoever took the call
    kinds = list(ChronologyEntry.objects.filter(person=team.child).values_list("kind", flat=True))
    assert sorted(kinds) == ["missing_episode", "missing_return"]


def test_a_return_before_the_child_went_missing_is_refused_in_words(team):
    episode = record(team, 10)
    with pytest.raises(ApplicationError) as error:
        services.episode_return(actor=team.practitioner, episode=episode, returned_at=ago(12), where_found="Home")
    assert error.value.field == "returned_at"
    assert "The return must be after Jayden Corrigan went missing, at 2am on 10 December 2026" in error.value.message
    episode.refresh_from_db()
    assert episode.returned_at is None


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"went_missing_at": ago(-2)}, "went_missing_at", "must be in the past"),
        ({"kind": "A"}, "kind", "only for a child in care"),
        ({"reported_to_police": False}, "reported_to_police", "say the episode was reported"),
        ({"reported_at": ago(12)}, "reported_at", "at or after the time"),
        ({"risk_level": "severe"}, "risk_level", "no apparent risk, low, medium or high"),
        ({"missing_from": "moon"}, "missing_from", "home, a care placement"),
    ],
)
def test_bad_input_gets_a_clear_message(team, extra, field, words):
    data = episode_data(ago(10)) | extra
    with pytest.raises(ApplicationError) as error:
        services.episode_record(actor=team.practitioner, person=team.child, data=data)
    assert error.value.field == field
    assert words in error.value.message
    assert not MissingEpisode.objects.exists()


def test_away_from_placement_is_for_a_child_missing_from_care(team):
    episode = record(team, 5, kind="A", missing_from="care_placement")
    assert episode.kind == "A"


def test_episodes_of_one_child_never_overlap(team):
    record(team, 20)
    with pytest.raises(ApplicationError, match="already recorded as missing since 4pm on 9 December 2026"):
        record(team, 5)
    record_earlier = episode_data(ago(60)) | {"returned_at": ago(19), "where_found": "Home"}
    with pytest.raises(ApplicationError, match="already recorded as missing since"):
        services.episode_record(actor=team.practitioner, person=team.child, data=record_earlier)


def test_a_closed_episode_cannot_overlap_an_earlier_one(team):
    record(team, 100, 80)
    with pytest.raises(ApplicationError, match="Episodes cannot overlap"):
        record(team, 90, 70)


def test_an_adult_or_unborn_child_has_no_missing_episode(team):
    team.child.date_of_birth = dt.date(2008, 1, 1)
    team.child.save()
    with pytest.raises(ApplicationError, match="18 or over"):
        record(team, 5)


def test_interview_offered_then_held_meets_the_clock_and_lands_in_the_chronology(team):
    episode = record(team, 40, 30)
    interview = services.interview_offer(
        actor=team.practitioner, episode=episode, offered_at=ago(20), interviewer="Sam Idowu, youth service"
    )
    with pytest.raises(ApplicationError, match="before it was offered"):
        services.interview_hold(
            actor=team.practitioner, interview=interview, data={"held_at": ago(25), "interviewer_independent": True}
        )
    services.interview_hold(
        actor=team.practitioner,
        interview=interview,
        data={
            "held_at": ago(3),
            "interviewer": "Sam Idowu, youth service",
            "interviewer_independent": True,
            "where_they_were": "At a flat in the town centre",
            "with_whom": "Older boys he met online",
            "push_factors": "Arguments at home",
            "pull_factors": "Money and trainers",
            "indicators": ["older_associates", "money_gifts"],
            "child_said": "I just wanted to be with my mates.",
            "actions": "Referral to the exploitation team",
        },
    )
    clock = Clock.objects.get(rule_key="missing_rhi")
    assert clock.met_on == dt.date(2026, 12, 10)
    entry = ChronologyEntry.objects.get(kind="return_interview")
    assert "Signs of exploitation: older friends or associates" in entry.summary
    assert entry.significance == "high"
    # Signs of exploitation reach the partnership's threshold: a prompt for a strategy discussion.
    prompt = StrategyPrompt.objects.get(person=team.child)
    assert "Signs of exploitation" in prompt.reasons


def test_an_offer_declined_needs_a_reason_and_meets_the_clock(team):
    episode = record(team, 40, 30)
    with pytest.raises(ApplicationError, match="why the child declined"):
        services.interview_offer(actor=team.practitioner, episode=episode, offered_at=ago(20), response="declined")
    services.interview_offer(
        actor=team.practitioner,
        episode=episode,
        offered_at=ago(20),
        response="declined",
        declined_reason="Said he did not want to talk to anyone",
    )
    assert Clock.objects.get(rule_key="missing_rhi").met_on == dt.date(2026, 12, 9)


def test_an_interview_is_not_offered_before_the_return(team):
    episode = record(team, 40)
    with pytest.raises(ApplicationError, match="Record Jayden Corrigan's return first"):
        services.interview_offer(actor=team.practitioner, episode=episode, offered_at=ago(20))
    back = record(team, 200, 190)
    with pytest.raises(ApplicationError, match="after Jayden Corrigan returned"):
        services.interview_offer(actor=team.practitioner, episode=back, offered_at=ago(195))


def test_three_episodes_in_ninety_days_prompt_a_strategy_discussion(team):
    record(team, 24 * 60, 24 * 60 - 3, risk_level="low")
    record(team, 24 * 30, 24 * 30 - 3, risk_level="low")
    assert not StrategyPrompt.objects.exists()
    third = record(team, 10, 7, risk_level="low")
    prompt = StrategyPrompt.objects.get()
    assert prompt.episode == third
    assert prompt.reasons == "3 episodes in 90 days (threshold 3)"
    clock = Clock.objects.get(rule_key="missing_strategy_prompt")
    assert clock.due_on == dt.date(2026, 12, 11)


def test_the_threshold_is_the_partnerships_setting(team, settings):
    settings.JIGSAW_MISSING_REPEAT_THRESHOLD = {"episodes": 2, "days": 30, "hours": 0, "high_risk": False}
    record(team, 24 * 40, 24 * 40 - 3, risk_level="high")
    record(team, 10, 7, risk_level="high")
    assert not StrategyPrompt.objects.exists()  # 40 days ago is outside 30; high risk and hours are off
    record(team, 5, 1, risk_level="low")
    assert StrategyPrompt.objects.get().reasons == "2 episodes in 30 days (threshold 2)"


def test_a_long_or_high_risk_episode_prompts_too(team, frozen):
    episode = record(team, 20, risk_level="high")
    prompt = StrategyPrompt.objects.get()
    assert prompt.reasons == "Graded high risk by the police"
    frozen.shift(dt.timedelta(hours=10))
    services.episode_return(actor=team.practitioner, episode=episode, returned_at=ago(-9), where_found="Leeds")
    prompt.refresh_from_db()
    # One open prompt per child: the new reason is added to it.
    assert prompt.reasons == "Graded high risk by the police; Missing for 29 hours (more than 24)"
    assert StrategyPrompt.objects.count() == 1


def test_a_child_still_missing_after_24_hours_prompts_while_missing(team, frozen):
    record(team, 20, risk_level="low")
    assert services.prompts_raise_for_long_episodes() == 0
    frozen.shift(dt.timedelta(hours=5))
    assert services.prompts_raise_for_long_episodes() == 1
    assert StrategyPrompt.objects.get().reasons == "Missing for 25 hours so far (more than 24)"
    assert services.prompts_raise_for_long_episodes() == 0  # once
    assert Clock.objects.get(rule_key="missing_strategy_prompt").owner == team.practitioner


def test_only_a_manager_decides_a_strategy_discussion_is_not_needed(team):
    record(team, 40, 2, risk_level="high")
    prompt = StrategyPrompt.objects.get()
    with pytest.raises(ApplicationError, match="Only a team manager"):
        services.prompt_decide(actor=team.practitioner, prompt=prompt, decision="not_needed", reason="Known pattern")
    with pytest.raises(ApplicationError, match="Enter the reason"):
        services.prompt_decide(actor=team.manager, prompt=prompt, decision="not_needed", reason=" ")
    services.prompt_decide(
        actor=team.manager, prompt=prompt, decision="not_needed", reason="Plan in place; seen daily by the school"
    )
    prompt.refresh_from_db()
    assert prompt.decided_by == team.manager
    assert Clock.objects.get(rule_key="missing_strategy_prompt").met_on == dt.date(2026, 12, 10)
    # Audited against the manager, with the decision in the snapshot.
    change = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StrategyPrompt), object_pk=str(prompt.pk), actor=team.manager
    )
    assert change.exists()
    assert ChronologyEntry.objects.filter(kind="missing_strategy_prompt", person=team.child).exists()
    with pytest.raises(ApplicationError, match="already answered"):
        services.prompt_decide(actor=team.manager, prompt=prompt, decision="requested", reason="Changed mind")


def test_a_strategy_discussion_requested_by_the_practitioner(team):
    record(team, 40, 2, risk_level="high")
    prompt = services.prompt_decide(
        actor=team.practitioner, prompt=StrategyPrompt.objects.get(), decision="requested", reason="Going to Leeds"
    )
    assert prompt.decision == "requested"


def test_who_may_record_what(team):
    with pytest.raises(PermissionDenied):
        record(team, 5, actor=team.police)
    episode = record(team, 40, 30, actor=team.support)  # business support takes the call
    with pytest.raises(PermissionDenied):
        services.interview_offer(actor=team.support, episode=episode, offered_at=ago(20))
    assert not Involvement.objects.filter(user=team.support).exists()


def test_the_returns_are_a_query_over_the_episodes(team):
    from jigsaw.missing.selectors import missing_return_rows

    first = record(team, 24 * 40, 24 * 39, kind="A", missing_from="care_placement")
    services.interview_offer(actor=team.practitioner, episode=first, offered_at=ago(24 * 38), response="accepted")
    record(team, 5)
    rows = missing_return_rows(
        user=team.practitioner, period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 12, 10)
    )
    assert [(r.missing, r.mis_start, r.mis_end, r.interview_offered, r.interview_accepted) for r in rows] == [
        ("A", dt.date(2026, 10, 31), dt.date(2026, 11, 1), True, True),
        ("M", dt.date(2026, 12, 10), None, False, False),
    ]


def test_the_return_home_interview_is_one_rule_in_hours_read_everywhere(team, signed_in):
    from django.utils import timezone

    from jigsaw.missing.deadlines import RHI, RHI_HOURS
    from jigsaw.timescales.rules import get_rule

    rule = get_rule("missing_rhi")
    assert (rule.amount, rule.unit, rule.time_allowed) == (72, "hours", "72 hours")
    assert RHI_HOURS == RHI.amount == 72
    episode = record(team, 30)
    services.episode_return(actor=team.support, episode=episode, returned_at=ago(2), where_found="Home")
    episode.refresh_from_db()
    clock = Clock.objects.get(rule_key="missing_rhi")
    # The clock falls due on the day the 72 hours end, the moment the screens show.
    assert episode.rhi_due_at == episode.returned_at + dt.timedelta(hours=RHI_HOURS)
    assert clock.due_on == timezone.localdate(episode.rhi_due_at)
    rules_page = signed_in(Role.TEAM_MANAGER).get("/timescales/").text
    assert "72 hours" in rules_page and "3 calendar days" not in rules_page
