"""The request in hand, for audit entries written outside a view (services, signals)."""

from contextvars import ContextVar

_remote_addr: ContextVar[str | None] = ContextVar("jigsaw_remote_addr", default=None)


def current_remote_addr() -> str | None:
    return _remote_addr.get()


def set_remote_addr(value: str | None):
    return _remote_addr.set(value)


def reset_remote_addr(token) -> None:
    _remote_addr.reset(token)
