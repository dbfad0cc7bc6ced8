"""The embedded default: SQLite, demo mode, debug on. Never use in production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
JIGSAW_DEMO_MODE = env.bool("JIGSAW_DEMO_MODE", default=True)
# The demo shows the emails it would have sent on the console instead of needing a relay.
MAILERS = {"default": {"BACKEND": env("JIGSAW_MAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")}}
# The demo council's 10 to 17 year olds (a made-up estimate), for the youth justice rates.
JIGSAW_YOUTH_POPULATION_10_TO_17 = env.int("JIGSAW_YOUTH_POPULATION_10_TO_17", default=21_400)
JIGSAW_YOUTH_POPULATION_SOURCE = env("JIGSAW_YOUTH_POPULATION_SOURCE", default="Demo estimate, mid-2026")

# The demo council's codes for the statutory returns. The SSDA903 validator looks placements'
# postcodes up in the ONS directory and compares their council with this one, so the demo borrows
# a real council's codes and postcodes (Hartlepool: jigsaw/care/demo.py REAL_POSTCODES).
JIGSAW_COUNCIL_CODE = env("JIGSAW_COUNCIL_CODE", default="805")
JIGSAW_COUNCIL_GSS_CODE = env("JIGSAW_COUNCIL_GSS_CODE", default="E06000001")
