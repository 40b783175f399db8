"""Outcome questionnaires (PROMs) defined as data: the shipped instruments and a clinic's own,
their answers checked item by item and scored. Knows nothing of Flask or MongoDB."""

from exercise_tracker.questionnaires.instrument import (
    Instrument,
    InstrumentFileError,
    InvalidAnswers,
    Item,
    Mcid,
    Score,
)
from exercise_tracker.questionnaires.library import SHIPPED_DIR, load_instruments

__all__ = [
    "SHIPPED_DIR",
    "Instrument",
    "InstrumentFileError",
    "InvalidAnswers",
    "Item",
    "Mcid",
    "Score",
    "load_instruments",
]
