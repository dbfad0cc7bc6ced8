from django import forms

from jigsaw.core.forms import GovukForm


class SignInForm(GovukForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": False}),
    )
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_username(self) -> str:
        value = self.cleaned_data["username"].strip()
        if not value:
            raise forms.ValidationError("Enter your username")
        return value


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app, for example 123456",
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
                "spellcheck": False,
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        return code


class EnrolmentCodeForm(GovukForm):
    """The one-time set-up code an administrator or team manager gave the user."""

    code = forms.CharField(
        label="Set-up code",
        help_text="12 letters and numbers, for example ABCD-EFGH-JK23. You can leave out the dashes",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "class": "govuk-input--width-20 govuk-input--extra-letter-spacing",
                "spellcheck": False,
                "autocapitalize": "characters",
            }
        ),
        error_messages={"required": "Enter the set-up code you were given"},
    )

    def clean_code(self) -> str:
        from .services import ENROLMENT_CODE_ALPHABET, ENROLMENT_CODE_LENGTH, enrolment_code_normalise

        code = enrolment_code_normalise(self.cleaned_data["code"])
        if len(code) != ENROLMENT_CODE_LENGTH or any(ch not in ENROLMENT_CODE_ALPHABET for ch in code):
            raise forms.ValidationError("Enter the set-up code as 12 letters and numbers, exactly as you were given it")
        return code


class FindUserForm(GovukForm):
    q = forms.CharField(label="Name or username", required=False, max_length=100)
