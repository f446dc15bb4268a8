"""Registration core of the BTS pre-registration assistant: no Rasa import lives here."""
