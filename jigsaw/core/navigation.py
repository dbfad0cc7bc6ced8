"""The service navigation: what each user sees in the menu depends on the access policy."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from jigsaw.access.policy import Action, can
from jigsaw.notifications.selectors import unread_count

# Each service area's front page, in the menu for those whose role includes it.
SERVICE_AREAS: list[tuple[Action, str, str]] = [
    (Action.FRONT_DOOR, "frontdoor:index", "Front door"),
    (Action.CHILD_PROTECTION, "protection:index", "Child protection"),
    (Action.CHILDREN_IN_CARE, "care:index", "Children in care"),
    (Action.MISSING, "missing:index", "Missing"),
    (Action.EXPLOITATION, "exploitation:index", "Exploitation"),
    (Action.LADO, "allegations:index", "LADO"),
    (Action.CHANNEL, "channel:index", "Channel"),
    (Action.FAMILY_GROUP_CONFERENCE, "fgc:index", "Family group conferences"),
    (Action.YOUTH_JUSTICE, "youthjustice:index", "Youth justice"),
]

# Entries a service area adds for people outside its own menu rule: a professional invited to
# a LADO case, say. Registered from the area's AppConfig.ready (core imports no service area).
_EXTRA_ITEMS: list[tuple[Callable[[Any], bool], str, str]] = []


def register_menu_item(shown_to: Callable[[Any], bool], url_name: str, text: str) -> None:
    if (shown_to, url_name, text) not in _EXTRA_ITEMS:
        _EXTRA_ITEMS.append((shown_to, url_name, text))


# A person's record in each service area ("<app>:person", taking the person's id), linked
# from the person's page for those whose role includes that area.
# None: for anyone who may see the person (a partner sees the plan of a child they work with).
PERSON_RECORDS: list[tuple[Action | None, str, str]] = [
    (None, "protection:child", "Child protection record"),
    (Action.CHILDREN_IN_CARE, "care:person", "Children in care record"),
    (Action.MISSING, "missing:person", "Missing episodes"),
    (Action.EXPLOITATION, "exploitation:person", "Exploitation record"),
    (Action.LADO, "allegations:person", "Allegations (LADO)"),
    (Action.CHANNEL, "channel:person", "Channel record"),
    (Action.FAMILY_GROUP_CONFERENCE, "fgc:person", "Family group conferences"),
    (Action.YOUTH_JUSTICE, "youthjustice:person", "Youth justice record"),
]


def person_records(user: Any, person: Any, held: Any = ()) -> list[dict]:
    """Where this user can start work for the person in the service areas they work in, other
    than those that already hold something (`held`: those hrefs are in the case summary)."""
    if not getattr(user, "is_authenticated", False):
        return []
    held_hrefs = {href for href, _text in held}
    links = [
        {"href": reverse(url_name, args=[person.pk]), "text": text}
        for action, url_name, text in PERSON_RECORDS
        if action is not None and can(user, action)
    ]
    return [link for link in links if link["href"] not in held_hrefs]


def may_search(user: Any) -> bool:
    """Whether the header shows the person search."""
    return getattr(user, "is_authenticated", False) and can(user, Action.SEARCH)


def main_nav(user: Any, path: str) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[tuple[str, str]] = [(reverse("core:home"), "My work")]
    unread = unread_count(user=user)
    items.append((reverse("notifications:list"), f"Notifications ({unread} unread)" if unread else "Notifications"))
    if can(user, Action.SEARCH):
        items.append((reverse("people:search"), "Search"))
    for action, url_name, text in SERVICE_AREAS:
        if can(user, action):
            items.append((reverse(url_name), text))
    for shown_to, url_name, text in _EXTRA_ITEMS:
        if shown_to(user):
            items.append((reverse(url_name), text))
    if user.role:
        items.append((reverse("meetings:list"), "Meetings"))
    if can(user, Action.FIND_DUPLICATES):
        items.append((reverse("people:duplicates"), "Duplicates"))
    if can(user, Action.REVIEW_BREAK_GLASS):
        items.append((reverse("audit:break-glass"), "Emergency access report"))
    if user.role == "partner_practitioner":
        items.append((reverse("people:break-glass"), "Emergency access"))
    if can(user, Action.MANAGE_TOKENS):
        items.append((reverse("api:tokens"), "API tokens"))
    items.append((reverse("access:account"), "Your account"))
    # Last, as GOV.UK's service navigation places it (it asks to confirm before signing out).
    items.append((reverse("access:sign-out"), "Sign out"))

    def active(href: str) -> bool:
        return path == href if href == "/" else path.startswith(href)

    return [{"href": href, "text": text, "active": active(href)} for href, text in items]
