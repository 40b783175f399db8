"""The audit recorder: events carry the acting person and are appended, never replaced."""

from bson import ObjectId

from exercise_tracker.models import AuditAction, AuditEvent
from exercise_tracker.services.audit import SYSTEM, Actor, acting_as, current_actor, record


def test_an_event_names_the_actor_the_patient_and_the_outcome(app):
    doctor, patient = ObjectId(), ObjectId()
    with acting_as(Actor(doctor, "Doctor", "127.0.0.9", "req-1")):
        record(AuditAction.READ, "video", patient, resource_id=ObjectId(), outcome=200)
    record(AuditAction.EXPORT, "export", patient, outcome=404)

    first, second = AuditEvent.objects(patient_id=patient).order_by("at", "id")
    assert (first.actor_id, first.actor_role, first.address, first.request_id) == (
        doctor,
        "Doctor",
        "127.0.0.9",
        "req-1",
    )
    assert first.action == "read" and len(first.resource_id) == 24
    assert second.actor_id is None and second.actor_role == "system" and second.outcome == 404


def test_acting_as_is_undone_after_the_block():
    with acting_as(Actor(ObjectId(), "Patient")):
        assert current_actor().role == "Patient"
    assert current_actor() is SYSTEM
