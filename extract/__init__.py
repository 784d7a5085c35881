"""Readers and recognisers: from a plan document to typed records."""

__version__ = "0.1.0"
