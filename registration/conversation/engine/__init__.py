"""The machinery every phase works with: the turn context, asking a question, keeping an answer, follow-ups, guidance."""
