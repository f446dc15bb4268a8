"""Readers of French: how typed text is matched to an answer (fillers, first names, schools, specialties…)."""
