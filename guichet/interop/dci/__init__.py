"""The DCI Social Registry API (/dci/): search, transaction status, subscriptions, signed envelopes."""
