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
