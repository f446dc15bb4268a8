"""The confirmation d'inscription PDF that the candidate prints, signs and sends back."""

from __future__ import annotations

from registration.documents.address import address_block
from registration.documents.formatting import format_note
from registration.documents.render import confirmation_filename, render_confirmation

__all__ = ["render_confirmation", "confirmation_filename", "address_block", "format_note"]
