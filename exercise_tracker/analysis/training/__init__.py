"""Seeded, re-runnable fitting of the recognition model and the synthetic clips it learns from."""
