"""The GOV.UK form renderer picks the right component for each kind of field, and the date and
time fields answer anything typed with a date or a plain message (never an error page)."""

import datetime as dt

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape as markup_escape  # as Jinja writes a page (an apostrophe is &#39;)

from jigsaw.core.forms import EARLIEST_YEAR, LATEST_YEAR, GovukDateField, GovukForm, TimeField, widget_kind


class Example(forms.Form):
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    when = GovukDateField(label="Date of birth")


def test_several_choices_render_as_checkboxes_and_one_choice_as_radios():
    form = Example()
    assert widget_kind(form["several"]) == "checkboxes"
    assert widget_kind(form["one"]) == "radios"
    assert widget_kind(form["when"]) == "date"


def test_an_impossible_date_gets_a_plain_message():
    form = Example(data={"when-day": "31", "when-month": "2", "when-year": "2019", "one": "a", "several": ["a", "b"]})
    assert not form.is_valid()
    assert form.errors["when"] == ["Date of birth must be a real date"]
    assert form.cleaned_data["several"] == ["a", "b"]


# What people type into the three boxes: digits of any length, signs, spaces, other scripts' digits.
_typed = st.one_of(
    st.text(max_size=50),
    st.integers(min_value=-(10**45), max_value=10**45).map(str),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩²³ -+_.", max_size=45),
    st.sampled_from(["", "0", "00", "2026", "99999999999", "9" * 40, "-1", "jan", "Sept", " 12 "]),
)


class DateExample(GovukForm):
    when = GovukDateField(label="Date of the visit", required=False)
    at = TimeField(label="Time of the visit", required=False)


@settings(max_examples=400, deadline=None)
@given(day=_typed, month=_typed, year=_typed, time=_typed)
def test_whatever_is_typed_the_form_answers_with_a_date_or_a_message(day, month, year, time):
    data = {"when-day": day, "when-month": month, "when-year": year, "at": time}
    form = DateExample(data=data)
    if form.is_valid():
        when = form.cleaned_data["when"]
        assert when is None or EARLIEST_YEAR <= when.year <= LATEST_YEAR
    else:
        for messages in form.errors.values():
            assert messages and all(m.startswith(("Date of the visit", "Time of the visit")) for m in messages)
    # What was typed stays in the boxes.
    assert form["when"].value() == [day.strip(), month.strip(), year.strip()]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "2", "99999999999", "Date of birth year must include 4 numbers"),
        ("1", "2", "9" * 40, "Date of birth year must include 4 numbers"),
        ("1", "2", "0", "Date of birth year must include 4 numbers"),
        ("1", "2", "0000", "Date of birth year must be between 1900 and 2199"),
        ("1", "2", "9999", "Date of birth year must be between 1900 and 2199"),
        ("1", "2", "-2020", "Date of birth must be a real date, written in numbers"),
        ("١", "٢", "٢٠٢٠", "Date of birth must be a real date, written in numbers"),
        ("1_0", "2", "2020", "Date of birth must be a real date, written in numbers"),
        ("99999999999", "2", "2020", "Date of birth must be a real date"),
        ("1", "99999999999", "2020", "Date of birth must be a real date"),
        ("", "2", "2020", "Date of birth must include a day"),
    ],
)
def test_out_of_range_dates_get_a_plain_message(day, month, year, message):
    form = Example(data={"when-day": day, "when-month": month, "when-year": year, "one": "a", "several": ["a"]})
    assert not form.is_valid()
    assert form.errors["when"] == [message]


