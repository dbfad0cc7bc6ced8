"""The one shape of a form page: show the form, check it, call a service, go on.

Every service area's screens repeat it: GET shows the form; POST binds it, and when it is
valid calls the service; a refusal (ApplicationError) comes back as the GOV.UK error
summary beside the field it names, keeping what the user typed; success redirects (POST,
redirect, GET) so a refresh does not record twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .exceptions import ApplicationError
from .forms import add_application_error
from .locking import VersionField, version_initial

FORM_TEMPLATE = "core/form.html"


def form_page(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], str],
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    success: str = "",
    template: str = FORM_TEMPLATE,
    record: Any = None,
    **context: Any,
) -> HttpResponse:
    """Render and handle a form page.

    `save(cleaned_data)` calls the service and returns the URL to go to next; it may raise
    ApplicationError. `context` reaches the template: `person` (caption), `caption`,
    `intro`, `button`, `sections` [(heading, [field names])], `no_form_reason`.

    `record`: the page edits this existing record (a `core.locking.VersionedModel`). The
    form then carries the version it showed as a hidden field, and `cleaned_data["version"]`
    reaches `save`, which passes it to the service as `expected_version` (optimistic locking).
    """
    kwargs = dict(form_kwargs or {})
    if record is not None:
        initial = {**(initial or {}), **version_initial(record)}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if record is not None:
            form.fields["version"] = VersionField()
        if form.is_valid():
            try:
                next_url = save(form.cleaned_data)
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                if success:
                    messages.success(request, success)
                return redirect(next_url)
    else:
        form = form_class(initial=initial, **kwargs)
        if record is not None:
            form.fields["version"] = VersionField()
    return render(request, template, {"page_title": title, "form": form, "back": back, **context})
