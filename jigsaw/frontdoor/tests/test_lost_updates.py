"""Lost updates: follow-up questions and the action plan saved from a page someone has since
saved over are refused, with what was typed kept."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Contact
from jigsaw.frontdoor.services import PersonEntry, contact_record, contact_update

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(officer, family, contact_data, time_machine):
    time_machine.move_to(at(2026, 11, 19, 10, 0))
    return contact_record(
        actor=officer,
        data=contact_data(),
        people=[PersonEntry(role="child", relationship="Subject child", person_id=family["child"].pk)],
    )


def test_a_follow_up_from_an_old_version_is_refused(contact, social_worker):
    contact_update(actor=social_worker, contact=contact, action_plan="Ask the school", expected_version=1)
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        contact_update(actor=social_worker, contact=contact, action_plan="Visit today", expected_version=1)
    contact.refresh_from_db()
    assert contact.action_plan == "Ask the school" and contact.version == 2


def test_the_contact_page_refuses_a_stale_follow_up_and_keeps_what_was_typed(signed_in, contact, social_worker):
    client = signed_in(Role.SOCIAL_WORKER)
    assert 'name="version" value="1"' in client.get(reverse("frontdoor:contact-detail", args=[contact.pk])).text
    contact_update(actor=social_worker, contact=contact, action_plan="Ask the school", expected_version=1)
    data = {"follow_up_questions": "Who else lives there?", "action_plan": "Visit today", "version": 1}
    page = client.post(reverse("frontdoor:contact-follow-up", args=[contact.pk]), data).text
    assert "Someone else changed this record" in page and "Who else lives there?" in page
    assert Contact.objects.get(pk=contact.pk).action_plan == "Ask the school"
