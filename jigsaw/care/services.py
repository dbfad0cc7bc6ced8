"""Children in care: every write, as a named business action.

Each service checks who may act (permissions.py), checks the dates and codes in plain words
(ApplicationError naming the form field), saves, puts the event in the child's chronology,
and starts or stops the statutory clocks (deadlines.py). Reviews are meetings in the shared
meetings engine; this app keeps what the review decided about the child (participation).

SSDA903 episodes are contiguous inside a period of care: a change of legal status or
placement closes the open episode with REC X1 and opens the next one the same day, so the
return can be a query over CareEpisode.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, Role
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.choices import Significance
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, check_version
from jigsaw.core.outbox import outbox_send
from jigsaw.frontdoor.services import episode_open_for_care
from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.services import meeting_convene
from jigsaw.notifications.services import notify
from jigsaw.people.models import Person
from jigsaw.people.services import person_create
from jigsaw.timescales.clocks import clock_cancel, clock_start, clock_stop

from . import deadlines
from .choices import (
    ACCOMMODATION_CODES,
    CONCERN_STAGE_ORDER,
    NO_PROVIDER_PLACEMENTS,
    URN_NOT_NEEDED,
    Activity,
    CategoryOfNeed,
    ChangeKind,
    ConcernStage,
    EpisodeEndReason,
    HealthAssessmentKind,
    InTouch,
    LegalStatus,
    NewEpisodeReason,
    Participation,
    PlaceChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    SdqReason,
)
from .models import (
    CareEpisode,
    CareLeaverContact,
    CareReview,
    CareVisit,
    ConcernStep,
    EducationPlan,
    HealthAssessment,
    HealthOutcomes,
    HostedChild,
    HostNotification,
    IROConcern,
    MonitoringNote,
    PeriodOfCare,
)
from .permissions import CareAction, care_can

logger = logging.getLogger(__name__)

SERVICE = "Children in care"

# Words for dates, settings, small checks.


def spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def council_name() -> str:
    return getattr(settings, "JIGSAW_COUNCIL_NAME", "the council")


def council_code() -> str:
    """The council's code (the DfE LA number), from the setting JIGSAW_COUNCIL_CODE."""
    return str(getattr(settings, "JIGSAW_COUNCIL_CODE", ""))


def _require(actor: Any, action: CareAction, person: Person | None = None) -> None:
    if not care_can(actor, action, person):
        raise PermissionDenied("Your role does not include this children in care action")


def _date(day: dt.date | None, *, field: str, what: str) -> dt.date:
    if day is None:
        raise ApplicationError(f"Enter the date {what}", field=field)
    if day > timezone.localdate():
        raise ApplicationError(f"The date {what} must be today or in the past", field=field)
    return day


def _choice(value: str, choices: Any, *, field: str, message: str) -> str:
    if value not in choices.values:
        raise ApplicationError(message, field=field)
    return value


def _text(value: str | None, *, field: str, message: str, max_length: int = 0, label: str = "") -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    if max_length and len(value) > max_length:
        raise ApplicationError(f"{label or 'This'} must be {max_length} characters or fewer", field=field)
    return value


# Postcodes and distance: full postcode kept; the outward code (district) is what the 903 and
# the distance use. Centroids of districts come from a setting (a council loads the ONS
# postcode-district file there); where either is unknown the worker's figure is kept.

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def clean_postcode(value: str | None, *, field: str, required: bool = False, label: str = "postcode") -> str:
    """A UK postcode in capitals with one space ("NB1 2AB"), or a district alone ("NB1")."""
    text = re.sub(r"\s+", "", (value or "").upper())
    if not text:
        if required:
            raise ApplicationError(f"Enter the {label}", field=field)
        return ""
    if _DISTRICT.match(text):
        return text
    match = _POSTCODE.match(text)
    if not match:
        raise ApplicationError(f"Enter a real {label}, like NB1 2AB", field=field)
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode: str) -> str:
    return (postcode or "").split(" ")[0]


def district_distance_miles(a: str, b: str) -> Decimal | None:
    """Straight-line miles between the centres of two postcode districts, if both are known."""
    centroids = getattr(settings, "JIGSAW_POSTCODE_DISTRICT_CENTROIDS", {}) or {}
    first, second = centroids.get(postcode_district(a)), centroids.get(postcode_district(b))
    if not first or not second:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*first, *second))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    miles = 2 * 3958.8 * math.asin(math.sqrt(h))
    return Decimal(str(round(miles, 1)))


def _distance(value: Any, *, field: str = "distance_miles") -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        miles = Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ApplicationError("Distance must be a number of miles, like 12.5", field=field) from None
    if miles < 0 or miles > 9999:
        raise ApplicationError("Distance must be between 0 and 9999 miles", field=field)
    return miles


@dataclass(frozen=True)
class Placement:
    """Where the child lives in an episode, as the worker records it."""

    placement_type: str
    provider: str = ""
    provider_name: str = ""
    urn: str = ""
    postcode: str = ""
    out_of_area: bool = False
    host_council: str = ""
    host_contact_name: str = ""
    host_contact_email: str = ""
    distance_miles: Any = None


def _clean_placement(p: Placement, *, home_postcode: str, notify_host: bool) -> Placement:
    _choice(p.placement_type, PlacementType, field="placement_type", message="Choose the placement type")
    provider = p.provider or ""
    if p.placement_type in NO_PROVIDER_PLACEMENTS:
        if provider:
            raise ApplicationError(
                "Leave the provider blank for a temporary move or an unregistered placement (SSDA903 rule 178)",
                field="provider",
            )
    elif provider not in PlacementProvider.values:
        raise ApplicationError("Choose who provides the placement", field="provider")
    urn = (p.urn or "").strip().upper()
    if urn and not re.fullmatch(r"(SC|EY)?[0-9]{6,7}|XXXXXXX", urn):
        raise ApplicationError("Enter the Ofsted URN as it appears on the Ofsted register, like SC123456", field="urn")
    if not urn and p.placement_type not in URN_NOT_NEEDED:
        raise ApplicationError(
            "Enter the Ofsted URN of the placement's provider (the fostering service, children's home or agency), "
            f"like SC123456: the SSDA903 needs it for placement type {p.placement_type}",
            field="urn",
        )
    postcode = clean_postcode(p.postcode, field="postcode", required=True, label="placement postcode")
    host = (p.host_council or "").strip()
    contact_name = (p.host_contact_name or "").strip()
    contact_email = (p.host_contact_email or "").strip()
    if p.out_of_area:
        if not host:
            raise ApplicationError("Enter the council the child is placed in", field="host_council")
        if host.casefold() == council_name().casefold():
            raise ApplicationError(
                f"The placement is in {council_name()}'s own area: choose inside the area", field="host_council"
            )
        if notify_host:
            if not contact_name:
                raise ApplicationError("Enter the name of the host council's contact", field="host_contact_name")
            try:
                validate_email(contact_email)
            except Exception:
                raise ApplicationError(
                    "Enter the host council contact's email address, like name@example.gov.uk",
                    field="host_contact_email",
                ) from None
    else:
        host, contact_name, contact_email = "", "", ""
    distance = _distance(p.distance_miles)
    computed = district_distance_miles(home_postcode, postcode) if home_postcode else None
    return Placement(
        placement_type=p.placement_type,
        provider=provider,
        provider_name=(p.provider_name or "").strip()[:200],
        urn=urn,
        postcode=postcode,
        out_of_area=bool(p.out_of_area),
        host_council=host[:200],
        host_contact_name=contact_name[:200],
        host_contact_email=contact_email,
        distance_miles=computed if computed is not None else distance,
    )


