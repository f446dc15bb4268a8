"""The help-desk's side of the store: hand-off requests and who takes them, held conversations, the audit log."""

from registration.helpdesk.audit import AuditLog, command_line_author
from registration.helpdesk.desk import HelpDesk, RequestView

__all__ = ["AuditLog", "HelpDesk", "RequestView", "command_line_author"]
