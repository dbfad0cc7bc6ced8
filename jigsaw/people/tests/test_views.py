"""People screens through real HTTP requests, as a front-door officer or manager uses them."""

import datetime as dt
import html

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.models import BreakGlass
from jigsaw.audit.models import AuditEntry
from jigsaw.people.models import Person
from jigsaw.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory


def date_fields(name: str, d: dt.date | None) -> dict:
    return {f"{name}-day": d.day, f"{name}-month": d.month, f"{name}-year": d.year} if d else {}


@pytest.mark.django_db
def test_search_finds_a_known_child_with_reasons_and_who_is_allocated(signed_in):
    from jigsaw.access.tests.factories import InvolvementFactory
    from jigsaw.people.matching import index_persons

    client = signed_in(Role.BUSINESS_SUPPORT)
    child = PersonFactory(given_names="Kayden", family_name="Whitfield", date_of_birth=dt.date(2016, 4, 3))
    InvolvementFactory(person=child, service="Child protection")
    index_persons([child.pk])
    page = client.get("/people/", {"name": "Kaiden Whitfeild", "dob": "3/4/2016"}).content.decode()
    assert "Kayden Whitfield" in page
    assert "Why it matched" in page
    assert "Child protection" in page
    entry = AuditEntry.objects.filter(kind="search").latest("sequence")
    assert entry.actor == client.user and "Whitfeild" in str(entry.additional_data)


@pytest.mark.django_db
def test_an_empty_search_says_what_to_do(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    page = client.get("/people/", {"name": ""}).content.decode()
    assert "There is a problem" in page
    assert "Enter at least one detail to search for" in page


@pytest.mark.django_db
def test_person_page_shows_summary_family_network_and_addresses_and_is_audited(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_names="Maisie", family_name="Clough")
    mother = PersonFactory(given_names="Dawn", family_name="Clough")
    RelationshipFactory(from_person=mother, to_person=child, kind="parent")
    AddressFactory(person=child, line_1="14 Orchard Way", postcode="LS1 4AP")
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert "Maisie Clough" in page
    assert "<svg" in page and "Family network of Maisie Clough" in page
    assert "Dawn Clough" in page and "Parent" in page
    assert f'<a class="govuk-link" href="/people/{mother.pk}/">Dawn Clough</a>' in page
    assert "&lt;a" not in page
    assert "14 Orchard Way" in page
    assert AuditEntry.objects.filter(kind="view", subject_person_id=child.pk, actor=client.user).exists()


@pytest.mark.django_db
def test_a_relative_the_user_cannot_see_is_left_out_altogether(signed_in):
    """Not "a record you cannot see": the row, its relationship and dates would give the sealed record away."""
    client = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_names="Maisie", family_name="Clough")
    hidden = PersonFactory(
        given_names="Secret", family_name="Adopter", restricted_area="sealed", date_of_birth=dt.date(2021, 9, 14)
    )
    RelationshipFactory(from_person=child, to_person=hidden, kind="sibling", started_on=hidden.date_of_birth)
    page = client.get(f"/people/{child.pk}/").content.decode()
    assert "Secret Adopter" not in page
    assert "cannot see" not in page and "Not shown" not in page
    assert "14 September 2021" not in page and "Sibling" not in page
    assert "No relationships recorded" in page
    assert "0 relationships" in page  # the picture's description counts only what is shown


