"""Erasure is complete by construction: after a fully active patient erases their account, no
document in any collection names them, their documents or their videos; their audit trail stays
under a pseudonym. The export holds everything the ownership registry names."""

import re

import mongoengine
import pytest
from bson import ObjectId

from exercise_tracker.models import DOCUMENTS, AuditEvent, Picture
from exercise_tracker.models.ownership import dependents_of, registered_documents
from exercise_tracker.resources.users.schemas import ExportSchema
from tests.conftest import stored_files
from tests.factories import attempt

USERS = "/api/v1/users/"


@pytest.fixture
def active_patient(app, client, doctor, patient, register, assign):
    """Two doctors' exercises, analysed videos, every picture drawn, several sessions, a refresh,
    an export and a report: everything the patient's data can be."""
    other_doctor = register("Doctor")
    exercises = [assign(doctor, patient, name="Knee bends"), assign(other_doctor, patient)]
    videos = [attempt(app, exercise) for exercise in exercises]
    for video in videos:
        for picture in ("preview.png", "chart.png"):
            drawn = client.get(f"/api/v1/videos/{video.id}/{picture}", headers=patient.headers)
            assert drawn.status_code == 200, drawn.json
    for person in (patient, doctor):
        base = f"/api/v1/progress/patient/{patient.id}"
        assert client.get(f"{base}/chart.png", headers=person.headers).status_code == 200
        assert client.get(f"{base}/report.pdf", headers=person.headers).status_code == 200
    client.post(f"{USERS}login", json={"email": patient.email, "password": "wrong password"})
    client.post(
        f"{USERS}refresh", headers={"Authorization": f"Bearer {patient.tokens['refresh_token']}"}
    )
    assert client.get(f"{USERS}{patient.id}/export", headers=patient.headers).status_code == 200
    assert Picture.objects(patient_id=patient.id).count() == 6  # 2 per video, 2 progress charts
    return {"exercises": exercises, "videos": videos}


def _names(patient, active):
    ids = {ObjectId(patient.id)}
    ids |= {ObjectId(exercise["id"]) for exercise in active["exercises"]}
    ids |= {video.id for video in active["videos"]}
    texts = {str(each) for each in ids} | {patient.email, patient.json["full_name"]}
    texts |= {video.file_path for video in active["videos"]}
    return ids, texts


def _values(value):
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _values(child)
    elif isinstance(value, list | tuple):
        for child in value:
            yield from _values(child)
    else:
        yield value


def _naming(ids, texts):
    pattern = re.compile("|".join(re.escape(text) for text in texts))
    found = []
    db = mongoengine.get_db()
    for name in db.list_collection_names():
        for document in db[name].find():
            for value in _values(document):
                if isinstance(value, ObjectId) and value in ids:
                    found.append((name, value))
                elif isinstance(value, str) and pattern.search(value):
                    found.append((name, value))
    return found


def test_nothing_anywhere_names_an_erased_patient(app, client, patient, active_patient):
    ids, texts = _names(patient, active_patient)
    assert _naming(ids, texts), "the scan finds the patient before erasure"
    trail_before = AuditEvent.objects.count()

    erased = client.delete(f"{USERS}{patient.id}", headers=patient.headers)
    assert erased.status_code == 200
    assert erased.json["pictures"] == 6 and erased.json["videos"] == 2

    assert _naming(ids, texts) == []
    assert stored_files(app) == []
    # The trail stays, every event of it, under one pseudonym.
    assert AuditEvent.objects.count() > trail_before
    pseudonyms = set(AuditEvent.objects(actor_role="Patient").distinct("actor_id"))
    assert len(pseudonyms) == 1 and ObjectId(patient.id) not in pseudonyms
    erasure = AuditEvent.objects(action="erase").get()
    assert erasure.patient_id in pseudonyms and erasure.outcome == 200


def test_every_exported_document_has_its_place_in_the_export():
    fields = set(ExportSchema().fields)
    for document in registered_documents():
        exported_somewhere = any(
            dependent.exported
            for owner in DOCUMENTS
            for dependent in dependents_of(owner)
            if dependent.document is document
        )
        if exported_somewhere:
            assert document._get_collection_name() in fields, document


def test_export_includes_pictures_as_links(client, patient, doctor, active_patient):
    body = client.get(f"{USERS}{patient.id}/export", headers=patient.headers).json
    assert len(body["pictures"]) == 6
    links = {picture["file_url"] for picture in body["pictures"]}
    assert f"/api/v1/progress/patient/{patient.id}/chart.png" in links
    for link in links:
        assert link.startswith("/api/v1/")
        assert client.get(link, headers=patient.headers).status_code == 200
    # A doctor's export holds the pictures of the videos of their own exercises only.
    theirs = client.get(f"{USERS}{patient.id}/export", headers=doctor.headers).json
    assert {p["video_id"] for p in theirs["pictures"]} == {str(active_patient["videos"][0].id)}
