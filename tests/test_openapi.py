"""The OpenAPI document is valid and complete, and its UIs work without internet access."""

import re

from openapi_spec_validator import validate

ORIGINAL_DESIGN_PATHS = {
    "/api/v1/users/": {"post"},
    "/api/v1/users/login": {"post"},
    "/api/v1/users/{user_id}": {"get", "put"},
    "/api/v1/exercises/": {"post"},
    "/api/v1/exercises/{exercise_id}": {"get", "put"},
    "/api/v1/exercises/patient/{patient_id}": {"get"},
    "/api/v1/exercises/doctor/{doctor_id}": {"get"},
}


def test_document_validates(client):
    spec = client.get("/openapi.json").json
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_original_design_paths_are_present(client):
    paths = client.get("/openapi.json").json["paths"]
    for path, methods in ORIGINAL_DESIGN_PATHS.items():
        assert methods <= set(paths[path]), path


FILE_RESPONSES = {
    "/api/v1/videos/{video_id}/file": "video/mp4",
    "/api/v1/videos/{video_id}/preview.png": "image/png",
    "/api/v1/videos/{video_id}/chart.png": "image/png",
    "/api/v1/progress/patient/{patient_id}/chart.png": "image/png",
    "/api/v1/progress/patient/{patient_id}/report.pdf": "application/pdf",
}


def test_files_are_documented_with_their_media_type(client):
    paths = client.get("/openapi.json").json["paths"]
    for path, media_type in FILE_RESPONSES.items():
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert list(content) == [media_type], path
        assert content[media_type]["schema"] == {"type": "string", "format": "binary"}


def test_progress_and_motions_are_documented(client):
    paths = client.get("/openapi.json").json["paths"]
    for path in ("/api/v1/motions/", "/api/v1/progress/patient/{patient_id}"):
        assert "get" in paths[path], path
    overview = paths["/api/v1/progress/doctor/{doctor_id}"]["get"]
    assert {"401", "403"} <= set(overview["responses"])


def test_protected_operations_declare_bearer_and_errors(client):
    spec = client.get("/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    public = {
        ("/api/v1/users/", "post"),
        ("/api/v1/users/login", "post"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    }
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            responses = operation["responses"]
            assert any(code.startswith("2") for code in responses), (path, method)
            assert "default" in responses or any(code.startswith("4") for code in responses)
            if (path, method) not in public:
                assert operation["security"] == [{"bearerAuth": []}], (path, method)
                assert "401" in responses, (path, method)
            if "requestBody" in operation:
                assert "422" in responses, (path, method)


def _asset_urls(html: str):
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_swagger_ui_and_redoc_load_only_local_assets(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).get_data(as_text=True)
        urls = _asset_urls(html)
        assert urls, page
        for url in urls:
            assert url.startswith("/"), f"{page} loads {url} from elsewhere"
            asset = client.get(url)
            assert asset.status_code == 200, url
            assert len(asset.data) > 1000, url


def test_flask_openapi_write_saves_the_same_document(app, client, tmp_path):
    import json

    target = tmp_path / "openapi.json"
    result = app.test_cli_runner().invoke(args=["openapi", "write", str(target)])
    assert result.exit_code == 0, result.output
    written = json.loads(target.read_text())
    validate(written)
    assert written["paths"].keys() == client.get("/openapi.json").json["paths"].keys()
