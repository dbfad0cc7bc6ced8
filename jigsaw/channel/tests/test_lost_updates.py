"""Lost updates: progress recorded from a page someone has since saved over is refused."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.channel import services
from jigsaw.core.exceptions import ApplicationError

from .conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(walk, child):
    case = walk.adopted(child)
    return services.intervention_add(
        actor=walk.chair, case=case, kind="mentoring", provider="Intervention Provider", started_on=days_ago(40)
    )


def test_progress_from_an_old_version_is_refused_and_the_newer_kept(walk, support):
    services.intervention_update(actor=walk.chair, intervention=support, progress="Engaging well", expected_version=1)
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.intervention_update(
            actor=walk.chair, intervention=support, progress="Not engaging", expected_version=1
        )
    support.refresh_from_db()
    assert support.progress == "Engaging well" and support.version == 2


def test_the_progress_page_refuses_a_stale_save_and_keeps_what_was_typed(signed_in, walk, support):
    client = signed_in(Role.CHANNEL_CHAIR)
    url = reverse("channel:intervention", args=[support.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    services.intervention_update(actor=walk.chair, intervention=support, progress="Engaging well", expected_version=1)
    page = client.post(url, {"progress": "Missed two sessions", "version": 1}).content.decode()
    assert "Someone else changed this record" in page and "Missed two sessions" in page
    support.refresh_from_db()
    assert support.progress == "Engaging well"
