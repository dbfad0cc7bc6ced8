"""The children in need census: the DfE's shape, checked against the schema, with looked-after
children in it and nothing after the census date."""

import datetime as dt

from lxml import etree

from jigsaw.returns import cin

from .conftest import YEAR


def test_a_looked_after_child_is_in_the_census_and_the_census_fits_the_schema(scene):
    xml = cin.build(YEAR)
    assert cin.schema_errors(xml) == []
    message = etree.fromstring(xml)
    assert message.findtext("Header/CollectionDetails/ReferenceDate") == "2027-03-31"
    assert message.findtext("Header/Source/LEA") == "805"
    (child,) = message.findall("Children/Child")
    assert child.findtext("ChildIdentifiers/LAchildID") == scene.child.council_id
    assert child.findtext("ChildIdentifiers/UPNunknown") == "UN5"
    assert child.findtext("ChildIdentifiers/Sex") == "F"
    assert [d.text for d in child.findall("ChildCharacteristics/Disabilities/Disability")] == ["NONE"]
    (details,) = child.findall("CINdetails")
    assert details.findtext("CINreferralDate") == "2026-05-04" and details.findtext("ReferralSource") == "5A"
    assert details.find("CINclosureDate") is None and details.findtext("ReferralNFA") == "false"


def test_nothing_after_the_census_date_is_sent(scene):
    from jigsaw.frontdoor.models import Episode

    Episode.objects.filter(person=scene.child).update(closure_date=dt.date(2027, 5, 1), closure_reason="RC7")
    details = etree.fromstring(cin.build(YEAR)).find("Children/Child/CINdetails")
    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None


def test_the_schema_refuses_what_the_dfe_would(scene):
    scene.child.ethnicity = "XXXX"
    scene.child.save(update_fields=["ethnicity"])
    problems = cin.schema_errors(cin.build(YEAR))
    assert len(problems) == 1 and "Ethnicity" in problems[0]


def test_the_census_counts_the_children_the_dashboard_counts(scene):
    from jigsaw.insights import cohorts as insights
    from jigsaw.returns.services import return_produce

    run = return_produce(actor=None, kind="cin", year=YEAR, validate=False)
    sent = etree.fromstring(bytes(run.files.get().content)).findall("Children/Child")
    dashboard = insights.children_in_need(insights.Period.collection_year(2027)).count()
    assert len(sent) == run.children == dashboard == 1


def test_a_looked_after_child_with_no_episode_of_need_is_a_finding_not_a_silent_gap(scene):
    from jigsaw.care.models import CareEpisode, PeriodOfCare
    from jigsaw.people.tests.factories import PersonFactory
    from jigsaw.returns.services import return_produce

    # A period of care recorded before looked-after children opened an episode of need.
    legacy = PersonFactory(date_of_birth=dt.date(2014, 2, 2))
    period = PeriodOfCare.objects.create(person=legacy, started_on=dt.date(2026, 6, 1), started_by=scene.worker)
    CareEpisode.objects.create(
        period=period, person=legacy, started_on=dt.date(2026, 6, 1), reason_new="S", legal_status="C2",
        category_of_need="N1", placement_type="U6", recorded_by=scene.worker,
    )  # fmt: skip
    run = return_produce(actor=None, kind="cin", year=YEAR, validate=False)
    assert run.children == 2  # as the dashboard counts
    assert len(etree.fromstring(bytes(run.files.get().content)).findall("Children/Child")) == 1
    (finding,) = run.issues.all()
    assert (finding.child_id, finding.rule_code, finding.person_id) == (legacy.council_id, "NOEPISODE", legacy.pk)
