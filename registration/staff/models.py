"""The help-desk's tables (staff accounts and their login sessions), defined with the other models."""

from registration.models import ROLE_CONSEILLER, ROLE_RESPONSABLE, ROLES, Staff, StaffSession

__all__ = ["ROLES", "ROLE_CONSEILLER", "ROLE_RESPONSABLE", "Staff", "StaffSession"]