@pytest.mark.django_db
def test_adding_a_person_with_bad_input_keeps_what_was_typed(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    data = {
        "given_names": "Tyler",
        "family_name": "Brennan",
        "sex": "M",
        "nhs_number": "943 476 5918",
        **{"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2019"},
    }
    page = client.post("/people/add/", data).content.decode()
    assert "There is a problem" in page
    assert "Date of birth must be a real date" in page
    assert 'value="Tyler"' in page and 'value="Brennan"' in page and 'value="31"' in page
    assert not Person.objects.exists()
    data.update({"date_of_birth-day": "28"})
    page = client.post("/people/add/", data).content.decode()
    assert "fails its check digit" in page
    data["nhs_number"] = "943 476 5919"
    response = client.post("/people/add/", data)
    assert response.status_code == 302
    assert Person.objects.get().date_of_birth == dt.date(2019, 2, 28)


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_the_typed_values_stay(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory(given_names="Jade", family_name="Pearce", sex="F")
    base = {
        "given_names": "Jade",
        "family_name": "Pearce",
        "sex": "F",
        **date_fields("date_of_birth", person.date_of_birth),
    }
    assert client.post(f"/people/{person.pk}/change/", {**base, "school": "Hillside", "version": 1}).status_code == 302
    page = client.post(f"/people/{person.pk}/change/", {**base, "religion": "Quaker", "version": 1}).content.decode()
    assert "Someone else changed this record" in page
    assert 'value="Quaker"' in page
    person.refresh_from_db()
    assert person.school == "Hillside" and person.religion == ""


@pytest.mark.django_db
def test_history_shows_who_changed_what(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory(family_name="Ashworth", sex="F")
    data = {
        "given_names": person.given_names,
        "family_name": "Ashworth-Lane",
        "sex": "F",
        "version": 1,
        **date_fields("date_of_birth", person.date_of_birth),
    }
    client.post(f"/people/{person.pk}/change/", data)
    # Unescaped: a generated name such as "Maurice O'Donnell" is in the HTML as O&#39;Donnell.
    page = html.unescape(client.get(f"/people/{person.pk}/history/").content.decode())
    assert "Ashworth-Lane" in page and "Ashworth" in page
    assert client.user.full_name in page


@pytest.mark.django_db
def test_adding_an_address_with_a_bad_postcode_keeps_the_address_typed(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory()
    page = client.post(
        f"/people/{person.pk}/address/add/", {"line_1": "3 Canal Side", "postcode": "XX"}
    ).content.decode()
    assert "Enter a real UK postcode" in page and 'value="3 Canal Side"' in page
    assert (
        client.post(f"/people/{person.pk}/address/add/", {"line_1": "3 Canal Side", "postcode": "LS1 4AP"}).status_code
        == 302
    )


@pytest.mark.django_db
def test_a_manager_merges_duplicates_after_checking_them_side_by_side(signed_in):
    from jigsaw.people.tests.factories import PersonFactory as P

    client = signed_in(Role.TEAM_MANAGER)
    kept = P(given_names="William", family_name="Ogden", council_id="NB0000010")
    duplicate = P(given_names="Bill", family_name="Ogden", council_id="NB0000011")
    response = client.post(f"/people/{kept.pk}/merge/", {"other": "nb0000011"})
    assert response.url == f"/people/{kept.pk}/merge/{duplicate.pk}/"
    page = client.get(response.url).content.decode()
    assert "Check the records before you merge them" in page and "Bill" in page and "William" in page
    page = client.post(response.url, {"reason": "", "kept_version": 1, "duplicate_version": 1}).content.decode()
    assert "Explain why these are the same person" in page
    versions = {"kept_version": 1, "duplicate_version": 1}
    assert client.post(response.url, {"reason": "Same NHS number from GP", **versions}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    # Opening the duplicate takes the user to the record kept.
    assert client.get(f"/people/{duplicate.pk}/").url == f"/people/{kept.pk}/"
    assert "Same NHS number from GP" in client.get("/people/merges/").content.decode()


@pytest.mark.django_db
def test_a_social_worker_cannot_merge(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    person = PersonFactory()
    assert client.get(f"/people/{person.pk}/merge/").status_code == 403


@pytest.mark.django_db
def test_break_glass_opens_a_record_for_a_partner_with_a_reason_and_is_reported(signed_in):
    client = signed_in(Role.PARTNER_PRACTITIONER)
    child = PersonFactory(nhs_number="9434765919")
    assert client.get(f"/people/{child.pk}/").status_code == 404
    page = client.post("/people/emergency-access/", {"identifier": "943 476 5919", "reason": ""}).content.decode()
    assert "Explain why you need to see this record now" in page
    response = client.post(
        "/people/emergency-access/", {"identifier": "943 476 5919", "reason": "Child in A&E at 2am with injuries"}
    )
    assert response.url == f"/people/{child.pk}/"
    assert client.get(f"/people/{child.pk}/").status_code == 200
    grant = BreakGlass.objects.get()
    assert grant.reason == "Child in A&E at 2am with injuries"
    assert AuditEntry.objects.filter(kind="break_glass", subject_person_id=child.pk).exists()


@pytest.mark.django_db
def test_break_glass_never_opens_a_restricted_record_and_does_not_say_it_exists(signed_in):
    client = signed_in(Role.PARTNER_PRACTITIONER)
    hidden = PersonFactory(nhs_number="9434765919", restricted_area="channel")
    page = client.post(
        "/people/emergency-access/", {"identifier": "9434765919", "reason": "Needed urgently tonight"}
    ).content.decode()
    assert "You cannot use emergency access for that number" in page
    page_unknown = client.post(
        "/people/emergency-access/", {"identifier": "4010232137", "reason": "Needed urgently tonight"}
    ).content.decode()
    assert "You cannot use emergency access for that number" in page_unknown
    assert client.get(f"/people/{hidden.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_person_is_added_to_a_household_and_both_pages_show_it(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    mother = PersonFactory(given_names="Claire", family_name="Dobson", council_id="NB0000100")
    baby = PersonFactory(given_names="Alfie", family_name="Dobson", council_id="NB0000101")
    page = client.post(f"/people/{baby.pk}/households/add/", {"other": "NB9999999"}).content.decode()
    assert "No person you can see has that council id" in page
    assert client.post(f"/people/{baby.pk}/households/add/", {"other": "nb0000100"}).status_code == 302
    assert "Claire Dobson" in client.get(f"/people/{baby.pk}/").content.decode()
    assert "Alfie Dobson" in client.get(f"/people/{mother.pk}/").content.decode()
    page = client.post(f"/people/{baby.pk}/households/add/", {"other": "NB0000100"}).content.decode()
    assert "already in this household" in page
