"""The demo: synthetic Moroccan names and population, staff, network, requests, programmes, and seed_demo."""
