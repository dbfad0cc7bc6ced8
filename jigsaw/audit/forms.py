from django import forms


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label="What you found",
        help_text="For example, whether the reason was genuine and what the user looked at",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what you found when you reviewed this access"},
    )
