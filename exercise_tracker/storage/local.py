"""Videos in a folder of the local disk."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from exercise_tracker.storage.base import StoredFile, VideoStorage, copy_and_hash


class LocalStorage(VideoStorage):
    name = "local"

    def __init__(self, directory: Path):
        self.directory = Path(directory).resolve()

    def _path(self, location: str) -> Path:
        path = (self.directory / location).resolve()
        # Locations are generated names, but never trust one to stay inside the folder.
        if path.parent != self.directory:
            raise ValueError("location outside the upload folder")
        return path

    def save(self, path: Path, suffix: str) -> StoredFile:
        self.directory.mkdir(parents=True, exist_ok=True)
        location = f"{secrets.token_hex(16)}{suffix}"
        target = self._path(location)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with open(path, "rb") as source, open(partial, "xb") as out:
                size, sha256 = copy_and_hash(source, out)
                out.flush()
                os.fsync(out.fileno())
            # The worker never sees a partial file: it appears under its name complete.
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return StoredFile(location=location, size=size, sha256=sha256)

    def open(self, location: str) -> BinaryIO:
        return open(self._path(location), "rb")

    def size(self, location: str) -> int:
        return self._path(location).stat().st_size

    def delete(self, location: str) -> bool:
        path = self._path(location)
        existed = path.exists()
        path.unlink(missing_ok=True)
        return existed

    def exists(self, location: str) -> bool:
        return self._path(location).is_file()

    @contextmanager
    def local_copy(self, location: str) -> Iterator[Path]:
        yield self._path(location)