def _distance_after_move(place: Placement, *, before: Placement, home_postcode: str) -> Placement:
    """The distance belongs to the placement's address, so a move to a new postcode never keeps the old figure.

    Same postcode (a new carer at the same address): a blank distance carries the old one over.
    New postcode: the distance is worked out again from the districts; where it cannot be, the
    worker's figure is used, but the old figure repeated is refused, because a form or API
    client that sent back what it was given would otherwise leave the old distance standing.
    """
    if place.postcode == before.postcode:
        if place.distance_miles is None:
            return replace(place, distance_miles=before.distance_miles)
        return place
    computed = district_distance_miles(home_postcode, place.postcode) if home_postcode else None
    if computed is not None:
        return replace(place, distance_miles=computed)
    stale = place.distance_miles is not None and before.distance_miles is not None
    if stale and Decimal(place.distance_miles) == Decimal(before.distance_miles):
        raise ApplicationError(
            f"The placement postcode has changed from {before.postcode or 'the old one'} to {place.postcode}, "
            f"but the distance is still {before.distance_miles} miles, the old placement's. Enter the "
            "distance from home to the new placement, or leave it blank",
            field="distance_miles",
        )
    return place


def _episode_fields(p: Placement) -> dict[str, Any]:
    return {
        "placement_type": p.placement_type,
        "provider": p.provider,
        "provider_name": p.provider_name,
        "urn": p.urn,
        "placement_postcode": p.postcode,
        "out_of_area": p.out_of_area,
        "host_council": p.host_council,
        "distance_miles": p.distance_miles,
    }


def _placement_of(episode: CareEpisode) -> Placement:
    return Placement(
        placement_type=episode.placement_type,
        provider=episode.provider,
        provider_name=episode.provider_name,
        urn=episode.urn,
        postcode=episode.placement_postcode,
        out_of_area=episode.out_of_area,
        host_council=episode.host_council,
        distance_miles=episode.distance_miles,
    )


def _allocate(user: Any, person: Person, on: dt.date, *, kind: str = InvolvementKind.ALLOCATED) -> None:
    """Put the child on the worker's "My work" (an involvement in this service)."""
    if user is None:
        return
    Involvement.objects.get_or_create(
        user=user,
        person=person,
        service=SERVICE,
        ended_on=None,
        defaults={"kind": kind, "started_on": on},
    )


def _end_involvements(person: Person, on: dt.date) -> None:
    Involvement.objects.filter(person=person, service=SERVICE, ended_on__isnull=True, started_on__lte=on).update(
        ended_on=on
    )


def open_period(person: Person) -> PeriodOfCare | None:
    return PeriodOfCare.objects.filter(person=person, ended_on__isnull=True).first()


def _current_episode(period: PeriodOfCare) -> CareEpisode:
    episode = period.episodes.filter(ended_on__isnull=True).order_by("-started_on").first()
    if episode is None:  # pragma: no cover - every open period has one open episode
        raise ApplicationError("This period of care has no open episode")
    return episode


def _lock_period(period: PeriodOfCare) -> PeriodOfCare:
    return PeriodOfCare.objects.select_for_update().select_related("person").get(pk=period.pk)


def _require_open(period: PeriodOfCare) -> None:
    if period.ended_on is not None:
        raise ApplicationError(
            f"{period.person.display_name}'s period of care ended on {spoken(period.ended_on)}. Start a new one first"
        )


# Periods of care and episodes


