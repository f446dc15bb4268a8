"""What faces people: the web chat, the PDF download route, the Telegram bridge."""
