"""What operators run: backups, retention, erasing conversations from Rasa's tracker store."""
