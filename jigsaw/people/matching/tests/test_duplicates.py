"""find_duplicates: planted duplicates are listed; twins and siblings are not."""

import datetime as dt

from jigsaw.people.matching import find_duplicates, index_persons
from jigsaw.people.models import Address, Person


def test_a_planted_duplicate_is_found_and_the_twins_are_not(family, everyone):
    jack = family["jack"]
    copy = Person.objects.create(
        council_id="DUP-JACK", given_names="Jak", family_name="Smith", date_of_birth=dt.date(2012, 5, 11), sex="M"
    )
    Address.objects.create(person=copy, line_1="3 High St", postcode="CV3 4EF")
    index_persons([copy])

    pairs = find_duplicates(everyone)
    as_sets = [{p.person_a_id, p.person_b_id} for p in pairs]
    assert {jack.pk, copy.pk} in as_sets
    assert {family["olivia"].pk, family["sophie"].pk} not in as_sets
    pair = pairs[as_sets.index({jack.pk, copy.pk})]
    assert pair.score >= 85
    assert any("day and month swapped" in r for r in pair.reasons)


def test_duplicates_outside_the_scope_are_not_listed(family, everyone):
    jack = family["jack"]
    copy = Person.objects.create(
        council_id="DUP-JACK2", given_names="Jack", family_name="Smith", date_of_birth=dt.date(2012, 11, 5)
    )
    index_persons([copy])
    assert any({p.person_a_id, p.person_b_id} == {jack.pk, copy.pk} for p in find_duplicates(everyone))
    scoped = find_duplicates(everyone.exclude(pk=copy.pk))
    assert all(copy.pk not in (p.person_a_id, p.person_b_id) for p in scoped)


def _copy_of_olivia(given: str, dob: dt.date | None, **address) -> Person:
    copy = Person.objects.create(council_id=f"DUP-{given}", given_names=given, family_name="Smith", date_of_birth=dob)
    if address:
        Address.objects.create(person=copy, **address)
    index_persons([copy])
    return copy


def _listed(pairs, a, b) -> bool:
    return any({p.person_a_id, p.person_b_id} == {a.pk, b.pk} for p in pairs)


def test_a_second_record_without_a_date_of_birth_at_the_same_house_is_listed(family, everyone):
    copy = _copy_of_olivia("Olivia", None, line_1="14 Mill Lane", postcode="CV1 2AB")
    pairs = find_duplicates(everyone)
    assert _listed(pairs, family["olivia"], copy)
    assert not _listed(pairs, family["sophie"], copy)


def test_a_second_record_made_with_the_middle_name_as_the_first_is_listed(family, everyone):
    olivia = family["olivia"]
    olivia.given_names = "Olivia Mae"
    olivia.save()
    index_persons([olivia])
    copy = _copy_of_olivia("Mae", dt.date(2015, 4, 3), line_1="14 Mill Lane", postcode="CV1 2AB")
    pairs = find_duplicates(everyone)
    assert _listed(pairs, olivia, copy)
    assert not _listed(pairs, family["sophie"], copy)


def test_a_baby_placeholder_at_the_same_house_is_listed_with_the_named_child(family, everyone):
    copy = _copy_of_olivia("Baby", dt.date(2015, 4, 3), line_1="14 Mill Lane", postcode="CV1 2AB")
    pair = next(
        p for p in find_duplicates(everyone) if {p.person_a_id, p.person_b_id} == {family["olivia"].pk, copy.pk}
    )
    assert pair.summary.startswith("Same surname, date of birth and address")


def test_a_baby_placeholder_elsewhere_is_not_listed(family, everyone):
    copy = _copy_of_olivia("Baby", dt.date(2015, 4, 3), line_1="9 Park Row", postcode="LS1 4AP")
    assert not _listed(find_duplicates(everyone), family["olivia"], copy)
