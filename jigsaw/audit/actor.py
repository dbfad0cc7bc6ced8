"""Who the audit log names for changes made by a service, in or outside a web request."""

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from auditlog.context import set_actor

from .context import current_remote_addr

P = ParamSpec("P")
R = TypeVar("R")


def records_actor(*names: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service so the changes it saves are logged against the keyword argument
    that names the acting user (default: actor), with the caller's address."""
    keys = names or ("actor",)

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            actor: Any = next((kwargs[k] for k in keys if kwargs.get(k) is not None), None)
            if actor is None:
                return func(*args, **kwargs)
            with set_actor(actor, remote_addr=current_remote_addr()):
                return func(*args, **kwargs)

        return wrapper

    return decorate
