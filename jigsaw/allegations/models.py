"""Allegations against staff (LADO): records."""

from django.db import models  # noqa: F401
