"""The deploy's slug size: requirements.txt installed into a clean environment, compressed as
the platform compresses a slug (a gzipped tar), against its 500 MB limit and our 400 MB target.

    .venv/bin/python benchmarks/slug_size.py [--requirements requirements.txt] [--keep DIR]

Prints the compressed size of the installed packages, of the app's own files and of the Python
runtime, then the ten largest packages (installed and compressed). Takes a few minutes: it
installs every pinned package into a new virtual environment (from the pip index configured
here, as the platform installs from its own).
"""

import argparse
import gzip
import io
import os
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 500
TARGET_MB = 400
MB = 1e6

# Run by the new environment's interpreter: every installed file and the distribution owning it.
LIST_FILES = """
import json, sys
from importlib.metadata import distributions
from pathlib import Path
owners = {}
for dist in distributions():
    for file in dist.files or ():
        path = Path(dist.locate_file(file)).resolve()
        if path.is_file():
            owners[str(path)] = dist.metadata["Name"]
json.dump(owners, sys.stdout)
"""


class CountingSink(io.RawIOBase):
    """A write-only stream that keeps only the number of bytes written to it."""

    def __init__(self):
        self.written = 0

    def writable(self):
        return True

    def write(self, data):
        self.written += len(data)
        return len(data)


def install(requirements: Path, target: Path) -> Path:
    """A new virtual environment with `requirements` installed; answers its interpreter.
    One kept from an earlier run (`--keep`) is measured as it is."""
    python = target / "bin" / "python"
    if python.exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-cache-dir", "-r", str(requirements)],
        check=True,
    )  # fmt: skip
    return python


def installed_files(python: Path, environment: Path) -> dict[str, list[Path]]:
    """Files of the environment's site-packages, by the distribution that owns them."""
    output = subprocess.run(
        [str(python), "-c", LIST_FILES], check=True, capture_output=True, text=True
    ).stdout
    import json

    owners = json.loads(output)
    packages: dict[str, list[Path]] = defaultdict(list)
    site_packages = next(environment.glob("lib/python*/site-packages")).resolve()
    for path in sorted(site_packages.rglob("*")):
        if path.is_file() and not path.is_symlink():
            packages[owners.get(str(path), "(unowned: caches, pip's own)")].append(path)
    return packages


def app_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def runtime_files() -> list[Path]:
    """The interpreter and its standard library, which the platform's buildpack also ships."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = [
        path
        for path in stdlib.rglob("*")
        if path.is_file() and "site-packages" not in path.parts and "test" not in path.parts
    ]
    return [Path(os.path.realpath(sys.executable)), *files]


def compress(groups: dict[str, list[Path]]) -> dict[str, tuple[int, int]]:
    """One gzipped tar of every group, in turn; answers each group's (installed, compressed)
    bytes. The compressor's buffer lags by a few kB, negligible at these sizes."""
    sink = CountingSink()
    sizes = {}
    with (
        gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=6) as compressed,
        tarfile.open(fileobj=compressed, mode="w|") as archive,
    ):
        for name, files in groups.items():
            before = sink.written
            installed = 0
            for path in files:
                archive.add(str(path), arcname=str(path).lstrip("/"), recursive=False)
                installed += path.stat().st_size
            sizes[name] = (installed, sink.written - before)
    return sizes


def report(sizes: dict[str, tuple[int, int]], runtime: str, app: str) -> int:
    packages = {name: size for name, size in sizes.items() if name not in (runtime, app)}
    total = sum(compressed for _, compressed in sizes.values())
    print(f"{'part':<38}{'installed MB':>14}{'compressed MB':>15}")
    for name, label in (
        (None, "installed packages"),
        (app, "the app's own files"),
        (runtime, "Python runtime"),
    ):
        if name is None:
            installed = sum(size for size, _ in packages.values())
            compressed = sum(size for _, size in packages.values())
        else:
            installed, compressed = sizes[name]
        print(f"{label:<38}{installed / MB:>14.1f}{compressed / MB:>15.1f}")
    print(f"{'slug (compressed)':<38}{'':>14}{total / MB:>15.1f}")
    verdict = "within" if total / MB <= TARGET_MB else "OVER"
    print(f"limit {LIMIT_MB} MB, target {TARGET_MB} MB: {verdict}")
    print("\nten largest packages")
    largest = sorted(packages.items(), key=lambda item: item[1][1], reverse=True)[:10]
    for name, (installed, compressed) in largest:
        print(f"  {name:<36}{installed / MB:>14.1f}{compressed / MB:>15.1f}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    parser.add_argument(
        "--keep", type=Path, help="install here and keep it, or measure what is there already"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="slug-") as scratch:
        environment = args.keep or Path(scratch) / "venv"
        python = install(args.requirements.resolve(), environment)
        groups: dict[str, list[Path]] = dict(installed_files(python, environment))
        groups["(app)"] = app_files()
        groups["(python runtime)"] = runtime_files()
        print(f"requirements: {args.requirements}")
        report(compress(groups), runtime="(python runtime)", app="(app)")


if __name__ == "__main__":
    main()
