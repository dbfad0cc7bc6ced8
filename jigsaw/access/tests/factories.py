"""Factories for users, agencies and teams. Synthetic people only (Faker, en_GB)."""

import factory

from jigsaw.access.choices import AgencyKind, RestrictedArea, Role
from jigsaw.access.models import Agency, Involvement, Team, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = "Northbridge Children's Services"
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("agency", "name")

    name = "Front door"
    agency = factory.SubFactory(AgencyFactory)
    restricted_area = RestrictedArea.NONE


# Where each role works, by default (partner practitioners at the police, for instance).
ROLE_HOME = {
    Role.PARTNER_PRACTITIONER: ("Northbridge Police", AgencyKind.POLICE, "Public protection unit", ""),
    Role.LADO_OFFICER: (
        "Northbridge Children's Services",
        AgencyKind.CHILDRENS_SOCIAL_CARE,
        "LADO",
        RestrictedArea.LADO,
    ),
    Role.CHANNEL_CHAIR: (
        "Northbridge Children's Services",
        AgencyKind.CHILDRENS_SOCIAL_CARE,
        "Channel panel",
        RestrictedArea.CHANNEL,
    ),
    Role.YOUTH_JUSTICE_OFFICER: ("Northbridge Youth Justice Service", AgencyKind.YOUTH_JUSTICE, "Youth justice", ""),
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    role = Role.SOCIAL_WORKER
    password = factory.django.Password("correct horse battery staple")

    @factory.lazy_attribute
    def agency(self):
        name, kind, _team, _area = ROLE_HOME.get(
            self.role, ("Northbridge Children's Services", AgencyKind.CHILDRENS_SOCIAL_CARE, "", "")
        )
        return AgencyFactory(name=name, kind=kind)

    @factory.lazy_attribute
    def team(self):
        _name, _kind, team, area = ROLE_HOME.get(self.role, ("", "", "Front door", ""))
        return TeamFactory(agency=self.agency, name=team or "Front door", restricted_area=area)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    user = factory.SubFactory(UserFactory)
    person = factory.SubFactory("jigsaw.people.tests.factories.PersonFactory")
    kind = "allocated"
    service = "Child in need"
