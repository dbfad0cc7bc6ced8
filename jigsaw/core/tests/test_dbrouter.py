"""The read-replica router: only tolerant reads of case data go to the replica, and only when there is one."""

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import RequestFactory
from django.urls import resolve

from jigsaw.access.models import User
from jigsaw.audit.models import AuditEntry
from jigsaw.core.dbrouter import ReplicaRouter, ReplicaViewMiddleware, _tolerant, tolerant_reads, view_is_tolerant
from jigsaw.people.models import Person
from jigsaw.timescales.models import Clock


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


router = ReplicaRouter()


def test_without_a_replica_every_read_goes_to_the_primary(settings):
    assert "replica" not in settings.DATABASES
    with tolerant_reads():
        assert router.db_for_read(Person) is None


def test_tolerant_reads_of_case_data_go_to_the_replica(with_replica):
    assert router.db_for_read(Person) is None  # an ordinary read
    with tolerant_reads():
        assert router.db_for_read(Person) == "replica"
        assert router.db_for_read(Clock) == "replica"
        # What the request itself depends on stays on the primary.
        for model in (Session, User, AuditEntry):
            assert router.db_for_read(model) is None
    assert router.db_for_read(Person) is None


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    with tolerant_reads(), transaction.atomic():
        assert router.db_for_read(Person) is None


def test_writes_and_migrations_never_go_to_the_replica(with_replica):
    with tolerant_reads():
        assert router.db_for_write(Person) == "default"
    assert router.allow_migrate("replica", "people") is False
    assert router.allow_migrate("default", "people") is None


def test_the_views_named_in_the_setting_are_tolerant(settings):
    settings.JIGSAW_REPLICA_VIEWS = ["people:search", "returns:*"]
    assert view_is_tolerant("people:search")
    assert view_is_tolerant("returns:ssda903")
    assert not view_is_tolerant("people:detail")


def test_a_get_to_search_is_marked_for_that_request_only(with_replica, settings):
    settings.JIGSAW_REPLICA_VIEWS = ["people:search"]
    seen = {}

    def view(request):
        seen["tolerant"] = _tolerant.get()
        from django.http import HttpResponse

        return HttpResponse()

    for method, expected in (("get", True), ("post", False)):
        request = getattr(RequestFactory(), method)("/people/")
        request.resolver_match = resolve("/people/")
        assert request.resolver_match.view_name == "people:search"

        holder = {}

        def get_response(request, _view=view, _holder=holder):
            _holder["mw"].process_view(request, _view, (), {})
            return _view(request)

        holder["mw"] = ReplicaViewMiddleware(get_response)
        holder["mw"](request)
        assert seen["tolerant"] is expected
        assert _tolerant.get() is False  # reset once the response is made