@records_actor()
@transaction.atomic
def period_start(
    *,
    actor: Any,
    person: Person,
    started_on: dt.date,
    legal_status: str,
    category_of_need: str,
    placement: Placement,
    home_postcode: str = "",
    uasc: bool = False,
    previous_permanence: str = PreviousPermanence.Z1,
    previous_permanence_council: str = "",
    previous_permanence_on: dt.date | None = None,
) -> PeriodOfCare:
    """The child becomes looked after: a period of care and its first episode (RNE S)."""
    _require(actor, CareAction.START_CARE, person)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    started_on = _date(started_on, field="started_on", what="the child became looked after")
    if person.date_of_birth and started_on < person.date_of_birth:
        raise ApplicationError("The child cannot come into care before their date of birth", field="started_on")
    if person.date_of_death:
        raise ApplicationError(f"{person.display_name} has died; a period of care cannot start")
    _choice(legal_status, LegalStatus, field="legal_status", message="Choose the legal status")
    _choice(category_of_need, CategoryOfNeed, field="category_of_need", message="Choose the category of need")
    existing = open_period(person)
    if existing is not None:
        raise ApplicationError(
            f"{person.display_name} has been looked after since {spoken(existing.started_on)}. "
            "Record a change of placement or legal status instead",
            field="started_on",
        )
    overlapping = PeriodOfCare.objects.filter(person=person, ended_on__gt=started_on).order_by("-ended_on").first()
    if overlapping is not None:
        raise ApplicationError(
            f"This would overlap the period of care from {spoken(overlapping.started_on)} to "
            f"{spoken(overlapping.ended_on)}. A new period must start on or after {spoken(overlapping.ended_on)}",
            field="started_on",
        )
    home_postcode = clean_postcode(home_postcode, field="home_postcode", label="home postcode")
    place = _clean_placement(placement, home_postcode=home_postcode, notify_host=True)
    permanence = _previous_permanence(
        previous_permanence, previous_permanence_council, previous_permanence_on, started_on=started_on
    )
    period = PeriodOfCare.objects.create(
        person=person,
        started_on=started_on,
        home_postcode=home_postcode,
        uasc=bool(uasc),
        started_by=actor,
        **permanence,
    )
    episode = CareEpisode.objects.create(
        period=period,
        person=person,
        started_on=started_on,
        reason_new=NewEpisodeReason.STARTED,
        legal_status=legal_status,
        category_of_need=category_of_need,
        home_postcode=home_postcode,
        recorded_by=actor,
        **_episode_fields(place),
    )
    chronology_record(
        person=person,
        occurred_on=started_on,
        kind="care_started",
        summary=(
            f"Became looked after ({LegalStatus(legal_status).label}); placed "
            f"{_where(place)} ({PlacementType(place.placement_type).label})"
        ),
        recorded_by=actor,
        significance=Significance.HIGH,
        source=period,
    )
    for rule in (deadlines.INITIAL_HEALTH.key, deadlines.FIRST_PEP.key):
        clock_start(rule_key=rule, person=person, started_on=started_on, subject=period, owner=actor)
    # No owner: the review is the IRO's once one is allocated, and allocating the IRO is for the
    # reviewing service or a manager (timescales.ownership), not the worker who may not do it.
    for rule in (deadlines.FIRST_REVIEW.key, deadlines.IRO_ALLOCATION.key):
        clock_start(rule_key=rule, person=person, started_on=started_on, subject=period)
    _placement_started(actor=actor, episode=episode, placement=place)
    _allocate(actor, person, started_on)
    # Looked-after children are children in need: without an episode of need the census misses them.
    episode_open_for_care(actor=actor, person=person, started_on=started_on, primary_need=category_of_need)
    return period


def _previous_permanence(code: str, council: str, on: dt.date | None, *, started_on: dt.date) -> dict[str, Any]:
    """SSDA903 PrevPerm: an adoption or order before care needs the council and the date (rule 630)."""
    code = code or PreviousPermanence.Z1
    _choice(code, PreviousPermanence, field="previous_permanence", message="Choose the previous permanence order")
    council = (council or "").strip()[:200]
    if code == PreviousPermanence.Z1:
        return {"previous_permanence": code, "previous_permanence_council": "", "previous_permanence_on": None}
    if not council:
        raise ApplicationError(
            "Enter the council that made the previous permanence arrangement", field="previous_permanence_council"
        )
    if on is None:
        raise ApplicationError("Enter the date of the previous permanence order", field="previous_permanence_on")
    if on > started_on:
        raise ApplicationError(
            "The previous permanence order must be before the child came into care", field="previous_permanence_on"
        )
    return {"previous_permanence": code, "previous_permanence_council": council, "previous_permanence_on": on}


def _where(p: Placement) -> str:
    if p.out_of_area:
        return f"outside the area, in {p.host_council}"
    return f"in {council_name()}'s area"


def _placement_started(*, actor: Any, episode: CareEpisode, placement: Placement) -> None:
    """A new placement: the first-visit clock, and the host council's notice when out of area."""
    clock_start(
        rule_key=deadlines.FIRST_VISIT.key,
        person=episode.person,
        started_on=episode.started_on,
        subject=episode,
        owner=actor,
    )
    if placement.out_of_area and placement.host_contact_email:
        host_notification_queue(episode=episode, placement=placement, owner=actor)


def _reason_new(kind: str, legal_status_changed: bool) -> str:
    if kind == ChangeKind.LEGAL_STATUS:
        return NewEpisodeReason.LEGAL_STATUS
    if kind == ChangeKind.PLACEMENT_NEW_CARER:
        return NewEpisodeReason.BOTH_NEW_CARER if legal_status_changed else NewEpisodeReason.PLACEMENT_NEW_CARER
    return NewEpisodeReason.BOTH_SAME_CARER if legal_status_changed else NewEpisodeReason.PLACEMENT_SAME_CARER


@records_actor()
@transaction.atomic
def episode_change(
    *,
    actor: Any,
    period: PeriodOfCare,
    changed_on: dt.date,
    kind: str,
    legal_status: str,
    placement: Placement | None = None,
    reason_place_change: str = "",
    expected_version: int | None = None,
) -> CareEpisode:
    """A change of placement or legal status: the open episode ends (X1), the next one starts.

    `expected_version` is the period's version the change was made from: a change recorded
    meanwhile by someone else is not silently followed by one made from the placement before it.
    """
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.CHANGE_EPISODE, person)
    _require_open(period)
    check_version(period, expected_version)
    _choice(kind, ChangeKind, field="kind", message="Choose what changed")
    changed_on = _date(changed_on, field="changed_on", what="of the change")
    current = _current_episode(period)
    if changed_on <= current.started_on:
        raise ApplicationError(
            f"The change must be after the current episode started, on {spoken(current.started_on)}. "
            "Episodes cannot overlap",
            field="changed_on",
        )
    _choice(legal_status, LegalStatus, field="legal_status", message="Choose the legal status")
    legal_status_changed = legal_status != current.legal_status
    if kind == ChangeKind.LEGAL_STATUS:
        if not legal_status_changed:
            raise ApplicationError(
                f"The legal status is already {LegalStatus(legal_status).label}. Choose the new legal status",
                field="legal_status",
            )
        place = _placement_of(current)
        reason_place_change = ""
    else:
        if placement is None:
            raise ApplicationError("Enter the new placement", field="placement_type")
        place = _clean_placement(placement, home_postcode=period.home_postcode, notify_host=True)
        fields = ("placement_type", "provider", "provider_name", "urn", "postcode", "out_of_area", "host_council")
        before = _placement_of(current)
        place = _distance_after_move(place, before=before, home_postcode=period.home_postcode)
        if all(getattr(place, f) == getattr(before, f) for f in fields):
            raise ApplicationError(
                "The placement details are the same as now. Enter the new placement, or choose a change of "
                "legal status only",
                field="placement_type",
            )
        _choice(
            reason_place_change,
            PlaceChangeReason,
            field="reason_place_change",
            message="Choose the reason the placement changed",
        )
    current.ended_on = changed_on
    current.reason_ended = EpisodeEndReason.X1
    # SSDA903: the reason for a change of placement is on the episode that ended (rule 1009).
    current.reason_place_change = reason_place_change
    current.save(update_fields=["ended_on", "reason_ended", "reason_place_change"])
    bump_version(period)
    period.save(update_fields=["version"])
    episode = CareEpisode.objects.create(
        period=period,
        person=person,
        started_on=changed_on,
        reason_new=_reason_new(kind, legal_status_changed),
        legal_status=legal_status,
        category_of_need=current.category_of_need,
        home_postcode=period.home_postcode,
        recorded_by=actor,
        **_episode_fields(place),
    )
    if kind == ChangeKind.LEGAL_STATUS:
        chronology_record(
            person=person,
            occurred_on=changed_on,
            kind="care_legal_status_changed",
            summary=f"Legal status changed to {LegalStatus(legal_status).label}",
            recorded_by=actor,
            source=episode,
        )
    else:
        chronology_record(
            person=person,
            occurred_on=changed_on,
            kind="care_placement_changed",
            summary=(
                f"Moved placement {_where(place)} ({PlacementType(place.placement_type).label}). "
                f"Reason: {PlaceChangeReason(reason_place_change).label}"
            ),
            recorded_by=actor,
            significance=Significance.HIGH,
            source=episode,
        )
        clock_cancel(
            rule_key=deadlines.FIRST_VISIT.key,
            subject=current,
            stopped_on=changed_on,
            reason="The child moved placement",
        )
        _placement_started(actor=actor, episode=episode, placement=place)
    return episode


