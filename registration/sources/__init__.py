"""Building the shipped referentials (referentials/*.csv) from the public sources of referentials/sources/."""
