"""Validation rules of the pre-registration: each validator turns a candidate's answer into a Result."""

from __future__ import annotations

from .acquis import validate_acquis_year, validate_mark
from .contact import validate_email, validate_yes_no
from .cross import (
    academie_for_residence,
    check_category_establishment,
    check_category_forme,
    check_registration_open,
    check_session_open,
    service_contact,
)
from .identity import validate_birth_date, validate_family_name, validate_first_names, validate_usage_name
from .messages import MESSAGES, message
from .places import (
    ABROAD_POSTAL_CODE,
    validate_academie,
    validate_address_line,
    validate_arrondissement,
    validate_country,
    validate_departement,
    validate_foreign_postal_code,
    validate_locality,
    validate_postal_code,
)
from .result import Invalid, Result, Valid

__all__ = [
    "ABROAD_POSTAL_CODE",
    "MESSAGES",
    "Invalid",
    "Result",
    "Valid",
    "academie_for_residence",
    "check_category_establishment",
    "check_category_forme",
    "check_registration_open",
    "check_session_open",
    "message",
    "service_contact",
    "validate_academie",
    "validate_acquis_year",
    "validate_address_line",
    "validate_arrondissement",
    "validate_birth_date",
    "validate_country",
    "validate_departement",
    "validate_email",
    "validate_family_name",
    "validate_first_names",
    "validate_foreign_postal_code",
    "validate_locality",
    "validate_mark",
    "validate_postal_code",
    "validate_usage_name",
    "validate_yes_no",
]
