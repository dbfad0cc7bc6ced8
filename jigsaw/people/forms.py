"""People forms: input shape only. Business rules are in services and come back as ApplicationError."""

from django import forms

from jigsaw.core.forms import GovukDateField, GovukForm
from jigsaw.core.locking import VersionField

from .choices import ContactKind, Disability, Ethnicity, IdentifierKind, NameKind, RelationshipKind, Sex, UpnUnknown


class SearchForm(GovukForm):
    name = forms.CharField(
        label="Name",
        required=False,
        help_text="Any part of the name, in any order. Nicknames and misspellings are fine",
    )
    dob = forms.CharField(
        label="Date of birth",
        required=False,
        help_text="As exact as the caller knows, for example 3/4/2015, April 2015 or 2015",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    address = forms.CharField(label="Address", required=False, help_text="A street or house name is enough")
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    school = forms.CharField(label="School or setting", required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not any((v or "").strip() for v in data.values()):
            raise forms.ValidationError("Enter at least one detail to search for, such as a name or a date of birth")
        return data


class PersonForm(GovukForm):
    given_names = forms.CharField(
        label="Given names",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )
    family_name = forms.CharField(
        label="Family name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )
    preferred_name = forms.CharField(
        label="Preferred name",
        required=False,
        max_length=200,
        help_text="The name they like to be called, if different",
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth", required=False, help_text="Only for an unborn baby"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    gender = forms.CharField(
        label="Gender identity", required=False, max_length=100, help_text="As they describe it, if they have told you"
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=[("", "Not recorded"), *Ethnicity.choices], required=False)
    first_language = forms.CharField(label="First language", required=False, max_length=100)
    disability = forms.CharField(label="Disability", required=False, max_length=300)
    disability_codes = forms.MultipleChoiceField(
        label="Disability, as the census records it",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or 'No disability'. The children in need census needs one for each child",
    )
    religion = forms.CharField(label="Religion", required=False, max_length=100)
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=12,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    upn_unknown = forms.ChoiceField(
        label="If there is no UPN, why not",
        choices=[("", "There is a UPN, or the child is not in the census"), *UpnUnknown.choices],
        required=False,
    )
    school = forms.CharField(label="School or setting", required=False, max_length=200)
    registered_gp = forms.CharField(
        label="Registered GP practice",
        required=False,
        max_length=200,
        help_text="The practice's name, for example Ferry Road Surgery",
    )
    date_of_death = GovukDateField(label="Date of death", required=False)


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AddressForm(GovukForm):
    line_1 = forms.CharField(
        label="Address line 1", max_length=200, error_messages={"required": "Enter the first line of the address"}
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    town = forms.CharField(
        label="Town or city",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    lived_from = GovukDateField(label="Lived here from", required=False)
    lived_to = GovukDateField(label="Lived here until", required=False, help_text="Leave empty if they still live here")


class NameForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of name", choices=NameKind.choices, widget=forms.RadioSelect)
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    used_from = GovukDateField(label="Used from", required=False)
    used_to = GovukDateField(label="Used until", required=False)


class IdentifierForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of identifier", choices=IdentifierKind.choices, widget=forms.RadioSelect)
    value = forms.CharField(label="Identifier", max_length=100, error_messages={"required": "Enter the identifier"})
    source = forms.CharField(label="Issued by (optional)", required=False, max_length=100)


class ContactForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of contact", choices=ContactKind.choices, widget=forms.RadioSelect)
    value = forms.CharField(
        label="Phone number or email address",
        max_length=200,
        error_messages={"required": "Enter a phone number or email address"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=200, help_text="For example, mobile, or only after 5pm"
    )


class RelationshipForm(GovukForm):
    other = forms.CharField(
        label="Council id of the other person",
        max_length=20,
        help_text="For example NB0000123. Find it on their record, or search for them first",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the council id of the other person"},
    )
    kind = forms.ChoiceField(
        label="The other person is this person's",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they are related"},
    )
    started_on = GovukDateField(label="Since (optional)", required=False)
    ended_on = GovukDateField(label="Until (optional)", required=False)


class MergeChooseForm(GovukForm):
    other = forms.CharField(
        label="Council id of the duplicate record",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the council id of the duplicate record"},
    )


class MergeConfirmForm(GovukForm):
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea,
        help_text="For example, same NHS number; the mother confirmed the earlier address",
        error_messages={"required": "Explain why these are the same person"},
    )
    # The versions of the two records as compared on the page: a change since means check again.
    kept_version = VersionField()
    duplicate_version = VersionField()


class ReviewForm(GovukForm):
    note = forms.CharField(
        label="Review note", widget=forms.Textarea, error_messages={"required": "Enter a review note"}
    )


class BreakGlassForm(GovukForm):
    identifier = forms.CharField(
        label="NHS number or council id",
        help_text="You need the exact number: emergency access does not search",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the NHS number or council id"},
    )
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        widget=forms.Textarea,
        help_text="Your reason, your name and the time are recorded and reviewed by a manager",
        error_messages={"required": "Explain why you need to see this record now"},
    )


class HouseholdForm(GovukForm):
    other = forms.CharField(
        label="Council id of someone in the household",
        max_length=20,
        help_text="For example NB0000123",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the council id of someone in the household"},
    )
    joined_on = GovukDateField(label="Living there since (optional)", required=False)
