"""A small index: one well-known family (the Smiths, with twins) among synthetic strangers."""

import datetime as dt
import random

import pytest
from faker import Faker

from jigsaw.people.choices import IdentifierKind, NameKind, RelationshipKind
from jigsaw.people.matching import index_persons
from jigsaw.people.models import (
    Address,
    Household,
    HouseholdMember,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)

_counter = iter(range(1, 1_000_000))


def make_person(given, family, dob, sex="U", *, postcode="", line_1="", moved_from=None, **fields) -> Person:
    person = Person.objects.create(
        council_id=f"M{next(_counter):07d}",
        given_names=given,
        family_name=family,
        date_of_birth=dob,
        sex=sex,
        **fields,
    )
    if postcode:
        Address.objects.create(
            person=person,
            line_1=line_1,
            town="Northbridge",
            postcode=postcode,
            lived_from=dt.date(2024, 3, 1) if moved_from else None,
        )
    if moved_from:
        old_line, old_postcode = moved_from
        Address.objects.create(
            person=person,
            line_1=old_line,
            town="Northbridge",
            postcode=old_postcode,
            lived_from=dt.date(2016, 1, 1),
            lived_to=dt.date(2024, 2, 28),
        )
    return person


@pytest.fixture(scope="package")
def _index(django_db_setup, django_db_blocker):
    """Built once for the package; each test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        people = _build()
        yield people
        Person.objects.all().delete()


@pytest.fixture
def family(_index, db):
    """The Smiths of 14 Mill Lane, CV1 2AB (until 2024 at 3 High Street, CV3 4EF), and 150 strangers."""
    return {role: Person.objects.get(pk=pk) for role, pk in _index.items()}


def _build() -> dict[str, int]:
    home = {"postcode": "CV1 2AB", "line_1": "14 Mill Lane", "moved_from": ("3 High Street", "CV3 4EF")}
    mother = make_person("Rebecca", "Smith", dt.date(1988, 6, 21), "F", nhs_number="4857773456", **home)
    PersonName.objects.create(person=mother, kind=NameKind.PREVIOUS, family_name="Jones", used_to=dt.date(2011, 8, 1))
    father = make_person("William James", "Smith", dt.date(1986, 1, 30), "M", **home)
    jack = make_person("Jack", "Smith", dt.date(2012, 11, 5), "M", upn="A123456789012", **home)
    PersonIdentifier.objects.create(person=jack, kind=IdentifierKind.FORMER_UPN, value="B999999999999")
    olivia = make_person("Olivia", "Smith", dt.date(2015, 4, 3), "F", nhs_number="9434765919", **home)
    sophie = make_person("Sophie", "Smith", dt.date(2015, 4, 3), "F", nhs_number="9434765870", **home)
    household = Household.objects.create(name="Smith household")
    for person in (mother, father, jack, olivia, sophie):
        HouseholdMember.objects.create(household=household, person=person)
    for child in (jack, olivia, sophie):
        for parent in (mother, father):
            Relationship.objects.create(from_person=parent, to_person=child, kind=RelationshipKind.PARENT)

    fake = Faker("en_GB")
    fake.seed_instance(20_241)
    rng = random.Random(7)
    strangers = Person.objects.bulk_create(
        Person(
            council_id=f"S{n:07d}",
            given_names=fake.first_name(),
            family_name=rng.choice(["Smith", "Smyth", "Jones", "Taylor", fake.last_name(), fake.last_name()]),
            date_of_birth=fake.date_between(dt.date(2005, 1, 1), dt.date(2024, 12, 31)),
            sex=rng.choice("FM"),
        )
        for n in range(150)
    )
    Address.objects.bulk_create(
        Address(person=p, line_1=fake.street_address(), town="Northbridge", postcode=fake.postcode()) for p in strangers
    )
    # Namesakes: another Jack Smith and another Olivia Smith, born on other days, elsewhere.
    make_person("Jack", "Smith", dt.date(2010, 2, 17), "M", postcode="NW1 6XE", line_1="2 Baker Street")
    make_person("Olivia", "Smith", dt.date(2016, 9, 9), "F", postcode="LS1 4AP", line_1="9 Park Row")
    index_persons(Person.objects.all())
    return {"mother": mother.pk, "father": father.pk, "jack": jack.pk, "olivia": olivia.pk, "sophie": sophie.pk}


@pytest.fixture
def everyone(db):
    return Person.objects.active()
