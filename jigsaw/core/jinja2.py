"""The Jinja2 environment for every Jigsaw page: GOV.UK Frontend macros plus Django helpers."""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, Undefined
from markupsafe import Markup

from jigsaw.core.forms import revealed_by, revealed_fields, widget_kind
from jigsaw.core.navigation import main_nav, may_search, person_records
from jigsaw.core.summary import case_summary


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def govuk_date(value: date | datetime | None, with_time: bool = False) -> str:
    """Dates as GOV.UK style writes them: 21 November 2026 (and 2:05pm)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        text = f"{value.day} {value:%B %Y}"
        if with_time:
            text += f" at {value:%-I:%M%p}".lower().replace("at", "at", 1)
        return text
    return f"{value.day} {value:%B %Y}"


def in_a_sentence(name: Any) -> str:
    """A name as it reads mid-sentence: "Team manager" -> "team manager", but "IRO", "LADO
    officer" and "Child protection chair / IRO" keep their capitals where an initialism needs
    them ("child protection chair / IRO"), which `lower` would lose ("iro")."""
    words = str(name or "").split(" ")
    return " ".join(w if len(w) > 1 and w[:2].isupper() else w[:1].lower() + w[1:] for w in words)


def link(href: str, text: str, hidden_suffix: str = "") -> Markup:
    """A GOV.UK link for table cells and lists, with its text escaped."""
    if hidden_suffix:
        return Markup('<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>').format(
            href, text, hidden_suffix
        )
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


class UndefinedShownFails(Undefined):
    """An undefined name that may be tested (`if x`, `x is defined`, `x | default`) but not shown.

    Jinja's StrictUndefined also fails on `if params.caption`, which the GOV.UK macros do for
    every optional parameter; this one fails only when the page would print it, which is how
    "{{ no such element: dict object['text'] }}" reached a table's action cell. Used by the
    test suite (JIGSAW_TEMPLATE_UNDEFINED_FAILS), so a page that would show it fails its test.
    """

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()
        return ""  # not reached: the line above raises

    def __html__(self) -> str:
        return str(self)


def environment(**options: Any) -> Environment:
    if getattr(settings, "JIGSAW_TEMPLATE_UNDEFINED_FAILS", False):
        options["undefined"] = UndefinedShownFails
    # Django gives a loader over the apps' jinja2/ folders; add the GOV.UK macros beside it.
    app_loader = options.pop("loader")
    options["loader"] = ChoiceLoader(
        [app_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})]
    )
    options.setdefault("autoescape", True)
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do", "jinja2.ext.loopcontrols"]
    env = Environment(**options)  # noqa: S701 - autoescape is set just above
    env.globals.update(
        {
            "url": url,
            "link": link,
            "widget_kind": widget_kind,
            "revealed_by": revealed_by,
            "revealed_fields": revealed_fields,
            "main_nav": main_nav,
            "may_search": may_search,
            "person_records": person_records,
            "case_summary": case_summary,
            "static": static,
            "get_messages": messages.get_messages,
            "service_name": settings.JIGSAW_SERVICE_NAME,
            "council_name": settings.JIGSAW_COUNCIL_NAME,
            "demo_mode": settings.JIGSAW_DEMO_MODE,
        }
    )
    env.filters["govuk_date"] = govuk_date
    env.filters["in_a_sentence"] = in_a_sentence
    return env
