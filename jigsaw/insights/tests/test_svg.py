"""The server-drawn charts: named and described for assistive technology, text escaped."""

from xml.etree import ElementTree

from jigsaw.insights import svg

NS = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))  # noqa: S314 - Jigsaw's own chart, not untrusted input


def test_a_bar_chart_has_a_title_a_description_and_one_bar_a_figure():
    chart = svg.bar_chart(
        "cp", "Plans <started>", "Plans started, 1 April to 30 November", [("Neglect", 4), ("Emotional", 0)]
    )
    root = parse(chart)  # well-formed XML, or this raises
    assert root.get("role") == "img" and root.get("aria-labelledby") == "cp-title cp-desc"
    assert root.find(f"{NS}title").text == "Plans <started>"  # escaped in the markup, the same text read out
    assert root.find(f"{NS}desc").text.startswith("Plans started")
    assert len(root.findall(f"{NS}rect")) == 2
    assert "style=" not in str(chart)  # nothing the content security policy would block


def test_a_line_chart_draws_each_series_with_its_own_pattern():
    chart = svg.line_chart(
        "t",
        "By month",
        "Two series",
        ["Apr 2026", "May 2026", "Jun 2026"],
        [("Neglect", [1, 2, 3]), ("Emotional", [0, 5, 1])],
    )
    root = parse(chart)
    lines = root.findall(f"{NS}polyline")
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")
    assert [t.text for t in root.findall(f"{NS}text") if t.text in ("Neglect", "Emotional")] == ["Neglect", "Emotional"]


def test_an_empty_period_still_draws():
    parse(svg.line_chart("e", "None", "No data", ["Apr 2026"], [("Referrals", [0])]))
    parse(svg.bar_chart("e", "None", "No data", []))
