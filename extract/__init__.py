"""Readers and recognisers: from a plan document to typed records."""
