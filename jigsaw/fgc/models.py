"""Family group conferences: records."""

from django.db import models  # noqa: F401
