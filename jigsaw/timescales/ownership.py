"""Who is responsible for each deadline, and where it is done: the one place that says so.

"Nothing without an owner": every running clock has a responsible person, worked out in
this order:

1. the clock's `owner`, when a service set one (the coordinator of a Channel case, say);
2. else the person the rule names, read from the clock's record (the lead practitioner of
   a child protection plan, the chair of the conference convened for an enquiry, the IRO
   of a period of care, the coordinator of a family group conference, the LADO officer);
3. else, for most rules, the child's allocated worker (their open "allocated" involvement).

Only people with an active account count: a deadline whose owner has left falls to the
next in line. A deadline with nobody responsible is on the "Unallocated" list of the
team managers of the team that owns its rule (`RESPONSIBILITIES[...].area`, mapped to team
names by `JIGSAW_DEADLINE_TEAMS`; a restricted area's own team for LADO and Channel; if the
council has no such team with a manager, every team manager in children's social care sees
it), so no deadline is ever "Not allocated" and invisible.

Who is responsible is worked out in the database, as one expression over the clock and its
record (`responsible_expression`), so "My work", the team views, the daily digest and the
overdue notifications all ask the same question in one query, and a reallocated case takes
its deadlines with it. Records are named by "app_label.Model" strings, not imported: the
timescales app imports no service area. `jigsaw/timescales/tests/test_every_rule_has_an_owner.py`
fails for a rule registered without an entry here.

Each entry also names the screen where the work is done, so a row on "My work" links to the
contact to decide, the plan's visit form, the care period's review, not to a list of deadlines
(falling back to the child's page when the clock has no record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from jigsaw.access.choices import InvolvementKind, RestrictedArea, Role

from .rules import all_rules


@dataclass(frozen=True)
class OnRecord:
    """A user read from the clock's record: `path` on the record of type `model`."""

    model: str  # "app_label.Model"
    path: str  # e.g. "lead_practitioner", "referral__coordinator", "meeting__chair"


@dataclass(frozen=True)
class Related:
    """A user read from a record pointing at the clock's record (the chair of the conference
    convened for an enquiry, and not yet held)."""

    record: str  # the clock's record type, "app_label.Model"
    model: str  # the record pointing at it
    link: str  # the field of `model` that points at the clock's record
    path: str
    still_open: str = ""  # a null-date field: only records where it is empty count ("held_on")


@dataclass(frozen=True)
class Allocated:
    """The child's allocated worker."""


ALLOCATED = Allocated()
Source = OnRecord | Related | Allocated


@dataclass(frozen=True)
class Screen:
    """Where the work is done: a URL name and what fills its one argument.

    `arg` is "person" (the clock's person), "record" (the clock's record's id) or a field of
    the record ("contact_id"). `model` limits the screen to clocks whose record is of that type.
    """

    url_name: str
    kwarg: str = ""
    arg: str = "person"
    model: str = ""


@dataclass(frozen=True)
class Responsibility:
    area: str  # which team's unallocated list: a key of JIGSAW_DEADLINE_TEAMS, or a restricted area
    who: tuple[Source, ...]  # after the clock's owner, in order
    screens: tuple[Screen, ...] = ()  # the first that fits the clock; else the child's page


# Team names by area; a council sets JIGSAW_DEADLINE_TEAMS to its own. Restricted areas
# (LADO, Channel) are always their own restricted team.
DEFAULT_DEADLINE_TEAMS: dict[str, tuple[str, ...]] = {
    "frontdoor": ("Front door (MASH)",),
    "assessment": ("Assessment",),
    "protection": ("Child protection",),
    "reviewing": ("Safeguarding and reviewing",),
    "care": ("Children in care",),
    "missing": ("Exploitation and missing",),
    "exploitation": ("Exploitation and missing",),
    "fgc": ("Family group conferences",),
    "youthjustice": ("Youth justice",),
    "partnership": ("Safeguarding children partnership",),
    "governance": ("Information governance",),
}

_PLAN = "protection.ProtectionPlan"
_PERIOD = "care.PeriodOfCare"
_CONFERENCE_CHAIR_FOR_ENQUIRY = Related(
    "protection.Section47", "protection.Conference", "section_47", "meeting__chair", "held_on"
)
_CONFERENCE_CHAIR_FOR_PLAN = Related(_PLAN, "protection.Conference", "plan", "meeting__chair", "held_on")


def _care(url_name: str) -> tuple[Screen, ...]:
    return (Screen(url_name, "period_id", "record", _PERIOD),)


