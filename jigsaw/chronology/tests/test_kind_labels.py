"""Every kind of chronology entry has a name a practitioner would use: none is a code with its
underscores taken out ("Iro concern", "Lac review") or two words run together ("Referralby")."""

import ast
import itertools
import pathlib
import re

import pytest

from jigsaw.chronology.choices import kind_label, known_kind

ROOT = pathlib.Path(__file__).resolve().parents[2]  # jigsaw/


def _constants(node: ast.AST) -> list[str]:
    """The string codes an expression can give: a constant, or either side of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _recorded_kinds() -> set[str]:
    """Each `kind=` given to a chronology call (chronology_record or an area's _chronology wrapper)."""
    kinds: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if "chronology" in name:
                kinds.update(c for kw in node.keywords if kw.arg == "kind" for c in _constants(kw.value))
    return kinds


KINDS = sorted(_recorded_kinds())
ACRONYMS_LOWERED = re.compile(r"\b(Iro|Lac|Yj|Fgc|Mace|Lado|Rhi|Cin|Cp|S47|Icpc|Rcpc|Pep)\b")


def test_the_scan_finds_the_areas_kinds():
    assert {"iro_concern", "lac_review", "missing_return", "yj_offence", "fgc_conference"} <= set(KINDS)


@pytest.mark.parametrize("code", KINDS)
def test_each_kind_recorded_has_a_name_of_its_own(code):
    assert known_kind(code), f'"{code}" has no name in chronology.choices'
    label = kind_label(code)
    assert not ACRONYMS_LOWERED.search(label), label
    words = code.split("_")
    for first, second in itertools.pairwise(words):
        assert (first + second) not in label.lower(), label


def test_an_unknown_code_still_reads_as_words():
    assert kind_label("school_exclusion") == "School exclusion"
    assert kind_label("iro_concern") == "IRO's concern about practice"
