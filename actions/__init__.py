"""The action server: thin Rasa adapters over the registration core."""
