"""The GOV.UK form renderer picks the right component for each kind of field, and the date and
time fields answer anything typed with a date or a plain message (never an error page)."""

import datetime as dt

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

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
