"""A dossier once the candidate validates it: finalisation (revision, PDF, e-mail) and the documents sent for it."""
