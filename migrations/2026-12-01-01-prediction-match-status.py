"""Predictions stored before `match_status` existed get it, read from `is_match`."""


def migrate(db):
    """`match_status` says whether a video matched its prescription, could not tell, or showed
    another motion; older predictions have only `is_match` (True, False or null)."""
    predictions = db["predictions"]
    missing = {"match_status": {"$exists": False}}
    for is_match, status in ((True, "match"), (False, "mismatch"), (None, "cant_tell")):
        predictions.update_many(
            {**missing, "is_match": is_match}, {"$set": {"match_status": status}}
        )
