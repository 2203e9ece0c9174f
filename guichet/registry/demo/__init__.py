"""Synthetic demo data: Moroccan names, a population generator and fast writers."""
