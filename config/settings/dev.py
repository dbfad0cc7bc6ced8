"""The embedded default: SQLite, demo mode, debug on. Never use in production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
JIGSAW_DEMO_MODE = env.bool("JIGSAW_DEMO_MODE", default=True)
# The demo shows the emails it would have sent on the console instead of needing a relay.
MAILERS = {"default": {"BACKEND": env("JIGSAW_MAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")}}
