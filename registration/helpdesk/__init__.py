"""The help-desk's side of the store: hand-off requests and who takes them, held conversations, the audit log."""

from registration.helpdesk.audit import AuditLog
from registration.helpdesk.desk import HelpDesk, RequestView

__all__ = ["AuditLog", "HelpDesk", "RequestView"]
