"""Case file audits: a cohort picked by rule from Jigsaw's records, auditors from other agencies
who each see only the children given to them, until the audit ends; grades roll up into a report."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.models import Agency
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.models import Person
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_start

from .. import services
from ..choices import CohortRule
from ..selectors import audit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def children(db):
    today = timezone.localdate()
    kids = []
    for n, (given, family) in enumerate((("Lily", "Marsh"), ("Josh", "Marsh"), ("Kim", "Ellery"), ("Pat", "Okafor"))):
        child = PersonFactory(given_names=given, family_name=family, date_of_birth=dt.date(2015, 1, 1 + n))
        clock_start(rule_key="icpc", person=child, started_on=today - dt.timedelta(days=40 - n))
        kids.append(child)
    hidden = PersonFactory(
        given_names="Dean", family_name="Brooks", restricted_area="lado", date_of_birth=dt.date(2014, 1, 1)
    )
    clock_start(rule_key="icpc", person=hidden, started_on=today - dt.timedelta(days=50))
    return kids


@pytest.fixture
def auditors(make_user):
    police = Agency.objects.create(name="Northbridge Police", kind=AgencyKind.POLICE)
    health = Agency.objects.create(name="Northbridge Community Health", kind=AgencyKind.HEALTH)
    return (
        make_user(Role.PARTNER_PRACTITIONER, full_name="Sam Hollis", agency=police),
        make_user(Role.PARTNER_PRACTITIONER, full_name="Nadia Okafor", agency=health),
    )


def _audit(manager, size=3):
    today = timezone.localdate()
    return services.audit_create(
        actor=manager,
        title="Section 47 enquiries, autumn",
        rule=CohortRule.SECTION_47,
        size=size,
        since=today - dt.timedelta(days=90),
        until=today,
        ends_on=today + dt.timedelta(days=30),
        questions="Was the child seen and heard?\nWas information shared in time?",
        grades="Good\nRequires improvement\nInadequate",
    )


def test_the_cohort_is_the_next_children_by_the_rule_and_never_a_restricted_record(manager, children):
    audit = _audit(manager, size=3)
    assert [c.person_id for c in audit.cases.all()] == [c.pk for c in children[:3]]


def test_each_auditor_sees_only_their_children_until_the_audit_is_closed(manager, children, auditors):
    audit = _audit(manager, size=3)
    police, health = auditors
    first, second, _third = audit.cases.all()
    services.audit_case_assign(actor=manager, case=first, auditor=police)
    services.audit_case_assign(actor=manager, case=second, auditor=health)
    assert list(Person.objects.visible_to(police)) == [children[0]]
    assert list(Person.objects.visible_to(health)) == [children[1]]
    services.audit_close(actor=manager, audit=audit)
    assert not Person.objects.visible_to(police).exists()
    assert not Person.objects.visible_to(health).exists()


def test_the_access_ends_on_the_audits_end_date(manager, children, auditors):
    import time_machine

    audit = _audit(manager, size=1)
    services.audit_case_assign(actor=manager, case=audit.cases.get(), auditor=auditors[0])
    assert Person.objects.visible_to(auditors[0]).exists()
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert not Person.objects.visible_to(auditors[0]).exists()


def test_only_partner_auditors_and_only_their_auditor_grades(manager, children, auditors, make_user):
    audit = _audit(manager, size=1)
    case = audit.cases.get()
    with pytest.raises(ApplicationError):
        services.audit_case_assign(actor=manager, case=case, auditor=make_user(Role.SOCIAL_WORKER))
    services.audit_case_assign(actor=manager, case=case, auditor=auditors[0])
    with pytest.raises(PermissionDenied):
        services.audit_case_grade(actor=auditors[1], case=case, answers={"0": "Good", "1": "Good"}, findings="x")
    with pytest.raises(ApplicationError):
        services.audit_case_grade(actor=auditors[0], case=case, answers={"0": "Good"}, findings="x")
    services.audit_case_grade(
        actor=auditors[0],
        case=case,
        answers={"0": "Good", "1": "Inadequate"},
        findings="The police were not at the strategy discussion",
        actions="Police to attend every strategy discussion",
    )
    report = audit_report(audit)
    assert report.graded == 1
    assert dict(report.by_question[1][1])["Inadequate"] == 1
    assert report.by_agency == [("Northbridge Police", 1, 1)]


def test_the_auditor_grades_through_the_screens(manager, children, auditors, signed_in):
    audit = _audit(manager, size=2)
    first, second = audit.cases.all()
    client = signed_in(Role.PARTNER_PRACTITIONER, full_name="Sam Hollis", agency=auditors[0].agency)
    services.audit_case_assign(actor=manager, case=first, auditor=client.user)
    home = client.get(reverse("core:home"))
    assert "Case file audit: grade" in home.text
    mine = client.get(reverse("partnership:audit-mine"))
    assert "Lily Marsh" in mine.text and "Josh Marsh" not in mine.text
    assert client.get(reverse("people:detail", args=[children[0].pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[children[1].pk])).status_code == 404
    assert client.get(reverse("partnership:audit-case", args=[second.pk])).status_code == 404
    bad = client.post(reverse("partnership:audit-case", args=[first.pk]), {"q0": "Good", "findings": "Seen alone"})
    assert "Choose a grade for" in bad.text and "Seen alone" in bad.text
    ok = client.post(
        reverse("partnership:audit-case", args=[first.pk]),
        {"q0": "Good", "q1": "Requires improvement", "findings": "Seen alone"},
    )
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.answers == {"0": "Good", "1": "Requires improvement"}


def test_the_partnership_manager_sees_council_numbers_not_records(manager, children, signed_in):
    client = signed_in(Role.PARTNERSHIP_MANAGER)
    audit = _audit(manager, size=2)
    page = client.get(reverse("partnership:audit", args=[audit.pk]))
    assert page.status_code == 200
    assert children[0].council_id in page.text
    assert "Lily" not in page.text
