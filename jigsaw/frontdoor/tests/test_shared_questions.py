"""A partner's web referral and a contact call ask the same questions from one definition."""

import pytest

from jigsaw.frontdoor import forms


def test_referral_asks_the_contact_calls_questions() -> None:
    referral = set(forms.ReferralForm.base_fields)
    assert set(forms.ConsentForm.base_fields) <= referral
    assert "worries" in referral
    # The same field objects' definitions: one source, so a new choice reaches both forms.
    for name in forms.ConsentForm.base_fields:
        assert forms.ReferralForm.base_fields[name] is forms.ConsentForm.base_fields[name]
    assert forms.ReferralForm.base_fields["worries"] is forms.WorriesForm.base_fields["worries"]


@pytest.mark.parametrize(
    "form_class,extra",
    [
        (forms.ConsentForm, {}),
        (forms.ReferralForm, {"child_given_names": "Ada", "worries": "Bruises", "caller_contact_details": "0161"}),
    ],
)
def test_consent_refused_needs_a_reason_and_lawful_basis_on_both(form_class, extra) -> None:
    form = form_class(data={"family_aware": "yes", "consent": "refused", **extra})
    assert not form.is_valid()
    assert form.errors["consent_reason"] == ["Enter why consent was refused"]
    assert form.errors["lawful_basis"] == ["Choose the lawful basis for sharing information without consent"]


def test_each_form_words_the_worries_for_who_answers() -> None:
    assert forms.WorriesForm().fields["worries"].label == "What are the caller's worries?"
    assert forms.ReferralForm().fields["worries"].label == "What are you worried about?"
    assert forms.ReferralForm(data={}).errors["worries"] == ["Enter what you are worried about"]
    assert forms.WorriesForm(data={}).errors["worries"] == ["Enter the worries, in the caller's words"]


def test_the_consent_rule_is_one_rule_for_forms_api_and_service() -> None:
    from jigsaw.frontdoor.questions import consent_refusals

    assert consent_refusals(consent="given", reason="", lawful_basis="") == []
    assert consent_refusals(consent=None, reason="", lawful_basis="") == []
    assert consent_refusals(consent="not_sought", reason="  ", lawful_basis="made-up") == [
        ("consent_reason", "Enter why consent was not sought"),
        ("lawful_basis", "Choose the lawful basis for sharing information without consent"),
    ]
