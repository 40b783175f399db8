"""Printable documents for the clinic's records."""
