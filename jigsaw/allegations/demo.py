"""Allegations against staff (LADO) in the demo council: cases made through this app's real services."""

import datetime as dt


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    return {}
