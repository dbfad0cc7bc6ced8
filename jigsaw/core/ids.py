"""Ids sent back by a page (a button's hidden person id): a number, or a clear refusal.

`int()` alone is not enough: it raises on "abc" and on "²" (which `str.isdigit()` lets
through), and a number past the database's largest integer raises inside the query. Both
were server errors (500). A value that is not an id is a bad request (400); an id of a
record the user may not see stays a page that does not exist (404), answered by the view.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import HttpRequest

# The largest id a database column holds (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)


def id_from(value: object) -> int | None:
    """The id written in `value`, or None when it is not one."""
    text = value.strip() if isinstance(value, str) else ""
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


def posted_id(request: HttpRequest, name: str) -> int:
    """The id a form posted under `name`; anything else is a bad request (400), not a crash."""
    number = id_from(request.POST.get(name))
    if number is None:
        raise BadRequest(f"The page sent something that is not a record's id ({name}). Go back and try again")
    return number
