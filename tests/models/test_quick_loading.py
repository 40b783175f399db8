"""Stored documents of plain fields load without MongoEngine's general constructor, into exactly
what that constructor gives; anything it would treat otherwise still goes its way."""

from unittest import mock

import mongoengine
import pytest
from bson import ObjectId
from mongoengine.base import BaseDocument
from mongoengine.errors import FieldDoesNotExist

from exercise_tracker.models import DOCUMENTS, Exercise, User, Video
from exercise_tracker.models.base import StoredDocument
from tests.security import test_erasure_complete

active_patient = test_erasure_complete.active_patient  # a fixture: everything a patient can have


def _general(cls, son):
    """What MongoEngine's own loading gives."""
    return BaseDocument._from_son.__func__(cls, son)


def _state(document, son: dict | None = None) -> dict:
    """What a loaded document holds; with ``son``, a default made by a function (the time now)
    for a field the son lacks counts as made, whatever it made."""
    displays = {
        name: getattr(document, f"get_{name}_display")()
        for name, field in document._fields.items()
        if field.choices
    }
    data = dict(document._data)
    for name, field in document._fields.items():
        if son is not None and son.get(field.db_field) is None and callable(field.default):
            data[name] = data[name] is not None
    return {
        "class": type(document),
        "data": data,
        "created": document._created,
        "changed": list(document._changed_fields),
        "initialised": document._initialised,
        "cls": document._cls,
        "mongo": set(document.to_mongo()),
        "displays": displays,
    }


def test_every_stored_document_loads_as_the_general_constructor_makes_it(active_patient):
    db = mongoengine.get_db()
    compared = {}
    for cls in DOCUMENTS:
        for son in db[cls._get_collection_name()].find():
            assert _state(cls._from_son(son)) == _state(_general(cls, son)), cls
            compared[cls.__name__] = compared.get(cls.__name__, 0) + 1
    # The documents the quick way serves were all there to compare.
    assert {"Exercise", "Video", "AuditEvent"} <= set(compared)


def test_missing_and_empty_fields_take_their_defaults_as_in_the_constructor():
    son = {"_id": ObjectId(), "name": "Knee bends", "assigned_by": ObjectId(), "status": None}
    quick, general = Exercise._from_son(son), _general(Exercise, son)
    assert _state(quick, son) == _state(general, son)
    assert quick.status == general.status is not None  # the field's default, not None
    assert quick.created_at is not None  # a callable default, called


def _outcome(load, cls, son):
    try:
        return _state(load(cls, son), son)
    except Exception as error:  # noqa: BLE001 (the error is what is compared)
        return type(error)


@pytest.mark.parametrize(
    "cls, son",
    [
        (Exercise, {"name": "x", "smuggled": 1}),  # a key no field knows
        (Video, {"exercise_id": "not an id", "file_path": "f"}),  # a value that does not convert
        (Video, {"status": 7, "file_size": "12"}),
        (Exercise, {"_cls": "Exercise", "name": "x"}),
    ],
)
def test_odd_stored_documents_load_or_fail_as_in_the_constructor(cls, son):
    son = {"_id": ObjectId(), **son}
    quick = _outcome(lambda c, s: c._from_son(s), cls, son)
    assert quick == _outcome(_general, cls, son)
    if son.get("smuggled"):
        assert quick is FieldDoesNotExist


def test_a_quickly_loaded_document_tracks_its_changes_and_saves_them(doctor, patient, assign):
    exercise = Exercise.objects.get(id=assign(doctor, patient)["id"])
    assert exercise._changed_fields == []
    exercise.name = "Heel slides"
    assert exercise._get_changed_fields() == ["name"]
    exercise.save()
    assert Exercise.objects.get(id=exercise.id).name == "Heel slides"


def test_a_page_of_exercises_is_loaded_without_the_general_constructor(doctor, patient, assign):
    for _ in range(3):
        assign(doctor, patient)
    with mock.patch.object(BaseDocument, "__init__", side_effect=AssertionError) as init:
        assert len(list(Exercise.objects(assigned_to=patient.id))) == 3
    assert init.call_count == 0


def test_documents_mongoengine_wraps_take_its_own_way(patient):
    assert issubclass(User, StoredDocument)
    built, general = [], BaseDocument.__init__

    def counting(document, *args, **kwargs):
        built.append(type(document))
        general(document, *args, **kwargs)

    with mock.patch.object(BaseDocument, "__init__", counting):
        User.objects.get(id=patient.id)
    assert User in built  # its sessions are embedded documents