@records_actor()
@transaction.atomic
def period_end(*, actor: Any, period: PeriodOfCare, ended_on: dt.date, reason: str) -> PeriodOfCare:
    """The child stops being looked after: the period and its open episode end with the REC code."""
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.END_CARE, person)
    _require_open(period)
    ended_on = _date(ended_on, field="ended_on", what="the child stopped being looked after")
    if reason == EpisodeEndReason.X1 or reason not in EpisodeEndReason.values:
        raise ApplicationError("Choose why the child stopped being looked after", field="reason")
    current = _current_episode(period)
    if ended_on < current.started_on:
        raise ApplicationError(
            f"The end of care cannot be before the current episode started, on {spoken(current.started_on)}",
            field="ended_on",
        )
    current.ended_on = ended_on
    current.reason_ended = reason
    current.save(update_fields=["ended_on", "reason_ended"])
    period.ended_on = ended_on
    period.reason_ended = reason
    period.save(update_fields=["ended_on", "reason_ended"])
    chronology_record(
        person=person,
        occurred_on=ended_on,
        kind="care_ended",
        summary=f"Stopped being looked after: {EpisodeEndReason(reason).label}",
        recorded_by=actor,
        significance=Significance.HIGH,
        source=period,
    )
    for rule in deadlines.PERIOD_RULES:
        clock_cancel(rule_key=rule, subject=period, stopped_on=ended_on, reason="The child stopped being looked after")
    for episode in period.episodes.all():
        clock_cancel(
            rule_key=deadlines.FIRST_VISIT.key,
            subject=episode,
            stopped_on=max(ended_on, episode.started_on),
            reason="The child stopped being looked after",
        )
    _end_involvements(person, ended_on)
    return period


# Host council notifications (reg 13(4)): recorded in the transaction, sent by a task after commit.


def host_notification_queue(*, episode: CareEpisode, placement: Placement, owner: Any = None) -> HostNotification:
    row, created = HostNotification.objects.get_or_create(
        episode=episode,
        email=placement.host_contact_email,
        defaults={
            "person": episode.person,
            "host_council": placement.host_council,
            "contact_name": placement.host_contact_name,
        },
    )
    if created:
        clock_start(
            rule_key=deadlines.HOST_NOTICE.key,
            person=episode.person,
            started_on=episode.started_on,
            subject=row,
            owner=owner,
        )
        from .tasks import send_host_notifications

        pk = row.pk
        transaction.on_commit(lambda: send_host_notifications.enqueue(notification_id=pk))
    return row


def _host_email(row: HostNotification) -> EmailMessage:
    episode = row.episode
    child = episode.person
    council = council_name()
    dob = spoken(child.date_of_birth) if child.date_of_birth else "not known"
    worker = episode.recorded_by
    contact = f"{worker.full_name or worker.username}" + (f", {worker.email}" if worker.email else "")
    body = (
        f"Dear {row.contact_name},\n\n"
        f"Notice of a placement in your area (Care Planning, Placement and Case Review (England) Regulations 2010, "
        f"regulation 13(4)).\n\n"
        f"{council} has placed a child it looks after in {row.host_council}'s area.\n\n"
        f"Child: {child.display_name}, date of birth {dob} ({council} id {child.council_id}).\n"
        f"Placement started: {spoken(episode.started_on)}.\n"
        f"Placement type: {episode.get_placement_type_display()}.\n"
        f"Placement postcode district: {postcode_district(episode.placement_postcode)}.\n"
        f"Legal status: {episode.get_legal_status_display()}.\n\n"
        f"Our contact: {contact}. The care plan and the assessment of the child's needs follow from them.\n\n"
        "This email holds personal information: keep it only in the child's record at your council.\n\n"
        f"{council} children's services (sent by {getattr(settings, 'JIGSAW_SERVICE_NAME', 'Jigsaw')})\n"
    )
    return EmailMessage(subject=f"Placement in your area: a child looked after by {council}", body=body, to=[row.email])


def host_notifications_send(*, notification_id: int | None = None, limit: int = 500) -> int:
    """Send the host council notices not yet sent; returns how many went (core's outbox:
    idempotent, locked, a failure kept on the row and retried)."""
    unsent = HostNotification.objects.unsent()
    if notification_id is not None:
        unsent = unsent.filter(pk=notification_id)
    return outbox_send(
        unsent=unsent,
        build=_host_email,
        select_related=("episode__person", "episode__recorded_by"),
        after_sent=_host_notice_sent,
        limit=limit,
    )


def _host_notice_sent(row: HostNotification) -> None:
    """The notice has gone: the reg 13(4) deadline is met, and the child's chronology says so."""
    sent_on = timezone.localdate(row.sent_at)
    clock_stop(rule_key=deadlines.HOST_NOTICE.key, subject=row, met_on=max(sent_on, row.episode.started_on))
    chronology_record(
        person=row.person,
        occurred_on=sent_on,
        kind="host_council_notified",
        summary=f"{row.host_council} told of the placement in its area",
        source=row,
        significance=Significance.LOW,
    )


# Other councils' children placed here


