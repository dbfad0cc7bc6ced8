"""Factories for people. Synthetic people only (Faker, en_GB)."""

import datetime as dt

import factory

from jigsaw.people.models import Address, Person, Relationship


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    council_id = factory.Sequence(lambda n: f"T{n:07d}")
    given_names = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date=dt.date(2009, 1, 1), end_date=dt.date(2025, 12, 31))
    sex = factory.Iterator(["F", "M"])


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(PersonFactory)
    line_1 = factory.Faker("street_address", locale="en_GB")
    town = "Northbridge"
    postcode = factory.Faker("postcode", locale="en_GB")


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory)
    to_person = factory.SubFactory(PersonFactory)
    kind = "parent"
