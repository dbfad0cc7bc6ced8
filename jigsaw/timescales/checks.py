"""System checks: a council's timescale overrides must name local rules with sensible amounts."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from . import rules


@register()
def check_timescale_overrides(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    overrides = getattr(settings, "JIGSAW_TIMESCALE_OVERRIDES", {}) or {}
    for key, amount in overrides.items():
        rule = {r.key: r for r in rules.all_rules()}.get(key)
        if rule is None:
            messages.append(
                Warning(
                    f"JIGSAW_TIMESCALE_OVERRIDES names {key!r}, which is not a deadline rule.", id="timescales.W001"
                )
            )
        elif not rule.local:
            messages.append(
                Error(
                    f"JIGSAW_TIMESCALE_OVERRIDES cannot change {key!r}: it is statutory guidance, not local practice.",
                    hint="Only rules marked local can be overridden. Set an earlier target date on the case instead.",
                    id="timescales.E001",
                )
            )
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            messages.append(
                Error(
                    f"JIGSAW_TIMESCALE_OVERRIDES[{key!r}] must be a whole number of at least 0, not {amount!r}.",
                    id="timescales.E002",
                )
            )
    return messages
