"""The REST API (/api/v1/): persons, households, the catalogue, centres and windows, requests."""
