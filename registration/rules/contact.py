"""Validators of the e-mail address and of yes/no answers."""

from __future__ import annotations

import re

import email_validator

from .messages import message
from .result import Invalid, Result, Valid
from .text import clean, fold, has_control

EMAIL_MAX = 254

YES = frozenset(
    {
        "oui",
        "o",
        "ou",
        "oui oui",
        "yes",
        "y",
        "yep",
        "ouais",
        "ouai",
        "ouaip",
        "ok",
        "okay",
        "oki",
        "d'accord",
        "d accord",
        "dac",
        "bien sur",
        "bien sur que oui",
        "tout a fait",
        "absolument",
        "exact",
        "exactement",
        "c'est ca",
        "c'est exact",
        "c'est bien ca",
        "affirmatif",
        "volontiers",
        "evidemment",
        "carrement",
        "je veux bien",
        "oui merci",
        "oui bien sur",
        "oui c'est ca",
        "oui c'est exact",
        "oui c'est bien ca",
        "si",
        "certainement",
        "correct",
        "c'est correct",
        "parfait",
        "vrai",
        "oui d'accord",
        "ok merci",
        "oui absolument",
        "oui tout a fait",
        "bien entendu",
        "avec plaisir",
    }
)
NO = frozenset(
    {
        "non",
        "n",
        "no",
        "nan",
        "nope",
        "non merci",
        "non non",
        "pas du tout",
        "absolument pas",
        "surtout pas",
        "jamais",
        "negatif",
        "pas question",
        "aucunement",
        "certainement pas",
        "non pas du tout",
        "faux",
        "non c'est faux",
        "non ce n'est pas ca",
        "ce n'est pas ca",
        "c'est faux",
        "je ne veux pas",
        "je refuse",
        "refus",
        "non je refuse",
        "pas d'accord",
        "non pas d'accord",
        "nenni",
    }
)
_FIRST_YES = {"oui", "yes", "ouais", "ok", "d'accord", "absolument", "exactement", "exact"}
_FIRST_NO = {"non", "no", "nan"}


def _email_reason(error: str) -> str:
    """The French reason for an email_validator error message."""
    if "Internationalized" in error or "non-ASCII" in error:
        return message("email_reason_ascii")
    if "must have an @-sign" in error:
        return message("email_reason_at")
    if "two periods" in error or "period" in error and ("start" in error or "end" in error):
        return message("email_reason_dots")
    if "after the @" in error or "domain" in error.lower():
        return message("email_reason_domain")
    if "before the @" in error or "local part" in error.lower() or "period" in error:
        return message("email_reason_local")
    return message("email_reason_other")


def validate_email(text: object) -> Result:
    """An e-mail address, normalised by email_validator (no deliverability check)."""
    value = clean(text)
    if not value:
        return Invalid(message("email_empty"))
    if len(value) > 2 * EMAIL_MAX or has_control(value):
        return Invalid(message("email_invalid", reason=message("email_reason_other")))
    value = re.sub(r"^(?:mailto:)", "", value.strip("<>«» .,;:!?"), flags=re.IGNORECASE)
    if " " in value:
        candidates = [word.strip("<>«»().,;:!?\"'") for word in value.split(" ") if "@" in word]
        if len(candidates) > 1:
            return Invalid(message("email_several"))
        if not candidates:
            return Invalid(message("email_invalid", reason=message("email_reason_at")))
        value = candidates[0]
    if value.count("@") != 1:
        return Invalid(message("email_invalid", reason=message("email_reason_at")))
    try:
        checked = email_validator.validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except email_validator.EmailNotValidError as error:
        return Invalid(message("email_invalid", reason=_email_reason(str(error))))
    except Exception:  # noqa: BLE001 - a validator never raises
        return Invalid(message("email_invalid", reason=message("email_reason_other")))
    normalised = checked.normalized
    if normalised.count("@") != 1 or len(normalised) > EMAIL_MAX:
        return Invalid(message("email_invalid", reason=message("email_reason_other")))
    return Valid(normalised, echo=normalised)


def validate_yes_no(text: object) -> Result:
    """True for « oui », « ok », « d'accord »...; False for « non », « pas du tout »...; else Invalid."""
    value = clean(text)
    if not value or len(value) > 80:
        return Invalid(message("yes_no"))
    folded = fold(value)
    folded = re.sub(r"[!?.,;:()\"«»…]+", " ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    if folded in YES:
        return Valid(True)
    if folded in NO:
        return Valid(False)
    words = folded.split(" ")
    if words[0] in _FIRST_YES and not any(word in _FIRST_NO or word == "pas" for word in words[1:]):
        return Valid(True)
    if words[0] in _FIRST_NO and not any(word in _FIRST_YES for word in words[1:]):
        return Valid(False)
    return Invalid(message("yes_no"))