@records_actor()
@transaction.atomic
def hosted_child_record(
    *,
    actor: Any,
    person: Person | None = None,
    person_data: dict[str, Any] | None = None,
    placing_council: str,
    contact_name: str,
    contact_email: str = "",
    contact_phone: str = "",
    received_on: dt.date,
    placed_on: dt.date,
    placement_type: str = "",
    provider_name: str = "",
    placement_postcode: str = "",
) -> HostedChild:
    """Record another council's child placed in this area, from the notification received."""
    _require(actor, CareAction.RECORD_HOSTED, person)
    placing_council = _text(
        placing_council,
        field="placing_council",
        message="Enter the council that placed the child",
        max_length=200,
        label="Placing council",
    )
    if placing_council.casefold() == council_name().casefold():
        raise ApplicationError(
            f"A child placed by {council_name()} itself goes on the register through a period of care",
            field="placing_council",
        )
    contact_name = _text(
        contact_name, field="contact_name", message="Enter the placing council's contact", max_length=200, label="Name"
    )
    contact_email = (contact_email or "").strip()
    contact_phone = (contact_phone or "").strip()
    if contact_email:
        try:
            validate_email(contact_email)
        except Exception:
            raise ApplicationError("Enter an email address like name@example.gov.uk", field="contact_email") from None
    if not (contact_email or contact_phone):
        raise ApplicationError("Enter the contact's email address or phone number", field="contact_email")
    if contact_phone and not re.fullmatch(r"[0-9 +()\-]{6,40}", contact_phone):
        raise ApplicationError("Enter a phone number, like 01632 960 001", field="contact_phone")
    placed_on = _date(placed_on, field="placed_on", what="the child was placed")
    received_on = _date(received_on, field="received_on", what="the notification was received")
    if placement_type:
        _choice(placement_type, PlacementType, field="placement_type", message="Choose the placement type")
    placement_postcode = clean_postcode(placement_postcode, field="placement_postcode", label="placement postcode")
    if person is None:
        person = person_create(actor=actor, data=person_data or {})
    if person.date_of_birth and placed_on < person.date_of_birth:
        raise ApplicationError("The placement cannot start before the child's date of birth", field="placed_on")
    if HostedChild.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ApplicationError(f"{person.display_name} is already recorded as placed here by another council")
    if open_period(person) is not None:
        raise ApplicationError(f"{person.display_name} is looked after by {council_name()}, not another council")
    hosted = HostedChild.objects.create(
        person=person,
        placing_council=placing_council,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        received_on=received_on,
        placed_on=placed_on,
        placement_type=placement_type,
        provider_name=(provider_name or "").strip()[:200],
        placement_postcode=placement_postcode,
        recorded_by=actor,
    )
    chronology_record(
        person=person,
        occurred_on=placed_on,
        kind="hosted_placement",
        summary=f"Placed in {council_name()}'s area by {placing_council} (notified {spoken(received_on)})",
        recorded_by=actor,
        source=hosted,
    )
    return hosted


@records_actor()
@transaction.atomic
def hosted_child_end(*, actor: Any, hosted: HostedChild, ended_on: dt.date) -> HostedChild:
    hosted = HostedChild.objects.select_for_update().select_related("person").get(pk=hosted.pk)
    _require(actor, CareAction.RECORD_HOSTED, hosted.person)
    if hosted.ended_on is not None:
        raise ApplicationError(f"This placement already ended on {spoken(hosted.ended_on)}")
    ended_on = _date(ended_on, field="ended_on", what="the placement ended")
    if ended_on < hosted.placed_on:
        raise ApplicationError(
            f"The placement cannot end before it started, on {spoken(hosted.placed_on)}", field="ended_on"
        )
    hosted.ended_on = ended_on
    hosted.save(update_fields=["ended_on"])
    chronology_record(
        person=hosted.person,
        occurred_on=ended_on,
        kind="hosted_placement_ended",
        summary=f"Placement in {council_name()}'s area by {hosted.placing_council} ended",
        recorded_by=actor,
        source=hosted,
    )
    return hosted


# The independent reviewing officer


def iro_candidates():
    return get_user_model().objects.filter(role=Role.CP_CHAIR_IRO, is_active=True).order_by("full_name", "username")


@records_actor()
@transaction.atomic
def iro_allocate(
    *, actor: Any, period: PeriodOfCare, iro: Any, allocated_on: dt.date, expected_version: int | None = None
) -> PeriodOfCare:
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.ALLOCATE_IRO, person)
    _require_open(period)
    check_version(period, expected_version)
    if iro is None or not iro_candidates().filter(pk=iro.pk).exists():
        raise ApplicationError("Choose an independent reviewing officer", field="iro")
    allocated_on = _date(allocated_on, field="allocated_on", what="the IRO was allocated")
    if allocated_on < period.started_on:
        raise ApplicationError(
            f"The IRO cannot be allocated before the child came into care, on {spoken(period.started_on)}",
            field="allocated_on",
        )
    if period.iro_id and period.iro_id != iro.pk:
        Involvement.objects.filter(person=person, user_id=period.iro_id, service=SERVICE, ended_on__isnull=True).update(
            ended_on=max(allocated_on, period.iro_allocated_on)
        )
    period.iro = iro
    period.iro_allocated_on = allocated_on
    bump_version(period)
    period.save(update_fields=["iro", "iro_allocated_on", "version"])
    _allocate(iro, person, allocated_on, kind=InvolvementKind.INVITED)
    clock_stop(rule_key=deadlines.IRO_ALLOCATION.key, subject=period, met_on=allocated_on)
    chronology_record(
        person=person,
        occurred_on=allocated_on,
        kind="iro_allocated",
        summary=f"Independent reviewing officer allocated: {iro.full_name or iro.username}",
        recorded_by=actor,
        significance=Significance.LOW,
        source=period,
    )
    return period


@records_actor()
@transaction.atomic
def monitoring_note_add(*, actor: Any, period: PeriodOfCare, noted_on: dt.date, note: str) -> MonitoringNote:
    person = period.person
    _require(actor, CareAction.MONITOR, person)
    noted_on = _date(noted_on, field="noted_on", what="of the note")
    if noted_on < period.started_on:
        raise ApplicationError("The note cannot be before the child came into care", field="noted_on")
    note = _text(note, field="note", message="Enter what you found when monitoring the care plan")
    return MonitoringNote.objects.create(period=period, person=person, noted_on=noted_on, note=note, by=actor)


