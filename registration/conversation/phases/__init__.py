"""The router and the handler of each phase of a conversation (form, summary, consultation, resume…)."""
