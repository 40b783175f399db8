"""Pictures drawn on first request and kept, keyed by what they show and from which data."""

from collections.abc import Callable

from mongoengine.errors import NotUniqueError

from exercise_tracker.models import Picture
from exercise_tracker.models.base import utcnow


def cached_png(
    key: str,
    fingerprint: str,
    render: Callable[[], bytes],
    video_id=None,
    *,
    patient_id=None,
) -> bytes:
    """The stored picture when it was drawn from the same data; else draws and stores it.
    `patient_id` names whom it shows, so that their erasure removes it."""
    found = Picture.objects(key=key).first()
    if found is not None and found.fingerprint == fingerprint:
        return bytes(found.data)
    data = render()
    store_png(key, fingerprint, data, video_id, patient_id=patient_id)
    return data


def store_png(key: str, fingerprint: str, data: bytes, video_id=None, *, patient_id=None) -> None:
    try:
        Picture.objects(key=key).update_one(
            upsert=True,
            set__fingerprint=fingerprint,
            set__data=data,
            set__video_id=video_id,
            set__patient_id=patient_id,
            set__content_type="image/png",
            set__created_at=utcnow(),
        )
    except NotUniqueError:
        pass  # a concurrent request stored the same picture first


def remove_video_pictures(video_id) -> int:
    return Picture.objects(video_id=video_id).delete()
