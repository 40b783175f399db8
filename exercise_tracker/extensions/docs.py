"""Swagger UI and ReDoc assets served by the app itself, so /docs and /redoc work offline.

The files come from the drf-spectacular-sidecar wheel, which ships both UIs' builds (its Django
app is never imported; only its static folder is read).
"""

from importlib.util import find_spec
from pathlib import Path

from flask import Blueprint

ASSETS_URL_PATH = "/docs-assets"


def _sidecar_static_dir() -> Path:
    spec = find_spec("drf_spectacular_sidecar")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("drf-spectacular-sidecar is not installed; /docs needs its assets")
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    return package_dir / "static" / "drf_spectacular_sidecar"


def docs_assets_blueprint() -> Blueprint:
    return Blueprint(
        "docs_assets",
        __name__,
        static_folder=str(_sidecar_static_dir()),
        static_url_path=ASSETS_URL_PATH,
    )
