"""The storage interface, and the streaming copy both backends use."""

import hashlib
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    location: str  # what Video.file_path records
    size: int
    sha256: str


def copy_and_hash(source: BinaryIO, target: BinaryIO) -> tuple[int, str]:
    """Copies in chunks, never holding the whole file; answers the size and sha256."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_BYTES):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class VideoStorage(ABC):
    name: str

    @abstractmethod
    def save(self, path: Path, suffix: str) -> StoredFile:
        """Stores a complete local file under a generated name."""

    @abstractmethod
    def open(self, location: str) -> BinaryIO:
        """A seekable binary stream of a stored file."""

    @abstractmethod
    def size(self, location: str) -> int: ...

    @abstractmethod
    def delete(self, location: str) -> bool:
        """Removes a stored file; False when it was already gone."""

    @abstractmethod
    def exists(self, location: str) -> bool: ...

    @contextmanager
    def local_copy(self, location: str) -> Iterator[Path]:
        """A path on this machine's disk for tools that need one (OpenCV does)."""
        with self.open(location) as source, tempfile.NamedTemporaryFile(suffix=".video") as copy:
            shutil.copyfileobj(source, copy, CHUNK_BYTES)
            copy.flush()
            yield Path(copy.name)
