"""The service navigation: what each user sees in the menu depends on the access policy."""

from typing import Any

from django.urls import reverse

from jigsaw.access.policy import Action, can


def main_nav(user: Any, path: str) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[tuple[str, str]] = [(reverse("core:home"), "My work")]
    if can(user, Action.SEARCH):
        items.append((reverse("people:search"), "Search"))
    if can(user, Action.FRONT_DOOR):
        items.append((reverse("frontdoor:index"), "Front door"))
    if can(user, Action.CHILD_PROTECTION):
        items.append((reverse("protection:index"), "Child protection"))
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

    def active(href: str) -> bool:
        return path == href if href == "/" else path.startswith(href)

    return [{"href": href, "text": text, "active": active(href)} for href, text in items]
