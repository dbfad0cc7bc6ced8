"""The partnership's triggers for a strategy discussion about a child who goes missing.

Statutory-reference 5 marks them local (L): "missing over 24 h, 2+ or 3+ episodes in a
period, exploitation indicators". Set per council in settings, read when used:

    JIGSAW_MISSING_REPEAT_THRESHOLD = {
        "episodes": 3,       # this many episodes ...
        "days": 90,          # ... starting within this many days (the latest included)
        "hours": 24,         # or one episode longer than this (0 turns it off)
        "high_risk": True,   # or an episode the police grade high risk
        "indicators": True,  # or signs of exploitation told at a return home interview
    }
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

SETTING = "JIGSAW_MISSING_REPEAT_THRESHOLD"
DEFAULTS = {"episodes": 3, "days": 90, "hours": 24, "high_risk": True, "indicators": True}


@dataclass(frozen=True)
class Threshold:
    episodes: int
    days: int
    hours: int
    high_risk: bool
    indicators: bool

    @property
    def described(self) -> str:
        parts = [f"{self.episodes} or more episodes within {self.days} days"]
        if self.hours:
            parts.append(f"missing for more than {self.hours} hours")
        if self.high_risk:
            parts.append("high risk")
        if self.indicators:
            parts.append("signs of exploitation at a return home interview")
        return ", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else parts[0]


def threshold() -> Threshold:
    values = {**DEFAULTS, **(getattr(settings, SETTING, None) or {})}
    return Threshold(
        episodes=max(1, int(values["episodes"])),
        days=max(1, int(values["days"])),
        hours=max(0, int(values["hours"])),
        high_risk=bool(values["high_risk"]),
        indicators=bool(values["indicators"]),
    )
