"""The deterministic redactor: the review's own people and UK patterns taken out, every
redaction listed with its reason, and one undone when the reviewer says so."""

import datetime as dt

from jigsaw.reviews.redaction import person_terms, redact

CHILD = person_terms(
    label="Child A",
    given_names="Tamsin",
    family_name="Arkwright",
    aliases=["Tammy"],
    date_of_birth=dt.date(2019, 4, 2),
    identifiers=["T0000042", "4857773456"],
    addresses=["14 Mallory Close"],
    schools=["Ferry Road Primary School"],
)
WORKER = person_terms(label="Social worker 1", given_names="Lucy", family_name="Brennan")

REPORT = (
    "Tamsin Arkwright (known as Tammy, born 2 April 2019, NHS 485 777 3456) lived at 14 Mallory Close, "
    "Northbridge NB4 7QT and attended Ferry Road Primary School. Lucy Brennan visited on 02/04/2019; "
    "Ms Brennan's phone is 01632 960123 and her email lucy.brennan@council.example. Tamsin's mother "
    "has NI number QQ 12 34 56 C; the pupil's UPN was A12345678901B."
)


def test_every_name_and_identifier_of_the_reviews_people_is_taken_out():
    result = redact(REPORT, CHILD + WORKER)
    published = result.apply()
    for secret in (
        "Tamsin",
        "Arkwright",
        "Tammy",
        "2 April 2019",
        "02/04/2019",
        "485 777 3456",
        "Mallory",
        "NB4 7QT",
        "Ferry Road",
        "Lucy",
        "Brennan",
        "01632 960123",
        "lucy.brennan@council.example",
        "QQ 12 34 56 C",
        "A12345678901B",
    ):
        assert secret.lower() not in published.lower(), secret
    assert "[Child A]" in published and "[Social worker 1]" in published
    # Words that are not anyone's stay.
    assert "lived at" in published and "Northbridge" in published


def test_each_redaction_says_why_and_a_full_name_is_one_redaction():
    result = redact("Tamsin Arkwright was seen.", CHILD)
    assert [(r.original, r.why) for r in result.redactions] == [("Tamsin Arkwright", "name of Child A")]


def test_a_redaction_undone_by_the_reviewer_leaves_the_words_as_written():
    result = redact("Lucy Brennan called 01632 960123.", WORKER)
    assert result.apply(undone=[1]) == "[Social worker 1] called 01632 960123."
    assert result.apply() == "[Social worker 1] called [phone number]."


def test_names_inside_other_words_are_left_alone():
    terms = person_terms(label="Child B", given_names="Al", family_name="Moss")
    assert redact("Already almost mossy.", terms).apply() == "Already almost mossy."
