"""The guided conversation: question catalogue, engine, summary, consultation."""
