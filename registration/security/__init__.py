"""Protection of what reveals data: attempt limits on look-ups, the secrets between services."""