def test_month_names_are_understood_as_the_gov_uk_pattern_asks():
    for month in ("3", "03", "mar", "March", "MARCH"):
        form = Example(data={"when-day": "27", "when-month": month, "when-year": "2015", "one": "a", "several": ["a"]})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["when"] == dt.date(2015, 3, 27)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:30", dt.time(14, 30)), ("2:30pm", dt.time(14, 30)), ("9.15am", dt.time(9, 15)), ("midday", dt.time(12))],
)
def test_times_are_read_as_people_write_them(typed, expected):
    form = DateExample(data={"at": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == expected


@pytest.mark.parametrize("typed", ["٠٩:٣٠", "99999999999", "25:00", "9:75", "13pm", "1_0"])
def test_impossible_times_get_a_plain_message(typed):
    form = DateExample(data={"at": typed})
    assert not form.is_valid()
    assert form.errors["at"][0].startswith("Time of the visit must be a ")


# Messages in words, all errors at once, past examples, conditional questions (issue 10 §5).


class Referral(GovukForm):
    engagement = forms.ChoiceField(
        label="Is the role paid or voluntary?",
        choices=[("paid", "Paid"), ("voluntary", "Voluntary")],
        widget=forms.RadioSelect,
    )
    officer = forms.ChoiceField(label="LADO officer", choices=[("1", "Grace")])
    role = forms.CharField(label="Role")
    concerns = forms.CharField(label="What are the concerns?", widget=forms.Textarea)
    aware_on = GovukDateField(label="Date the LADO was told", past_only=True, help_text="For example, 27 3 2099")
    invitation = forms.ChoiceField(
        label="Invite them?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    why_not = forms.CharField(label="Why not?", required=False)
    reveal = {"invitation": {"no": ["why_not"]}}


def test_messages_are_written_in_words_not_built_from_a_question():
    form = Referral(data={})
    assert not form.is_valid()
    assert form.errors["engagement"] == ["Select an answer to \u201cIs the role paid or voluntary?\u201d"]
    assert form.errors["officer"] == ["Select LADO officer"]  # not "lADO officer"
    assert form.errors["role"] == ["Enter role"]
    assert form.errors["concerns"] == ["Enter an answer to \u201cWhat are the concerns?\u201d"]
    assert form.errors["aware_on"] == ["Enter date the LADO was told"]
    assert not any(message.startswith("Enter is") for messages in form.errors.values() for message in messages)


def test_every_error_is_shown_at_once():
    page = Referral(data={"role": "x" * 5}).render()
    for message in ("Is the role paid or voluntary?", "Select LADO officer", "What are the concerns?"):
        assert markup_escape(message) in page or message in page


def test_a_past_only_date_gives_a_past_example():
    hint = Referral()["aware_on"].help_text
    assert hint == f"For example, 27 3 {dt.date.today().year - 1}"
    assert Example()["when"].help_text == ""  # a field without a hint is left alone


def test_a_dates_message_names_the_date_as_written():
    form = Referral(data={"aware_on-day": "1", "aware_on-year": "2020"})
    form.is_valid()
    assert form.errors["aware_on"] == ["Date the LADO was told must include a month"]


def test_a_conditional_question_is_shown_beneath_the_answer_that_needs_it():
    page = Referral().render()
    assert page.count('name="why_not"') == 1
    conditional = page.split('id="conditional-id_invitation-2"', 1)[1].split("</div>\n", 1)[0]
    assert 'name="why_not"' in conditional
    assert 'data-aria-controls="conditional-id_invitation-2"' in page


def test_a_service_can_refuse_several_rules_at_once():
    from jigsaw.core.exceptions import ApplicationError, refusals
    from jigsaw.core.forms import add_application_error

    form = Referral(data={})
    form.is_valid()
    with pytest.raises(ApplicationError) as refused, refusals() as refuse:
        refuse.add("The date the LADO was told must be after the allegation", field="aware_on")
        refuse.check(lambda: (_ for _ in ()).throw(ApplicationError("The officer is away", field="officer")))
        refuse.add("This referral is already recorded")
    add_application_error(form, refused.value)
    assert "The date the LADO was told must be after the allegation" in form.errors["aware_on"]
    assert "The officer is away" in form.errors["officer"]
    assert form.non_field_errors() == ["This referral is already recorded"]
