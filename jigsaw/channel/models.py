"""Channel panel (Prevent): records."""

from django.db import models  # noqa: F401
