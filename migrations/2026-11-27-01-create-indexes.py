"""Indexes every document declares."""

from exercise_tracker.models import DOCUMENTS


def migrate(db):
    """Create the indexes the documents declare (unique emails, one prediction per video,
    and every lookup the API makes), so a new database is fast and consistent from the start."""
    for document in DOCUMENTS:
        document.ensure_indexes()