RESPONSIBILITIES: dict[str, Responsibility] = {
    # The front door and assessment (statutory.py).
    "referral_decision": Responsibility(
        "frontdoor", (ALLOCATED,), (Screen("frontdoor:contact-detail", "pk", "contact_id", "frontdoor.ContactPerson"),)
    ),
    "strategy_discussion": Responsibility(
        "frontdoor",
        (OnRecord("frontdoor.Episode", "allocated_worker"), ALLOCATED),
        (Screen("protection:strategy-convene", "person_id"),),
    ),
    "strategy_record": Responsibility(
        "protection",
        (OnRecord("protection.StrategyDiscussionChild", "strategy__convened_by"), ALLOCATED),
        (Screen("protection:strategy", "strategy_id", "strategy_id", "protection.StrategyDiscussionChild"),),
    ),
    "assessment": Responsibility(
        "assessment",
        (OnRecord("frontdoor.Episode", "allocated_worker"), ALLOCATED),
        (Screen("frontdoor:episode-detail", "pk", "record", "frontdoor.Episode"),),
    ),
    # Child protection: the chair holds conferences once one is convened; the lead practitioner
    # holds the plan's core groups and visits.
    "icpc": Responsibility(
        "protection", (_CONFERENCE_CHAIR_FOR_ENQUIRY, ALLOCATED), (Screen("protection:child", "person_id"),)
    ),
    "first_core_group": Responsibility(
        "protection",
        (OnRecord(_PLAN, "lead_practitioner"), ALLOCATED),
        (Screen("protection:core-group-convene", "plan_id", "record", _PLAN),),
    ),
    "core_group": Responsibility(
        "protection",
        (OnRecord(_PLAN, "lead_practitioner"), ALLOCATED),
        (Screen("protection:core-group-convene", "plan_id", "record", _PLAN),),
    ),
    "first_review_conference": Responsibility(
        "protection",
        (_CONFERENCE_CHAIR_FOR_PLAN, OnRecord(_PLAN, "lead_practitioner"), ALLOCATED),
        (Screen("protection:child", "person_id"),),
    ),
    "review_conference": Responsibility(
        "protection",
        (_CONFERENCE_CHAIR_FOR_PLAN, OnRecord(_PLAN, "lead_practitioner"), ALLOCATED),
        (Screen("protection:child", "person_id"),),
    ),
    "cp_visit": Responsibility(
        "protection",
        (OnRecord(_PLAN, "lead_practitioner"), ALLOCATED),
        (Screen("protection:visit-add", "plan_id", "record", _PLAN),),
    ),
    "transfer_in_conference": Responsibility(
        "protection",
        (OnRecord("protection.Conference", "meeting__chair"), ALLOCATED),
        (Screen("protection:child", "person_id"),),
    ),
    # Children in care: the IRO holds the reviews.
    "lac_first_review": Responsibility("care", (OnRecord(_PERIOD, "iro"), ALLOCATED), _care("care:review-convene")),
    "lac_second_review": Responsibility("care", (OnRecord(_PERIOD, "iro"), ALLOCATED), _care("care:review-convene")),
    "lac_review": Responsibility("care", (OnRecord(_PERIOD, "iro"), ALLOCATED), _care("care:review-convene")),
    "host_council_notice": Responsibility("care", (ALLOCATED,), (Screen("care:person", "person_id"),)),
    "lac_first_visit": Responsibility(
        "care", (ALLOCATED,), (Screen("care:visit-add", "period_id", "period_id", "care.CareEpisode"),)
    ),
    "lac_visit": Responsibility("care", (ALLOCATED,), _care("care:visit-add")),
    "lac_initial_health": Responsibility("care", (ALLOCATED,), _care("care:health-add")),
    "lac_health_review_under_5": Responsibility("care", (ALLOCATED,), _care("care:health-add")),
    "lac_health_review": Responsibility("care", (ALLOCATED,), _care("care:health-add")),
    "pep_initial": Responsibility("care", (ALLOCATED,), _care("care:pep-add")),
    "pep_review": Responsibility("care", (ALLOCATED,), _care("care:pep-add")),
    # An IRO's escalated concern: the person it was escalated to answers it (also its owner).
    "iro_concern_response": Responsibility(
        "care", (OnRecord("care.ConcernStep", "escalated_to"),), (Screen("care:person", "person_id"),)
    ),
    # Allocating the IRO is the reviewing service's job, not the child's worker's.
    "iro_allocation": Responsibility("reviewing", (OnRecord(_PERIOD, "iro"),), _care("care:iro-allocate")),
    # Missing from home or care.
    "missing_rhi": Responsibility(
        "missing", (ALLOCATED,), (Screen("missing:episode", "episode_id", "record", "missing.MissingEpisode"),)
    ),
    # Whether to hold a strategy discussion is the missing team's decision, not any allocated
    # worker's (a youth justice officer cannot make it): its owner, else the team's manager.
    "missing_strategy_prompt": Responsibility(
        "missing", (), (Screen("missing:prompt-decide", "prompt_id", "record", "missing.StrategyPrompt"),)
    ),
    # Exploitation.
    "exploitation_screening": Responsibility(
        "exploitation",
        (OnRecord("exploitation.ExploitationConcern", "worker"), ALLOCATED),
        (Screen("exploitation:screening", "pk", "record", "exploitation.ExploitationConcern"),),
    ),
    "mace_discussion": Responsibility(
        "exploitation",
        (OnRecord("exploitation.ExploitationConcern", "worker"), ALLOCATED),
        (Screen("exploitation:person", "person_id"),),
    ),
    "mace_plan_qa": Responsibility(
        "exploitation",
        (OnRecord("exploitation.MacePlan", "lead"), OnRecord("exploitation.PlanReview", "plan__lead"), ALLOCATED),
        (
            Screen("exploitation:plan-review", "pk", "record", "exploitation.MacePlan"),
            Screen("exploitation:plan-review", "pk", "plan_id", "exploitation.PlanReview"),
        ),
    ),
    # Family group conferences: the coordinator, once allocated; until then the FGC team.
    "fgc_allocation": Responsibility(
        "fgc",
        (OnRecord("fgc.ReferralChild", "referral__coordinator"),),
        (Screen("fgc:allocate", "referral_id", "referral_id", "fgc.ReferralChild"),),
    ),
    "fgc_conference": Responsibility(
        "fgc",
        (OnRecord("fgc.ReferralChild", "referral__coordinator"),),
        (Screen("fgc:referral", "referral_id", "referral_id", "fgc.ReferralChild"),),
    ),
    "fgc_review": Responsibility(
        "fgc",
        (OnRecord("fgc.ReferralChild", "referral__coordinator"),),
        (Screen("fgc:referral", "referral_id", "referral_id", "fgc.ReferralChild"),),
    ),
    # Youth justice: the case worker.
    "yj_assessment": Responsibility(
        "youthjustice",
        (OnRecord("youthjustice.Outcome", "case__case_worker"), ALLOCATED),
        (Screen("youthjustice:assessment-add", "case_id", "case_id", "youthjustice.Outcome"),),
    ),
    "yj_victim_contact": Responsibility(
        "youthjustice",
        (OnRecord("youthjustice.Victim", "case__case_worker"), ALLOCATED),
        (Screen("youthjustice:victim-contact", "victim_id", "record", "youthjustice.Victim"),),
    ),
    # Information governance: the data protection officer who logged the request.
    **{
        key: Responsibility(
            "governance",
            (OnRecord("governance.RightsRequest", "handled_by"),),
            (Screen("governance:rights-request", "pk", "record", "governance.RightsRequest"),),
        )
        for key in ("rights_request", "rights_request_extended")
    },
    # Restricted: only the area's own team, never the person's other workers.
    **{
        key: Responsibility(
            RestrictedArea.LADO,
            (OnRecord("allegations.Allegation", "duty_officer"),),
            (Screen("allegations:case", "pk", "record", "allegations.Allegation"),),
        )
        for key in ("lado_referral", "lado_initial_meeting", "lado_resolution", "lado_resolution_limit")
    },
    "channel_panel_review": Responsibility(
        RestrictedArea.CHANNEL,
        (OnRecord("channel.ChannelCase", "coordinator"),),
        (Screen("channel:case", "case_id", "record", "channel.ChannelCase"),),
    ),
    **{
        key: Responsibility(
            RestrictedArea.CHANNEL,
            (OnRecord("channel.ExitReview", "case__coordinator"),),
            (Screen("channel:exit-review", "review_id", "record", "channel.ExitReview"),),
        )
        for key in ("channel_exit_review_6", "channel_exit_review_12")
    },
    # Partnership reviews (restricted): whoever recorded the serious incident, else the partnership team.
    "reviews_notification": Responsibility(
        RestrictedArea.REVIEWS,
        (OnRecord("reviews.SeriousIncident", "recorded_by"),),
        (Screen("reviews:submitted", "pk", "record", "reviews.SeriousIncident"),),
    ),
    "reviews_partners_told": Responsibility(
        RestrictedArea.REVIEWS,
        (OnRecord("reviews.SeriousIncident", "recorded_by"),),
        (Screen("reviews:incident", "pk", "record", "reviews.SeriousIncident"),),
    ),
    "reviews_rapid_review": Responsibility(
        RestrictedArea.REVIEWS,
        (OnRecord("reviews.SeriousIncident", "recorded_by"),),
        (Screen("reviews:rapid-review", "pk", "record", "reviews.SeriousIncident"),),
    ),
}

