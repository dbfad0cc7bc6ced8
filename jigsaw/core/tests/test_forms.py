"""The GOV.UK form renderer picks the right component for each kind of field."""

from django import forms

from jigsaw.core.forms import GovukDateField, widget_kind


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
