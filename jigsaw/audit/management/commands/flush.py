"""Django's `flush`, which on PostgreSQL empties every table with one TRUNCATE.

The audit tables refuse TRUNCATE (models.RefuseTruncate), so an ordinary flush fails on
them: the audit log is not emptied by a command typed into the wrong terminal. The test
suite flushes after every transactional test, so where JIGSAW_AUDIT_FLUSH_ALLOWED is on
(config/settings/test.py only) this flush sets those two triggers aside for itself.
"""

from typing import Any

import pgtrigger
from django.conf import settings
from django.core.management.commands.flush import Command as DjangoFlush

from jigsaw.audit.models import TRUNCATE_TRIGGERS


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        if getattr(settings, "JIGSAW_AUDIT_FLUSH_ALLOWED", False):
            with pgtrigger.ignore(*TRUNCATE_TRIGGERS, databases=[options["database"]]):
                return super().handle(**options)
        return super().handle(**options)
