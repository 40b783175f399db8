"""Seeded, re-runnable fitting of the recognition model, and the synthetic recordings it learns from."""
