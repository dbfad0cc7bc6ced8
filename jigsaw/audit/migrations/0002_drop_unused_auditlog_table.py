"""Drop django-auditlog's own log table, unused here (audit.AuditEntry replaces it).

django-auditlog 3.4.1's migrations create auditlog_logentry even when
AUDITLOG_LOGENTRY_MODEL points elsewhere (jazzband/django-auditlog#804, fixed by #805).
The empty table's foreign key to django_content_type makes PostgreSQL refuse the
TRUNCATE that `flush` and transactional tests run. Once a release with the fix is
installed this migration finds nothing to drop.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS auditlog_logentry", reverse_sql=migrations.RunSQL.noop),
    ]