@records_actor()
@transaction.atomic
def concern_raise(*, actor: Any, period: PeriodOfCare, raised_on: dt.date, summary: str) -> IROConcern:
    person = period.person
    _require(actor, CareAction.RAISE_CONCERN, person)
    raised_on = _date(raised_on, field="raised_on", what="the concern was raised")
    if raised_on < period.started_on:
        raise ApplicationError("The concern cannot be before the child came into care", field="raised_on")
    summary = _text(summary, field="summary", message="Enter the concern about practice")
    concern = IROConcern.objects.create(
        period=period, person=person, raised_on=raised_on, summary=summary, raised_by=actor
    )
    ConcernStep.objects.create(
        concern=concern, person=person, stage=ConcernStage.INFORMAL, taken_on=raised_on, note=summary, by=actor
    )
    chronology_record(
        person=person,
        occurred_on=raised_on,
        kind="iro_concern",
        summary="The IRO raised a concern about practice",
        detail=summary,
        recorded_by=actor,
        source=concern,
    )
    return concern


IRO_CONCERN_ESCALATED = "iro_concern_escalated"
# Who an IRO's concern can be escalated to: the child's team manager, or the IRO service's
# manager (a chair); the director's and head of service's stages go to whoever holds those posts.
ESCALATION_ROLES = (Role.TEAM_MANAGER, Role.CP_CHAIR_IRO, Role.PARTNERSHIP_MANAGER)


def concern_escalation_candidates(*, person: Person, actor: Any) -> list[Any]:
    """People an IRO may escalate a concern about this child to: managers who can see the child."""
    from jigsaw.access.policy import Action, can

    users = get_user_model().objects.filter(role__in=ESCALATION_ROLES, is_active=True).exclude(pk=actor.pk)
    return [u for u in users.order_by("full_name", "username") if can(u, Action.VIEW, person)]


def concern_escalation_default(*, person: Person) -> Any:
    """The team manager of the child's allocated worker (the usual first escalation), if there is one."""
    involvement = (
        Involvement.objects.filter(person=person, kind=InvolvementKind.ALLOCATED, ended_on__isnull=True)
        .exclude(user__team__isnull=True)
        .select_related("user")
        .order_by("-started_on", "-pk")
        .first()
    )
    if involvement is None:
        return None
    return (
        get_user_model()
        .objects.filter(team_id=involvement.user.team_id, role=Role.TEAM_MANAGER, is_active=True)
        .order_by("pk")
        .first()
    )


def _answered(concern: IROConcern, on: dt.date, reason: str) -> None:
    """The escalated step before this one has its answer (a resolution, or a later stage)."""
    for step in concern.steps.filter(escalated_to__isnull=False):
        clock_stop(rule_key=deadlines.IRO_CONCERN_RESPONSE.key, subject=step, met_on=on, reason=reason)


@records_actor()
@transaction.atomic
def concern_escalate(
    *,
    actor: Any,
    concern: IROConcern,
    stage: str,
    escalated_on: dt.date,
    note: str = "",
    escalated_to: Any = None,
) -> ConcernStep:
    """Escalate the IRO's concern to the next stage, to a named person who must answer it: they are
    told (a notification linking to the child's care record) and the answer is on their My work."""
    concern = IROConcern.objects.select_for_update().select_related("person").get(pk=concern.pk)
    _require(actor, CareAction.RAISE_CONCERN, concern.person)
    if concern.resolved_on:
        raise ApplicationError(f"This concern was resolved on {spoken(concern.resolved_on)}")
    _choice(stage, ConcernStage, field="stage", message="Choose the stage to escalate to")
    if CONCERN_STAGE_ORDER.index(stage) <= CONCERN_STAGE_ORDER.index(concern.stage):
        raise ApplicationError(
            f"The concern is already at the {ConcernStage(concern.stage).label.lower()} stage: choose a later stage",
            field="stage",
        )
    escalated_on = _date(escalated_on, field="escalated_on", what="of the escalation")
    last = concern.steps.order_by("-taken_on").first()
    if last and escalated_on < last.taken_on:
        raise ApplicationError(
            f"The escalation cannot be before the last step, on {spoken(last.taken_on)}", field="escalated_on"
        )
    person = concern.person
    if escalated_to is None and stage != ConcernStage.CAFCASS:
        raise ApplicationError("Choose who the concern is escalated to", field="escalated_to")
    if escalated_to is not None and escalated_to not in concern_escalation_candidates(person=person, actor=actor):
        raise ApplicationError(
            "Choose a manager who can see this child's record (a team manager or the IRO service's manager)",
            field="escalated_to",
        )
    _answered(concern, escalated_on, f"Escalated further: {ConcernStage(stage).label}")
    concern.stage = stage
    concern.save(update_fields=["stage"])
    step = ConcernStep.objects.create(
        concern=concern,
        person=person,
        stage=stage,
        taken_on=escalated_on,
        note=(note or "").strip(),
        by=actor,
        escalated_to=escalated_to,
    )
    if escalated_to is not None:
        clock_start(
            rule_key=deadlines.IRO_CONCERN_RESPONSE.key,
            person=person,
            started_on=escalated_on,
            subject=step,
            owner=escalated_to,
        )
        notify(
            recipient=escalated_to,
            kind=IRO_CONCERN_ESCALATED,
            title=f"{actor} escalated a concern about {person.display_name}'s care to you "
            f"({ConcernStage(stage).label.lower()} stage)",
            body="The independent reviewing officer has escalated a concern about practice. "
            "Read it on the child's care record and respond.",
            url=reverse("care:person", args=[person.pk]) + "#concerns",
            person=person,
            dedupe_key=f"iro-concern-step-{step.pk}",
        )
    if stage == ConcernStage.CAFCASS:
        chronology_record(
            person=person,
            occurred_on=escalated_on,
            kind="iro_cafcass_referral",
            summary="The IRO referred the case to Cafcass",
            recorded_by=actor,
            significance=Significance.HIGH,
            source=concern,
        )
    return step


