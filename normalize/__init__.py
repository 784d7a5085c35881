"""Normalisation of Thai plan-document text: digits, numbers, dates, text and unit names.

Small pure functions, one rule each, with the real examples of
docs/NORMALIZATION.md as doctests. pythainlp is used where it already does the
job; it must never reach for the network: the `thaiplan` package switches its offline mode
on before any module here is imported.
"""
