"""A complex strategy meeting about two children in two households: each child's record shows what
concerns that child, and a worker who can see only one child sees nothing of the other."""

import datetime as dt
import html

import pytest
import time_machine
from django.http import Http404

from jigsaw.access.tests.factories import InvolvementFactory
from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.protection import selectors, services
from jigsaw.protection.models import Section47
from jigsaw.protection.tests.conftest import LONDON, all_attended, at, open_episode

LATER = dt.datetime(2027, 2, 1, 12, tzinfo=LONDON)
A_CONCERNS = "Amelia disclosed being driven to a flat on Mill Lane by an older man."
B_CONCERNS = "Kieran was found at the Mill Lane flat at 2am with cash and a new phone."
B_ONLY_PLACE = "Car park behind the Star Inn, Calder Street"
SHARED_SUSPECT = "Adult male known as 'Deano', late 20s"


@pytest.fixture(autouse=True)
def _after_it_all():
    with time_machine.travel(LATER, tick=False):
        yield


@pytest.fixture
def network(people, make_user):
    """Amelia (people.child) and Kieran, from another family and household, in one enquiry."""
    kieran = PersonFactory(given_names="Kieran", family_name="Doyle", council_id="NB0000201")
    # Kieran's own police officer (the health visitor knows only Amelia).
    InvolvementFactory(user=people.police, person=kieran, kind="invited", service="Police")
    kieran_episode = open_episode(worker=people.worker, child=kieran, referral_on=dt.date(2027, 1, 4))
    strategy = services.strategy_discussion_convene(
        actor=people.chair,
        kind="complex_strategy",
        title="Operation Larch",
        children=[
            services.ChildConcerns(episode=people.episode, concerns=A_CONCERNS),
            services.ChildConcerns(episode=kieran_episode, concerns=B_CONCERNS),
        ],
        starts_at=at(dt.date(2027, 1, 11)),
    )
    rows = {r.person_id: r for r in strategy.children.all()}
    amelia_row, kieran_row = rows[people.child.pk], rows[kieran.pk]
    services.enquiry_link_add(
        actor=people.chair,
        strategy=strategy,
        kind="alleged_perpetrator",
        description=SHARED_SUSPECT,
        children=[amelia_row, kieran_row],
    )
    services.enquiry_link_add(
        actor=people.chair, strategy=strategy, kind="place", description=B_ONLY_PLACE, children=[kieran_row]
    )
    services.strategy_discussion_record(
        actor=people.chair,
        strategy=strategy,
        held_on=dt.date(2027, 1, 11),
        attendance=all_attended(strategy.meeting),
        decisions={
            amelia_row.pk: services.ChildDecision(
                section_47=True, reason="Grooming for sexual exploitation", information_shared="School: absences."
            ),
            kieran_row.pk: services.ChildDecision(
                section_47=True, reason="Criminal exploitation", information_shared="Youth justice: known to Deano."
            ),
        },
        actions=[
            services.ActionEntry(
                description="Kieran's youth worker to visit the flat",
                due_on=dt.date(2027, 2, 8),
                owner_name="DC Sam Hollis",
                person=kieran,
            ),
            services.ActionEntry(
                description="Joint visit to Amelia at school", due_on=dt.date(2027, 2, 8), owner=people.worker
            ),
        ],
    )
    return {"strategy": strategy, "kieran": kieran, "amelia_row": amelia_row, "kieran_row": kieran_row}


def test_the_worker_who_knows_only_amelia_sees_only_her_part(people, network):
    view = selectors.strategy_discussion_get(user=people.health_visitor, strategy_id=network["strategy"].pk)
    assert [c.person for c in view.children] == [people.child]
    assert [link.description for link in view.links] == [SHARED_SUSPECT]
    assert not view.sees_every_child


def test_the_strategy_page_shows_amelia_s_part_and_nothing_of_kieran(people, network, login):
    client = login(people.health_visitor)
    page = html.unescape(client.get(f"/protection/strategy/{network['strategy'].pk}/").content.decode())
    assert A_CONCERNS in page and SHARED_SUSPECT in page and "Grooming for sexual exploitation" in page
    for secret in ("Kieran", "Doyle", B_CONCERNS, B_ONLY_PLACE, "Criminal exploitation", "Youth justice"):
        assert secret not in page


def test_amelia_s_record_shows_her_concerns_and_nothing_of_kieran(people, network, login):
    client = login(people.health_visitor)
    page = html.unescape(client.get(f"/protection/children/{people.child.pk}/").content.decode())
    assert A_CONCERNS in page and SHARED_SUSPECT in page and "Operation Larch" in page
    for secret in ("Kieran", "Doyle", B_CONCERNS, B_ONLY_PLACE, "Criminal exploitation"):
        assert secret not in page


def test_kieran_s_record_does_not_exist_for_her(people, network, login):
    with pytest.raises(Http404):
        selectors.protection_record(user=people.health_visitor, person_id=network["kieran"].pk)
    assert login(people.health_visitor).get(f"/protection/children/{network['kieran'].pk}/").status_code == 404


def test_the_unit_sees_both_children_and_each_has_their_own_enquiry(people, network):
    view = selectors.strategy_discussion_get(user=people.chair, strategy_id=network["strategy"].pk)
    assert {c.person for c in view.children} == {people.child, network["kieran"]}
    assert view.sees_every_child
    assert Section47.objects.filter(strategy_discussion=network["strategy"]).count() == 2
    kieran = selectors.protection_record(user=people.chair, person_id=network["kieran"].pk)
    assert kieran.links[network["kieran_row"].pk][0].description in (SHARED_SUSPECT, B_ONLY_PLACE)
    assert {link.description for link in kieran.links[network["kieran_row"].pk]} == {SHARED_SUSPECT, B_ONLY_PLACE}


def test_each_child_s_chronology_is_about_that_child_only(people, network):
    for entry in ChronologyEntry.objects.filter(person=people.child):
        assert "Kieran" not in entry.summary and B_CONCERNS not in entry.summary and "Criminal" not in entry.summary
    assert ChronologyEntry.objects.filter(person=people.child, kind="strategy_discussion").exists()


def test_the_meeting_name_must_not_name_a_child(people):
    with pytest.raises(ApplicationError) as e:
        services.strategy_discussion_convene(
            actor=people.chair,
            kind="complex_strategy",
            title="Rowntree enquiry",
            children=[services.ChildConcerns(episode=people.episode, concerns=A_CONCERNS)],
            starts_at=at(dt.date(2027, 1, 11)),
        )
    assert e.value.field == "title"
    assert e.value.message.startswith("Do not use a child's name")


def test_a_complex_meeting_cannot_be_recorded_by_someone_who_cannot_see_every_child(people, network, login):
    client = login(people.health_visitor)
    assert client.get(f"/protection/strategy/{network['strategy'].pk}/record/").status_code == 403


def test_the_meeting_papers_show_her_only_amelia_s_decision_and_actions(people, network, login):
    client = login(people.health_visitor)
    page = html.unescape(client.get(f"/meetings/{network['strategy'].meeting_id}/").content.decode())
    assert "Operation Larch" in page and "Joint visit to Amelia at school" in page
    assert "Grooming for sexual exploitation" in page
    for secret in ("Kieran", "Doyle", "Criminal exploitation", B_CONCERNS):
        assert secret not in page
