"""The OpenAPI document is valid and complete, and its UIs work without internet access."""

import json
import re

from openapi_spec_validator import validate

from exercise_tracker.analysis.video import MEDIA_TYPES

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
    # Served as its container: a .mov as video/quicktime, a .webm as video/webm...
    "/api/v1/videos/{video_id}/file": MEDIA_TYPES,
    "/api/v1/videos/{video_id}/preview.png": "image/png",
    "/api/v1/videos/{video_id}/chart.png": "image/png",
    "/api/v1/progress/patient/{patient_id}/chart.png": "image/png",
    "/api/v1/progress/patient/{patient_id}/report.pdf": "application/pdf",
}


def test_files_are_documented_with_their_media_type(client):
    paths = client.get("/openapi.json").json["paths"]
    for path, media_types in FILE_RESPONSES.items():
        media_types = (media_types,) if isinstance(media_types, str) else media_types
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert list(content) == list(media_types), path
        for media_type in media_types:
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


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                yield path, method, operation


def test_every_operation_has_a_unique_operation_id(client):
    spec = client.get("/openapi.json").json
    ids = [operation.get("operationId") for _, _, operation in _operations(spec)]
    assert None not in ids
    assert len(ids) == len(set(ids))
    paths = spec["paths"]
    assert paths["/api/v1/videos/{video_id}"]["get"]["operationId"] == "getVideoById"
    assert paths["/api/v1/videos/patient/{patient_id}"]["get"]["operationId"] == (
        "listPatientVideos"
    )
    assert paths["/api/v1/exercises/"]["post"]["operationId"] == "createExercise"


def test_statuses_and_headers_that_can_be_sent_are_declared(client):
    spec = client.get("/openapi.json").json
    paths = spec["paths"]
    for path, method, operation in _operations(spec):
        responses = operation["responses"]
        if "requestBody" in operation:
            assert {"413", "415"} <= set(responses), (path, method)
        if path.startswith("/api/"):
            assert "Retry-After" in responses["503"]["headers"], (path, method)
    upload = paths["/api/v1/predict/"]["post"]["responses"]
    for status in ("200", "202"):
        assert "Location" in upload[status]["headers"]
    # An exercise assigned to someone who is not a patient is a 404.
    assert "404" in paths["/api/v1/exercises/"]["post"]["responses"]
    download = paths["/api/v1/videos/{video_id}/file"]["get"]["responses"]
    assert list(download["206"]["content"]) == list(MEDIA_TYPES)
    assert "Content-Range" in download["206"]["headers"]
    picture = paths["/api/v1/videos/{video_id}/chart.png"]["get"]["responses"]
    assert {"ETag", "Cache-Control"} <= set(picture["200"]["headers"])
    assert "ETag" in picture["304"]["headers"]


def test_x_pagination_is_documented_as_the_json_text_it_is(client, patient):
    spec = client.get("/openapi.json").json
    listing = spec["paths"]["/api/v1/videos/patient/{patient_id}"]["get"]["responses"]["200"]
    header = listing["headers"]["X-Pagination"]
    assert "schema" not in header
    schema = header["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/PaginationMetadata"}
    documented = set(spec["components"]["schemas"]["PaginationMetadata"]["properties"])
    sent = client.get(f"/api/v1/videos/patient/{patient.id}", headers=patient.headers)
    metadata = json.loads(sent.headers["X-Pagination"])
    assert set(metadata) <= documented and "total" in metadata