# The child's allocated worker, when a rule names them, is always the last resort.
if any(ALLOCATED in r.who[:-1] for r in RESPONSIBILITIES.values()):  # pragma: no cover - a coding slip
    raise ImproperlyConfigured("In RESPONSIBILITIES, the allocated worker comes last or not at all.")

# A rule registered without an entry above (a test fails for it): its owner, else the child's worker.
_UNKNOWN = Responsibility("frontdoor", (ALLOCATED,))


def responsibility_for(rule_key: str) -> Responsibility:
    return RESPONSIBILITIES.get(rule_key, _UNKNOWN)


def rules_without_an_owner() -> list[str]:
    """Registered rules with no entry in RESPONSIBILITIES (a test asserts there are none)."""
    return [rule.key for rule in all_rules() if rule.key not in RESPONSIBILITIES]


# The expression


def _content_type_id(model: str) -> int:
    return ContentType.objects.get_for_model(apps.get_model(model)).pk


def _active_user(path: str) -> dict[str, Any]:
    return {f"{path}__is_active": True}


def _allocated(today: date, restricted_area: str) -> Subquery:
    """The child's allocated worker today. For an ordinary rule, never a member of a restricted
    team unless the record itself is of that area (a LADO officer "allocated" to an adult who is
    also a parent holds none of the family's deadlines, and naming them would reveal the
    allegation); for a restricted rule, only its team."""
    from jigsaw.access.models import Involvement

    qs = Involvement.objects.filter(
        person=OuterRef("person_id"), kind=InvolvementKind.ALLOCATED, user__is_active=True
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    if restricted_area:
        qs = qs.filter(user__team__restricted_area=restricted_area)
    else:
        # A restricted record (a LADO subject) keeps its own team's worker.
        qs = qs.filter(
            Q(user__team__isnull=True)
            | Q(user__team__restricted_area="")
            | Q(user__team__restricted_area=OuterRef("person__restricted_area"))
        )
    return Subquery(qs.order_by("-started_on", "-pk").values("user_id")[:1], output_field=IntegerField())


def _source_expression(source: OnRecord | Related) -> Any:
    model = apps.get_model(source.model)
    if isinstance(source, OnRecord):
        qs = model._base_manager.filter(pk=OuterRef("object_id"), **_active_user(source.path))
        expr = Subquery(qs.values(source.path)[:1], output_field=IntegerField())
    else:
        qs = model._base_manager.filter(**{source.link: OuterRef("object_id")}, **_active_user(source.path))
        if source.still_open:
            qs = qs.filter(**{f"{source.still_open}__isnull": True})
        expr = Subquery(qs.order_by("pk").values(source.path)[:1], output_field=IntegerField())
    # Only for clocks whose record is of that type.
    record = source.model if isinstance(source, OnRecord) else source.record
    return Case(When(content_type_id=_content_type_id(record), then=expr), default=Value(None))


def responsible_expression(*, today: date) -> Any:
    """The responsible user's id for each clock (NULL: nobody), as a database expression:
    COALESCE(the active owner, the rule's person on the record, the allocated worker).

    Rules naming the same people share one branch, and the allocated worker is one branch per
    restricted area, so the expression stays small however many rules there are (it is
    compiled for every "My work" page)."""
    owner = Case(When(owner__is_active=True, then=F("owner_id")), default=Value(None), output_field=IntegerField())
    on_record: dict[tuple[Source, ...], list[str]] = {}
    allocated: dict[str, list[str]] = {}
    for rule in all_rules():
        who = responsibility_for(rule.key).who
        sources = tuple(s for s in who if not isinstance(s, Allocated))
        if sources:
            on_record.setdefault(sources, []).append(rule.key)
        if ALLOCATED in who:
            allocated.setdefault(rule.restricted_area, []).append(rule.key)
    record_whens = [
        When(
            rule_key__in=keys,
            then=Coalesce(*[_source_expression(s) for s in sources], output_field=IntegerField())
            if len(sources) > 1
            else _source_expression(sources[0]),
        )
        for sources, keys in on_record.items()
    ]
    allocated_whens = [When(rule_key__in=keys, then=_allocated(today, area)) for area, keys in allocated.items()]
    parts: list[Any] = [owner]
    if record_whens:
        parts.append(Case(*record_whens, default=Value(None), output_field=IntegerField()))
    if allocated_whens:
        parts.append(Case(*allocated_whens, default=Value(None), output_field=IntegerField()))
    return Coalesce(*parts, output_field=IntegerField()) if len(parts) > 1 else owner


def with_responsible(qs: QuerySet, *, today: date) -> QuerySet:
    """Annotate `responsible_id` (and `screen_arg`, the record field a screen's URL needs)."""
    return qs.annotate(responsible_id=responsible_expression(today=today), screen_arg=_screen_arg_expression())


def _screen_arg_expression() -> Any:
    by_field: dict[tuple[str, str], list[str]] = {}
    for rule in all_rules():
        for screen in responsibility_for(rule.key).screens:
            if screen.arg in ("person", "record") or not screen.model:
                continue
            by_field.setdefault((screen.model, screen.arg), []).append(rule.key)
    whens = [
        When(
            rule_key__in=keys,
            content_type_id=_content_type_id(model),
            then=Subquery(
                apps.get_model(model)._base_manager.filter(pk=OuterRef("object_id")).values(arg)[:1],
                output_field=IntegerField(),
            ),
        )
        for (model, arg), keys in by_field.items()
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField()) if whens else Value(None, IntegerField())


def screen_url(*, rule_key: str, person_id: int, content_type_id: int | None, object_id: int | None, arg: Any) -> str:
    """The page where this deadline's work is done; else the child's page."""
    for screen in responsibility_for(rule_key).screens:
        if screen.model and (content_type_id is None or content_type_id != _content_type_id(screen.model)):
            continue
        value = {"person": person_id, "record": object_id}.get(screen.arg, arg)
        if value is None:
            continue
        try:
            return reverse(screen.url_name, kwargs={screen.kwarg: value})
        except NoReverseMatch:  # an area switched off in this deployment
            continue
    return reverse("people:detail", args=[person_id])


# Teams


def deadline_team_names(area: str) -> tuple[str, ...]:
    configured = getattr(settings, "JIGSAW_DEADLINE_TEAMS", None) or DEFAULT_DEADLINE_TEAMS
    return tuple(configured.get(area, ()))


def teams_for_area(area: str) -> QuerySet:
    """The teams whose managers see this area's unallocated deadlines: the area's named teams
    that have a team manager; if none has, every children's social care team that has one,
    so nothing is lost. A restricted area's deadlines stay with its own team."""
    from jigsaw.access.choices import AgencyKind
    from jigsaw.access.models import Team

    if area in RestrictedArea.values and area:
        return Team.objects.filter(restricted_area=area)
    managed = Team.objects.filter(
        restricted_area="", members__role=Role.TEAM_MANAGER, members__is_active=True
    ).distinct()
    named = managed.filter(name__in=deadline_team_names(area))
    if named.exists():
        return named
    return managed.filter(agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE)


def area_leads(area: str) -> QuerySet:
    """Who sees the area's unallocated deadlines: the team managers of its teams; a restricted
    team without a manager, all its members (only they may know its cases exist)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    teams = teams_for_area(area)
    managers = User.objects.filter(is_active=True, role=Role.TEAM_MANAGER, team__in=teams)
    if area in RestrictedArea.values and area and not managers.exists():
        return User.objects.filter(is_active=True, team__in=teams)
    return managers


def all_areas() -> list[str]:
    return sorted({r.area for r in RESPONSIBILITIES.values()} | {_UNKNOWN.area})


def unallocated_rule_keys(user: Any) -> list[str]:
    """The rules whose unallocated deadlines this user sees (none, for most users)."""
    if getattr(user, "role", "") != Role.TEAM_MANAGER and not getattr(user, "restricted_area", ""):
        return []  # only managers, and a restricted team's members, hold unallocated lists
    areas = {area for area in all_areas() if area_leads(area).filter(pk=user.pk).exists()}
    return [rule.key for rule in all_rules() if responsibility_for(rule.key).area in areas]
