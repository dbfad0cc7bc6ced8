"""Signed links: how a professional without a Jigsaw account reaches their own booking or
subscription, and nothing else. A link names one row; changing it breaks the signature."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

BOOKING_SALT = "jigsaw.partnership.booking"
CONFIRM_SALT = "jigsaw.partnership.subscriber.confirm"
UNSUBSCRIBE_SALT = "jigsaw.partnership.subscriber.unsubscribe"


def _token(salt: str, pk: int, email: str) -> str:
    # The email is signed in too: a row id reused after deletion does not open someone else's row.
    return signing.dumps([pk, email.lower()], salt=salt, compress=True)


def read_token(salt: str, token: str, *, max_age: int | None = None) -> tuple[int, str] | None:
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(pk), str(email)


def absolute(path: str) -> str:
    return settings.JIGSAW_BASE_URL.rstrip("/") + path


def booking_path(booking) -> str:
    return reverse("partnership:booking", args=[_token(BOOKING_SALT, booking.pk, booking.email)])


def confirm_path(subscriber) -> str:
    return reverse("partnership:subscriber-confirm", args=[_token(CONFIRM_SALT, subscriber.pk, subscriber.email)])


def unsubscribe_path(subscriber) -> str:
    return reverse("partnership:unsubscribe", args=[_token(UNSUBSCRIBE_SALT, subscriber.pk, subscriber.email)])
