"""The screens: "Who has seen this record" and the emergency access report."""

import html

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.access.models import BreakGlass
from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.audit.services import audit_record

pytestmark = pytest.mark.django_db


def log_url(person) -> str:
    return reverse("audit:person-log", kwargs={"person_id": person.pk})


@pytest.fixture
def viewed(person, make_user):
    """A social worker looked at the person's record, for a reason."""
    viewer = make_user(Role.SOCIAL_WORKER, full_name="Grace Adeyemi")
    audit_record(
        actor=viewer, kind=AuditKind.VIEW, obj=person, purpose="Section 47 enquiry", subject_person_id=person.pk
    )
    return viewer


def test_a_team_manager_sees_who_viewed_a_person(signed_in, person, viewed):
    client = signed_in(Role.TEAM_MANAGER)

    response = client.get(log_url(person))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Who has seen this record" in page
    assert person.display_name in html.unescape(page)  # a name such as O'Donnell is escaped in HTML
    assert "Grace Adeyemi" in page
    assert "Section 47 enquiry" in page
    assert "Social worker" in page
    # Looking at the log is itself logged.
    assert AuditEntry.objects.filter(
        actor=client.user, kind=AuditKind.VIEW, purpose="viewed audit log", subject_person_id=person.pk
    ).exists()


def test_a_social_worker_is_refused(signed_in, person, viewed):
    response = signed_in(Role.SOCIAL_WORKER).get(log_url(person))
    assert response.status_code == 403
    assert b"Grace Adeyemi" not in response.content


def test_a_partner_practitioner_not_involved_is_told_it_does_not_exist(signed_in, person, viewed):
    response = signed_in(Role.PARTNER_PRACTITIONER).get(log_url(person))
    assert response.status_code == 404


def test_an_involved_partner_practitioner_still_cannot_see_the_log(signed_in, person):
    client = signed_in(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=client.user, person=person, kind="invited")
    assert client.get(log_url(person)).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client, person):
    response = client.get(log_url(person))
    assert response.status_code == 302
    assert response.url.startswith(reverse("access:sign-in"))


@pytest.fixture
def access(person, make_user):
    partner = make_user(Role.PARTNER_PRACTITIONER, full_name="Tom Okafor")
    return BreakGlass.objects.create(user=partner, person=person, reason="Child brought to custody suite at 2am")


def test_the_report_lists_a_break_glass_access_with_its_reason(signed_in, access, person):
    response = signed_in(Role.TEAM_MANAGER).get(reverse("audit:break-glass"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tom Okafor" in page
    assert "Child brought to custody suite at 2am" in page
    assert person.display_name in html.unescape(page)  # a name such as O'Donnell is escaped in HTML
    assert "Not reviewed" in page
    assert reverse("audit:break-glass-review", kwargs={"break_glass_id": access.pk}) in page


def test_a_social_worker_cannot_see_the_report(signed_in, access):
    assert signed_in(Role.SOCIAL_WORKER).get(reverse("audit:break-glass")).status_code == 403


def test_a_manager_reviews_an_access_from_the_report(signed_in, access):
    client = signed_in(Role.TEAM_MANAGER)
    url = reverse("audit:break-glass-review", kwargs={"break_glass_id": access.pk})

    response = client.post(url, {f"review-{access.pk}-note": "Confirmed with the custody sergeant"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("audit:break-glass")
    access.refresh_from_db()
    assert access.reviewed_by == client.user
    page = response.content.decode()
    assert "Confirmed with the custody sergeant" in page
    assert "Reviewed" in page


def test_a_review_without_a_note_shows_the_error_and_saves_nothing(signed_in, access):
    client = signed_in(Role.TEAM_MANAGER)
    url = reverse("audit:break-glass-review", kwargs={"break_glass_id": access.pk})

    response = client.post(url, {f"review-{access.pk}-note": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter what you found when you reviewed this access" in page
    access.refresh_from_db()
    assert access.reviewed_at is None


@pytest.mark.django_db
def test_who_has_seen_includes_searches_in_which_the_person_appeared(signed_in, make_user):
    import datetime as dt

    from jigsaw.people.matching import SearchQuery, index_persons
    from jigsaw.people.selectors import person_search
    from jigsaw.people.tests.factories import PersonFactory

    child = PersonFactory(given_names="Harvey", family_name="Lindqvist", date_of_birth=dt.date(2017, 5, 2))
    index_persons([child.pk])
    searcher = make_user(Role.BUSINESS_SUPPORT, full_name="Priya Front-Door")
    person_search(user=searcher, query=SearchQuery(name="Harvey Lindqvist"))
    manager = signed_in(Role.TEAM_MANAGER)
    page = manager.get(f"/audit/people/{child.pk}/").content.decode()
    assert "Priya Front-Door" in page
    assert "Searched" in page
