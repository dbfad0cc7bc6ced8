"""The consent rule of the questions a contact asks, defined once: the contact call's form, the
partner's web referral form, the API and the service (which has the last word) all ask it here,
so they cannot drift apart."""

from .choices import Consent, LawfulBasis

LAWFUL_BASIS_NEEDED = "Choose the lawful basis for sharing information without consent"


def consent_refusals(*, consent: str | None, reason: str | None, lawful_basis: str | None) -> list[tuple[str, str]]:
    """(field, message) for each thing missing when consent was refused or not sought: why, and
    the lawful basis for sharing without it. Nothing when consent was given or not yet answered."""
    if not consent or consent == Consent.GIVEN:
        return []
    what = "refused" if consent == Consent.REFUSED else "not sought"
    problems = []
    if not (reason or "").strip():
        problems.append(("consent_reason", f"Enter why consent was {what}"))
    if lawful_basis not in LawfulBasis.values:
        problems.append(("lawful_basis", LAWFUL_BASIS_NEEDED))
    return problems
