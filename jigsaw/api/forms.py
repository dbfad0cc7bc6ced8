"""Forms for the token screens: shape only; the rules (who may hold a token, how long) are in services."""

from django import forms
from django.contrib.auth import get_user_model

from jigsaw.access.policy import SYSTEM_ACTIONS, Action

from .services import DEFAULT_DAYS, MAX_DAYS


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        where = f" – {obj.agency}" if obj.agency_id else ""
        return f"{obj} ({obj.username}){where}"


class TokenIssueForm(forms.Form):
    user = UserChoiceField(
        queryset=get_user_model().objects.none(),
        label="Who the token acts as",
        help_text="The token will have exactly this person's access, and everything it does is recorded as theirs",
        empty_label="Choose a user",
        error_messages={"required": "Select who the token acts as", "invalid_choice": "Select who the token acts as"},
    )
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, for example Police case system",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Token name must be 100 characters or fewer",
        },
    )
    days = forms.IntegerField(
        label="Days until it expires",
        initial=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=f"Between 1 and {MAX_DAYS} days",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the number of days until the token expires",
            "invalid": "Days until it expires must be a whole number, like 90",
            "min_value": f"Days until it expires must be between 1 and {MAX_DAYS}",
            "max_value": f"Days until it expires must be between 1 and {MAX_DAYS}",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only people whose role may use the API; services.api_token_issue checks again.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role__in=SYSTEM_ACTIONS[Action.USE_API])
            .select_related("agency")
            .order_by("full_name", "username")
        )
