from django import forms

from jigsaw.core.forms import GovukDateField, GovukForm

from .models import Decision, Exemption, RequesterKind

YES_NO = [("yes", "Yes"), ("no", "No, not yet")]


class RequestForm(GovukForm):
    reveal = {"identity_confirmed": {"yes": ["identity_evidence"]}}

    council_id = forms.CharField(label="Council id of the person the request is about", max_length=20)
    requester_kind = forms.ChoiceField(label="Who is asking?", choices=RequesterKind.choices, widget=forms.RadioSelect)
    requester_name = forms.CharField(label="Requester's name", max_length=200)
    requester_address = forms.CharField(label="Where to send the response", widget=forms.Textarea)
    received_on = GovukDateField(
        label="Date the request was received", past_only=True, help_text="For example, 14 12 2026"
    )
    what_is_asked = forms.CharField(label="What is asked for (optional)", widget=forms.Textarea, required=False)
    identity_confirmed = forms.ChoiceField(
        label="Has the requester's identity been checked?", choices=YES_NO, widget=forms.RadioSelect
    )
    identity_evidence = forms.CharField(label="What proved their identity", max_length=300, required=False)


class IdentityForm(GovukForm):
    evidence = forms.CharField(label="What proved the requester's identity", max_length=300)
    on = GovukDateField(label="Date identity was confirmed", past_only=True, help_text="For example, 14 12 2026")


class ExtendForm(GovukForm):
    reason = forms.CharField(label="Why the request is complex", widget=forms.Textarea)
    told_on = GovukDateField(label="Date the requester was told", past_only=True, help_text="For example, 14 12 2026")


class ItemDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="What should be done with this record?", choices=Decision.choices, widget=forms.RadioSelect
    )
    exemption = forms.ChoiceField(label="Exemption", choices=Exemption.choices, required=False)
    reason = forms.CharField(
        label="Reason (kept in the log of what was withheld)", widget=forms.Textarea, required=False
    )