@records_actor()
@transaction.atomic
def concern_resolve(*, actor: Any, concern: IROConcern, resolved_on: dt.date, resolution: str) -> IROConcern:
    concern = IROConcern.objects.select_for_update().select_related("person").get(pk=concern.pk)
    _require(actor, CareAction.RAISE_CONCERN, concern.person)
    if concern.resolved_on:
        raise ApplicationError(f"This concern was resolved on {spoken(concern.resolved_on)}")
    resolved_on = _date(resolved_on, field="resolved_on", what="the concern was resolved")
    if resolved_on < concern.raised_on:
        raise ApplicationError(
            f"The concern cannot be resolved before it was raised, on {spoken(concern.raised_on)}", field="resolved_on"
        )
    last = concern.steps.order_by("-taken_on").first()
    if last and resolved_on < last.taken_on:
        raise ApplicationError(
            f"The concern cannot be resolved before its last step, on {spoken(last.taken_on)}", field="resolved_on"
        )
    concern.resolution = _text(resolution, field="resolution", message="Enter how the concern was resolved")
    concern.resolved_on = resolved_on
    concern.save(update_fields=["resolution", "resolved_on"])
    _answered(concern, resolved_on, "The concern was resolved")
    return concern


# Reviews


@records_actor()
@transaction.atomic
def review_convene(*, actor: Any, period: PeriodOfCare, starts_at: dt.datetime, location: str = "") -> CareReview:
    """Convene a looked-after review in the meetings engine, chaired by the child's IRO."""
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.CONVENE_REVIEW, person)
    _require_open(period)
    if period.reviews.filter(held_on__isnull=True).exists():
        raise ApplicationError("A review is already convened: record it before convening the next one")
    if starts_at is None:
        raise ApplicationError("Enter the date of the review", field="starts_at")
    day = timezone.localdate(starts_at) if timezone.is_aware(starts_at) else starts_at.date()
    if day < period.started_on:
        raise ApplicationError("The review cannot be before the child came into care", field="starts_at")
    number = period.reviews.count() + 1
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.LAC_REVIEW,
        title=f"Looked-after review {number}",
        starts_at=starts_at,
        location=location,
        chair=period.iro,
        subjects=[person],
    )
    return CareReview.objects.create(period=period, person=person, meeting=meeting, convened_for=day)


@records_actor()
@transaction.atomic
def review_record(*, actor: Any, review: CareReview, held_on: dt.date, participation: str) -> CareReview:
    """The review was held: the child's participation (PN code), and the next review's clock."""
    review = CareReview.objects.select_for_update().select_related("period", "person").get(pk=review.pk)
    period, person = review.period, review.person
    _require(actor, CareAction.RECORD_REVIEW, person)
    if review.held_on:
        raise ApplicationError(f"This review was recorded as held on {spoken(review.held_on)}")
    held_on = _date(held_on, field="held_on", what="the review was held")
    if held_on < period.started_on:
        raise ApplicationError("The review cannot be before the child came into care", field="held_on")
    if period.ended_on and held_on > period.ended_on:
        raise ApplicationError("The review cannot be after the period of care ended", field="held_on")
    last = period.reviews.filter(held_on__isnull=False).order_by("-held_on").first()
    if last and held_on < last.held_on:
        raise ApplicationError(
            f"The review cannot be before the last review, held on {spoken(last.held_on)}", field="held_on"
        )
    _choice(participation, Participation, field="participation", message="Choose how the child took part")
    age = person.age_on(held_on)
    if participation == Participation.PN0 and age is not None and age >= 4:
        raise ApplicationError("PN0 is only for a child under 4", field="participation")
    if participation != Participation.PN0 and age is not None and age < 4:
        # SSDA903 rule 441: a child under 4 on the day is recorded as PN0, whatever took place.
        raise ApplicationError(
            f"{person.display_name} was {age} on the day of the review: choose PN0 (a child under 4)",
            field="participation",
        )
    review.held_on = held_on
    review.participation = participation
    review.recorded_by = actor
    review.save(update_fields=["held_on", "participation", "recorded_by"])
    held_before = period.reviews.filter(held_on__isnull=False).exclude(pk=review.pk).count()
    for rule in deadlines.REVIEW_RULES:
        clock_stop(rule_key=rule, subject=period, met_on=held_on)
    if period.ended_on is None:
        next_rule = deadlines.SECOND_REVIEW.key if held_before == 0 else deadlines.LATER_REVIEW.key
        clock_start(rule_key=next_rule, person=person, started_on=held_on, subject=period, owner=period.iro)
    chronology_record(
        person=person,
        occurred_on=held_on,
        kind="lac_review",
        summary=f"Looked-after review held. Participation: {Participation(participation).label}",
        recorded_by=actor,
        source=review,
    )
    return review


# Health, education and visits


@records_actor()
@transaction.atomic
def health_assessment_record(*, actor: Any, period: PeriodOfCare, kind: str, done_on: dt.date) -> HealthAssessment:
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.RECORD_HEALTH, person)
    _choice(kind, HealthAssessmentKind, field="kind", message="Choose initial or review health assessment")
    done_on = _date(done_on, field="done_on", what="of the health assessment")
    if kind == HealthAssessmentKind.INITIAL and period.health_assessments.filter(kind=kind).exists():
        raise ApplicationError("The initial health assessment is already recorded: choose review", field="kind")
    if kind == HealthAssessmentKind.REVIEW and not period.health_assessments.exists():
        raise ApplicationError("Record the initial health assessment first", field="kind")
    earliest = period.started_on
    if kind == HealthAssessmentKind.INITIAL:
        # Before the first placement is allowed (reg 7); not more than a month before.
        earliest = period.started_on - dt.timedelta(days=31)
    if done_on < earliest:
        raise ApplicationError("The assessment date is before the child came into care", field="done_on")
    row = HealthAssessment.objects.create(period=period, person=person, kind=kind, done_on=done_on, recorded_by=actor)
    met_on = max(done_on, period.started_on)
    for rule in deadlines.HEALTH_RULES:
        clock_stop(rule_key=rule, subject=period, met_on=met_on)
    if period.ended_on is None:
        under_5 = person.date_of_birth is not None and (done_on - person.date_of_birth).days < 5 * 365.25
        rule = deadlines.HEALTH_REVIEW_UNDER_5.key if under_5 else deadlines.HEALTH_REVIEW.key
        clock_start(rule_key=rule, person=person, started_on=met_on, subject=period, owner=actor)
    return row


@records_actor()
@transaction.atomic
def education_plan_record(*, actor: Any, period: PeriodOfCare, done_on: dt.date) -> EducationPlan:
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.RECORD_PEP, person)
    done_on = _date(done_on, field="done_on", what="of the personal education plan")
    if done_on < period.started_on:
        raise ApplicationError("The plan cannot be before the child came into care", field="done_on")
    row = EducationPlan.objects.create(period=period, person=person, done_on=done_on, recorded_by=actor)
    for rule in deadlines.PEP_RULES:
        clock_stop(rule_key=rule, subject=period, met_on=done_on)
    if period.ended_on is None:
        clock_start(rule_key=deadlines.PEP_REVIEW.key, person=person, started_on=done_on, subject=period, owner=actor)
    return row


