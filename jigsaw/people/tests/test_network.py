"""The family network picture: generations read top to bottom (a parent is never drawn below the
child), no box overlaps another, and a long name is wrapped or shortened on screen but whole in
the box's title."""

import datetime as dt
import re
from html import escape

from jigsaw.people.models import Person
from jigsaw.people.network import BOX_H, BOX_W, family_network_svg, fit, layout
from jigsaw.people.selectors import FamilyMember, FamilyNetwork


def member(given: str, family: str, relationship: str, *, current: bool = True) -> FamilyMember:
    relative = Person(given_names=given, family_name=family, date_of_birth=dt.date(1990, 5, 1))
    return FamilyMember(person=relative, relationship=relationship, started_on=None, ended_on=None, current=current)


def network(*members: FamilyMember) -> FamilyNetwork:
    child = Person(given_names="Maisie", family_name="Clough", date_of_birth=dt.date(2016, 12, 4))
    return FamilyNetwork(person=child, members=list(members))


def centres(net: FamilyNetwork) -> dict[str, tuple[float, float]]:
    placed, _width, _height = layout(net)
    return {box.name: (box.x, box.y) for box in placed}


def test_generations_run_from_grandparents_at_the_top_to_children_at_the_bottom():
    where = centres(
        network(
            member("Jean", "Clough", "Grandparent"),
            member("Dawn", "Clough", "Parent"),
            member("Lee", "Harker", "Step-parent"),
            member("Tyler", "Clough", "Sibling"),
            member("Ruby", "Clough", "Child"),
            member("Ivy", "Clough", "Grandchild"),
        )
    )
    y = {name: point[1] for name, point in where.items()}
    assert y["Jean Clough"] < y["Dawn Clough"] == y["Lee Harker"] < y["Maisie Clough"]
    assert y["Tyler Clough"] == y["Maisie Clough"] < y["Ruby Clough"] < y["Ivy Clough"]


def test_a_parent_recorded_from_either_side_is_above_the_child():
    # "Parent" when the relationship was recorded from the parent; "Child" read from the other side.
    where = centres(network(member("Dawn", "Clough", "Parent"), member("Ruby", "Clough", "Child")))
    assert where["Dawn Clough"][1] < where["Maisie Clough"][1] < where["Ruby Clough"][1]


def test_no_two_boxes_overlap_and_all_are_inside_the_picture():
    relatives = [member(f"Sibling{i}", "Clough", "Sibling") for i in range(7)]
    relatives += [member(f"Parent{i}", "Clough", "Parent") for i in range(3)]
    placed, width, height = layout(network(*relatives))
    for i, a in enumerate(placed):
        assert BOX_W / 2 <= a.x <= width - BOX_W / 2 and BOX_H / 2 <= a.y <= height - BOX_H / 2
        for b in placed[i + 1 :]:
            assert abs(a.x - b.x) >= BOX_W or abs(a.y - b.y) >= BOX_H, (a.name, b.name)


def test_a_long_name_is_wrapped_then_shortened_but_whole_in_the_title():
    long_name = member("Anne-Marie Josephine Alexandra", "Fotheringham-Whittingstall", "Parent")
    svg = family_network_svg(network(long_name))
    full = "Anne-Marie Josephine Alexandra Fotheringham-Whittingstall"
    assert f"<title>{escape(full)}</title>" in svg
    shown = re.findall(r'font-weight="bold">([^<]*)</text>', svg)
    assert shown[0] == "Anne-Marie" and all(len(line) <= 19 for line in shown)
    assert any(line.endswith("…") for line in shown)


def test_fit_wraps_between_words():
    assert fit("Maisie Clough", 19) == ["Maisie Clough"]
    assert fit("Tyler James Alexander Clough", 19, lines=2) == ["Tyler James", "Alexander Clough"]
    assert fit("Tyler James Alexander Clough", 12, lines=2) == ["Tyler James", "Alexander …"]


def test_the_person_and_relationships_are_in_words_with_dates_in_words():
    svg = family_network_svg(network(member("Dawn", "Clough", "Parent", current=False)))
    assert "Born 4 December 2016" in svg and "04/12/2016" not in svg
    assert ">Parent (ended)</text>" in svg and ">born 1990</text>" in svg and 'stroke-dasharray="6 4"' in svg
