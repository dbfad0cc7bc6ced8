"""Role names mid-sentence keep the capitals of their initialisms ("IRO", "LADO")."""

import pytest

from jigsaw.access.choices import Role
from jigsaw.core.jinja2 import in_a_sentence


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Child protection chair / IRO", "child protection chair / IRO"),
        ("LADO officer", "LADO officer"),
        ("Team manager", "team manager"),
        ("", ""),
    ],
)
def test_a_role_reads_as_it_should_in_a_sentence(name, expected):
    assert in_a_sentence(name) == expected


@pytest.mark.django_db
def test_my_work_names_the_chairs_role_properly(signed_in):
    page = signed_in(Role.CP_CHAIR_IRO, full_name="Priya Nair").get("/").content.decode()
    assert "Signed in as Priya Nair, child protection chair / IRO" in page
    assert "/ iro" not in page