@records_actor()
@transaction.atomic
def visit_record(*, actor: Any, period: PeriodOfCare, visited_on: dt.date, seen_alone: bool) -> CareVisit:
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.RECORD_VISIT, person)
    _require_open(period)
    visited_on = _date(visited_on, field="visited_on", what="of the visit")
    if visited_on < period.started_on:
        raise ApplicationError("The visit cannot be before the child came into care", field="visited_on")
    if seen_alone is None:
        raise ApplicationError("Say whether the child was seen alone", field="seen_alone")
    row = CareVisit.objects.create(
        period=period, person=person, visited_on=visited_on, seen_alone=bool(seen_alone), by=actor
    )
    episode = period.episodes.filter(started_on__lte=visited_on).order_by("-started_on").first()
    if episode is not None:
        clock_stop(rule_key=deadlines.FIRST_VISIT.key, subject=episode, met_on=visited_on)
    clock_stop(rule_key=deadlines.VISIT.key, subject=period, met_on=visited_on)
    clock_start(rule_key=deadlines.VISIT.key, person=person, started_on=visited_on, subject=period, owner=actor)
    chronology_record(
        person=person,
        occurred_on=visited_on,
        kind="care_visit",
        summary="Statutory visit" + (", child seen alone" if seen_alone else ", child not seen alone"),
        recorded_by=actor,
        significance=Significance.LOW,
        source=row,
    )
    return row


# Health outcomes (SSDA903 OC2)


@records_actor()
@transaction.atomic
def health_outcomes_record(
    *,
    actor: Any,
    period: PeriodOfCare,
    year: int,
    sdq_score: int | None,
    sdq_reason: str,
    health_check: bool,
    immunisations: bool,
    teeth_check: bool,
    health_assessment: bool,
    substance_misuse: bool,
    intervention_received: bool | None,
    intervention_offered: bool | None,
    convicted: bool,
) -> HealthOutcomes:
    """The year's health outcomes of a child looked after for 12 months at 31 March (OC2). Saved
    again for the same year, the later answers replace the earlier."""
    period = _lock_period(period)
    person = period.person
    _require(actor, CareAction.RECORD_HEALTH, person)
    year_end = dt.date(year, 3, 31)
    if period.started_on > year_end - dt.timedelta(days=365):
        raise ApplicationError(
            f"Health outcomes are for children looked after for 12 months on 31 March {year}: "
            f"{person.display_name} came into care on {spoken(period.started_on)}",
            field="year",
        )
    if sdq_score is None and not sdq_reason:
        raise ApplicationError(
            "Enter the strengths and difficulties score, or the reason there is none", field="sdq_score"
        )
    if sdq_score is not None and sdq_reason:
        raise ApplicationError("Enter a score or a reason there is none, not both", field="sdq_reason")
    if sdq_score is not None and not 0 <= sdq_score <= 40:
        raise ApplicationError("The strengths and difficulties score is from 0 to 40", field="sdq_score")
    if sdq_reason:
        _choice(sdq_reason, SdqReason, field="sdq_reason", message="Choose the reason there is no score")
    age = person.age_on(year_end)
    if sdq_score is not None and age is not None and not 4 <= age <= 16:
        raise ApplicationError(
            f"The questionnaire is for children aged 4 to 16; {person.display_name} was {age} on 31 March {year}. "
            "Choose reason SDQ1",
            field="sdq_score",
        )
    if substance_misuse and intervention_received is None:
        raise ApplicationError(
            "Say whether they received an intervention for substance misuse", field="intervention_received"
        )
    if not substance_misuse:
        intervention_received = intervention_offered = None
    values = {
        "period": period,
        "sdq_score": sdq_score,
        "sdq_reason": sdq_reason or "",
        "health_check": bool(health_check),
        "immunisations": bool(immunisations),
        "teeth_check": bool(teeth_check),
        "health_assessment": bool(health_assessment),
        "substance_misuse": bool(substance_misuse),
        "intervention_received": intervention_received,
        "intervention_offered": intervention_offered,
        "convicted": bool(convicted),
        "recorded_by": actor,
        "recorded_at": timezone.now(),
    }
    row, _created = HealthOutcomes.objects.update_or_create(person=person, year=year, defaults=values)
    return row


# Care leavers


@records_actor()
@transaction.atomic
def care_leaver_contact_record(
    *, actor: Any, person: Person, contacted_on: dt.date, in_touch: str, activity: str, accommodation: str
) -> CareLeaverContact:
    _require(actor, CareAction.RECORD_CARE_LEAVER, person)
    last = PeriodOfCare.objects.filter(person=person).order_by("-started_on").first()
    if last is None or last.ended_on is None:
        raise ApplicationError(f"{person.display_name} is not a care leaver: no period of care has ended")
    contacted_on = _date(contacted_on, field="contacted_on", what="of the contact")
    if contacted_on < last.ended_on:
        raise ApplicationError(
            f"The contact must be on or after the child left care, on {spoken(last.ended_on)}", field="contacted_on"
        )
    _choice(in_touch, InTouch, field="in_touch", message="Choose whether the council is in touch")
    _choice(activity, Activity, field="activity", message="Choose the young person's main activity")
    if accommodation not in ACCOMMODATION_CODES:
        raise ApplicationError("Choose the young person's accommodation", field="accommodation")
    if CareLeaverContact.objects.filter(person=person, contacted_on=contacted_on).exists():
        raise ApplicationError("A contact is already recorded on that date", field="contacted_on")
    return CareLeaverContact.objects.create(
        person=person,
        contacted_on=contacted_on,
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        recorded_by=actor,
    )


__all__ = [
    "Placement",
    "care_leaver_contact_record",
    "concern_escalate",
    "concern_raise",
    "concern_resolve",
    "education_plan_record",
    "episode_change",
    "health_assessment_record",
    "health_outcomes_record",
    "host_notifications_send",
    "hosted_child_end",
    "hosted_child_record",
    "iro_allocate",
    "monitoring_note_add",
    "period_end",
    "period_start",
    "review_convene",
    "review_record",
    "visit_record",
]
