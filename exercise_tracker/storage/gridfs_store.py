"""Videos in the database's GridFS, for deploys whose processes share no disk."""

import contextlib
from pathlib import Path
from typing import BinaryIO

import gridfs
import mongoengine
from bson import ObjectId
from bson.errors import InvalidId
from pymongo.errors import PyMongoError

from exercise_tracker.storage.base import StoredFile, VideoStorage, copy_and_hash

COLLECTION = "video_files"


class GridFSStorage(VideoStorage):
    name = "gridfs"

    @staticmethod
    def _fs() -> gridfs.GridFS:
        return gridfs.GridFS(mongoengine.get_db(), collection=COLLECTION)

    @staticmethod
    def _id(location: str) -> ObjectId:
        try:
            return ObjectId(location)
        except (InvalidId, TypeError) as error:
            raise ValueError("not a GridFS location") from error

    def save(self, path: Path, suffix: str) -> StoredFile:
        """GridFS writes the file document last, so readers never see a partial file; chunks
        already written when the database fails are removed, not left behind unowned."""
        out = self._fs().new_file(filename=f"video{suffix}")
        try:
            with open(path, "rb") as source:
                size, sha256 = copy_and_hash(source, out)
            out.close()
        except BaseException:
            with contextlib.suppress(PyMongoError):  # a database that is gone keeps them
                out.abort()
            raise
        return StoredFile(location=str(out._id), size=size, sha256=sha256)

    def open(self, location: str) -> BinaryIO:
        return self._fs().get(self._id(location))

    def size(self, location: str) -> int:
        return self._fs().get(self._id(location)).length

    def delete(self, location: str) -> bool:
        fs = self._fs()
        file_id = self._id(location)
        existed = fs.exists(file_id)
        fs.delete(file_id)
        return existed

    def exists(self, location: str) -> bool:
        return self._fs().exists(self._id(location))
