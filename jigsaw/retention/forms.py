from django import forms

from jigsaw.core.forms import GovukForm


class LegalHoldForm(GovukForm):
    council_id = forms.CharField(label="Council id of the person whose records must be kept", max_length=20)
    name = forms.CharField(label="Name of the hold", max_length=200, help_text="For example, the inquiry or the claim")
    reason = forms.CharField(label="Why the records must be kept", widget=forms.Textarea)


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you approve this disposal?",
        choices=[("approve", "Yes, dispose of the records not under a legal hold"), ("reject", "No")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Why not (if not approved)", widget=forms.Textarea, required=False)
