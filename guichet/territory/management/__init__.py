"""Management commands of the territory app."""
