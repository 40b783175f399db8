"""Where uploaded videos live, behind one small interface with two backends.

A local folder suits one machine; GridFS suits a platform whose web and worker processes share
no disk (they share the database instead).
"""

from flask import current_app

from exercise_tracker.storage.base import StoredFile, VideoStorage


def video_storage() -> VideoStorage:
    """The app's configured backend, built once per app."""
    extensions = current_app.extensions
    if "video_storage" not in extensions:
        kind = current_app.config["VIDEO_STORAGE"]
        if kind == "local":
            from exercise_tracker.storage.local import LocalStorage

            extensions["video_storage"] = LocalStorage(current_app.config["UPLOAD_DIR"])
        elif kind == "gridfs":
            from exercise_tracker.storage.gridfs_store import GridFSStorage

            extensions["video_storage"] = GridFSStorage()
        else:
            raise ValueError(f"VIDEO_STORAGE must be 'local' or 'gridfs', not {kind!r}")
    return extensions["video_storage"]


__all__ = ["StoredFile", "VideoStorage", "video_storage"]
