"""Commands that load the territory: load_territory and load_communes."""
