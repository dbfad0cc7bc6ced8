"""The backup and restore drill (issue 15): dump, destroy, restore, then every table's row count
matches, verify_audit passes against its external anchor, and the demo user signs in and sees
the same child's page. On PostgreSQL (pg_dump/pg_restore); the SQLite copy is checked too."""

from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import User
from jigsaw.core.backup import BackupError, backup_create, backup_restore, table_row_counts
from jigsaw.demo.casework import demo_make
from jigsaw.demo.generator import DEMO_PASSWORD
from jigsaw.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def child_page(user: User, child: Person) -> str:
    client = Client()
    response = client.post("/account/sign-in/", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "the demo user could not sign in"
    page = client.get(f"/people/{child.pk}/")
    assert page.status_code == 200
    return unescape(page.content.decode())


def a_worker_and_their_child() -> tuple[User, Person]:
    for user in User.objects.filter(role=Role.SOCIAL_WORKER, demo_2fa_exempt=True).order_by("username"):
        child = Person.objects.visible_to(user).order_by("pk").first()
        if child is not None:
            return user, child
    raise AssertionError("the demo council has no social worker with a child")


@pytest.fixture
def demo_council(settings, tmp_path):
    settings.JIGSAW_DEMO_MODE = True
    settings.JIGSAW_AUDIT_ANCHOR_PATH = tmp_path / "anchor" / "audit-anchors.jsonl"
    demo_make(children=8, seed=15, as_of=timezone.localdate())
    call_command("audit_anchor_write")  # the chain's head, outside the database


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore: PostgreSQL only")
def test_dump_destroy_restore_on_postgresql(demo_council, tmp_path):
    user, child = a_worker_and_their_child()
    before = child_page(user, child)
    assert child.display_name in before

    dump = tmp_path / "backups" / "jigsaw.dump"
    counts = backup_create(path=dump)
    assert counts["people_person"] == Person.objects.count() > 8
    assert counts["audit_auditentry"] > 0

    with connection.cursor() as cursor:  # the disaster
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    assert table_row_counts() == {}

    restored = backup_restore(path=dump)
    assert restored == counts  # every table, every row

    call_command("verify_audit")  # the chain, held to the anchor written before the backup
    after = child_page(User.objects.get(pk=user.pk), Person.objects.get(pk=child.pk))
    assert child.display_name in after


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_restore_over_a_database_in_use_is_refused_without_clean(demo_council, tmp_path):
    dump = tmp_path / "jigsaw.dump"
    backup_create(path=dump)
    with pytest.raises(BackupError, match="already has"):
        backup_restore(path=dump)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database's copy")
def test_sqlite_copy_and_back(demo_council, tmp_path):
    user, child = a_worker_and_their_child()
    counts = backup_create(path=tmp_path / "jigsaw.sqlite3")
    User.objects.filter(pk=user.pk).update(job_title="changed after the backup")
    with pytest.raises(BackupError, match="already has"):
        backup_restore(path=tmp_path / "jigsaw.sqlite3")
    assert backup_restore(path=tmp_path / "jigsaw.sqlite3", clean=True) == counts
    assert User.objects.get(pk=user.pk).job_title == user.job_title
    call_command("verify_audit")
    assert child.display_name in child_page(user, child)
