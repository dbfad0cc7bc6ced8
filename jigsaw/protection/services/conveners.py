"""Telling the conference service: a social worker holds the initial conference's deadline but
may not convene one, so the people who do (selectors.conference_conveners: the child protection
chairs and business support officers of the conference service) hear when an enquiry starts that
may need one and when an enquiry asks for one, in Jigsaw and by email, with a link to where it
is done; it is also on their "My work" (selectors.conferences_to_arrange)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from jigsaw.access.policy import Action, can
from jigsaw.notifications.kinds import register_kind
from jigsaw.notifications.services import notify
from jigsaw.timescales.models import Clock

from ..choices import ConferenceKind
from ..models import Section47
from ._common import spoken

CONFERENCE_TO_ARRANGE = "conference_to_arrange"
register_kind(CONFERENCE_TO_ARRANGE, "A conference to arrange")


def _icpc_due(section_47: Section47) -> Any:
    clock = (
        Clock.objects.open()
        .filter(rule_key="icpc", content_type=ContentType.objects.get_for_model(Section47), object_id=section_47.pk)
        .first()
    )
    return clock.due_on if clock is not None else None


def _tell(*, section_47: Section47, title: str, body: str, url: str, key: str) -> int:
    from ..selectors import conference_conveners

    person = section_47.person
    told = 0
    for user in conference_conveners():
        if not can(user, Action.VIEW, person):
            continue
        if notify(
            recipient=user,
            kind=CONFERENCE_TO_ARRANGE,
            title=title,
            body=body,
            url=url,
            person=person,
            dedupe_key=f"cp-{key}-{section_47.pk}",
        ):
            told += 1
    return told


def conveners_tell_enquiry_started(*, section_47: Section47) -> int:
    """Section 47 enquiries started: the conference service may have to find a date within 15
    working days, so it hears now (it can convene once the enquiry asks for a conference)."""
    due = _icpc_due(section_47)
    name = section_47.person.display_name
    return _tell(
        section_47=section_47,
        title=f"Section 47 enquiries started for {name}: an initial conference may be needed"
        + (f" by {spoken(due)}" if due else ""),
        body="If the enquiry finds a conference is needed, you will be asked to arrange it.",
        url=reverse("protection:child", args=[section_47.person_id]),
        key="s47-started",
    )


def conveners_tell_conference_needed(*, section_47: Section47) -> int:
    """The enquiry asks for an initial conference: the conference service arranges it."""
    from ..selectors import conference_convene_url

    due = _icpc_due(section_47)
    return _tell(
        section_47=section_47,
        title=f"Arrange the initial child protection conference for {section_47.person.display_name}",
        body=(f"It is due by {spoken(due)}, " if due else "It is due ")
        + "within 15 working days of the strategy discussion that started the enquiry.",
        url=conference_convene_url(section_47.person_id, ConferenceKind.INITIAL),
        key="icpc-needed",
    )
