"""Guichet and other systems: the REST API, the DCI Social Registry API, bulk imports."""
