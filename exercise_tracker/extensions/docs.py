"""Swagger UI and ReDoc assets served by the app itself, so /docs and /redoc work offline.

Swagger UI's build comes from the flask-swagger-ui wheel (only its `dist` folder is read: its
blueprint and templates are not used, flask-smorest renders the page); ReDoc's one bundle is
vendored in `docs_assets/` with its licence and version. The URLs are config.py's
OPENAPI_SWAGGER_UI_URL and OPENAPI_REDOC_URL.
"""

from importlib.util import find_spec
from pathlib import Path

from flask import Blueprint, send_from_directory

ASSETS_URL_PATH = "/docs-assets"
VENDORED_DIR = Path(__file__).resolve().parent / "docs_assets"


def _swagger_ui_dist_dir() -> Path:
    spec = find_spec("flask_swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("flask-swagger-ui is not installed; /docs needs its assets")
    return Path(next(iter(spec.submodule_search_locations))) / "dist"


def docs_assets_blueprint() -> Blueprint:
    blueprint = Blueprint(
        "docs_assets",
        __name__,
        static_folder=str(VENDORED_DIR),
        static_url_path=ASSETS_URL_PATH,
    )
    swagger_ui_dir = _swagger_ui_dist_dir()

    @blueprint.route(f"{ASSETS_URL_PATH}/swagger-ui-dist/<path:filename>")
    def swagger_ui(filename):
        return send_from_directory(swagger_ui_dir, filename)

    return blueprint
