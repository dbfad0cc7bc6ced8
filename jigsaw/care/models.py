"""Children in care: records."""

from django.db import models  # noqa: F401
