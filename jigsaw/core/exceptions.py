from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class ApplicationError(Exception):
    """A business rule said no. The message is plain English, shown to the user as is.

    `field` names the form field the message belongs to, when there is one, so the view
    can put it beside that field and in the error summary. `errors` holds every refusal when
    a service gathered several (`refusals()`): the user sees them all at once, not one per try.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        extra: dict | None = None,
        errors: list["ApplicationError"] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
        self.errors: list[ApplicationError] = errors or [self]


class Refusals:
    """The rules a request breaks, gathered so that all are refused together."""

    def __init__(self) -> None:
        self.errors: list[ApplicationError] = []

    def add(self, message: str, *, field: str | None = None) -> None:
        self.errors.append(ApplicationError(message, field=field))

    def check(self, call: Callable[[], T]) -> T | None:
        """Run a check that raises ApplicationError; keep its refusal and go on (None back)."""
        try:
            return call()
        except ApplicationError as error:
            self.errors.extend(error.errors)
            return None


@contextmanager
def refusals() -> Iterator[Refusals]:
    """with refusals() as refuse: refuse.add("Enter ...", field="x"); ...  -> one ApplicationError
    holding every refusal, raised when the block ends (the first one's message is its own)."""
    gathered = Refusals()
    yield gathered
    if gathered.errors:
        first = gathered.errors[0]
        raise ApplicationError(first.message, field=first.field, errors=list(gathered.errors))
