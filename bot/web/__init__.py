"""The accessible web chat served to candidates."""
