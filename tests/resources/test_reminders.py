"""Reminder preferences (defaults, changes, refusals, audit) and the delivery log, each
person's own."""

import pytest
from bson import ObjectId

from exercise_tracker.models import AuditEvent, Delivery, ReminderPreference

PREFERENCES = "/api/v1/reminders/preferences"


def test_defaults_until_set_then_changes_kept(client, patient):
    defaults = client.get(PREFERENCES, headers=patient.headers).json
    assert defaults["enabled"] is True
    assert (defaults["local_time"], defaults["time_zone"]) == ("18:00", "UTC")
    assert defaults["quiet_start"] is None and defaults["quiet_end"] is None

    changed = client.put(
        PREFERENCES,
        json={
            "local_time": "07:30",
            "time_zone": "Asia/Tokyo",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
        headers=patient.headers,
    )
    assert changed.status_code == 200, changed.json
    off = client.put(PREFERENCES, json={"enabled": False}, headers=patient.headers).json
    assert off["enabled"] is False and off["time_zone"] == "Asia/Tokyo"  # the rest kept
    assert ReminderPreference.objects(user_id=ObjectId(patient.id)).count() == 1
    cleared = client.put(
        PREFERENCES, json={"quiet_start": None, "quiet_end": None}, headers=patient.headers
    ).json
    assert cleared["quiet_start"] is None and cleared["local_time"] == "07:30"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"local_time": "25:00"}, "local_time"),
        ({"local_time": "7:30"}, "local_time"),
        ({"quiet_start": "22:00"}, "quiet_start"),
        ({"quiet_start": "08:00", "quiet_end": "08:00"}, "quiet_end"),
        ({"local_time": "23:00", "quiet_start": "22:00", "quiet_end": "07:00"}, "local_time"),
        ({"enabled": "sometimes"}, "enabled"),
        ({"user_id": "6650c0ffee0ddba11c0ffee0"}, "user_id"),
    ],
)
def test_bad_preferences_are_refused_and_change_nothing(client, patient, body, field):
    refused = client.put(PREFERENCES, json=body, headers=patient.headers)
    assert refused.status_code == 422
    assert field in refused.json["errors"]["json"]
    assert ReminderPreference.objects.count() == 0


def test_a_change_needs_a_body(client, patient):
    refused = client.put(PREFERENCES, headers=patient.headers)
    assert refused.status_code == 422
    assert ReminderPreference.objects.count() == 0


def test_preferences_need_a_login_and_are_audited(client, patient):
    assert client.get(PREFERENCES).status_code == 401
    client.get(PREFERENCES, headers=patient.headers)
    client.put(PREFERENCES, json={"enabled": False}, headers=patient.headers)
    actions = [e.action for e in AuditEvent.objects(resource="reminder-preferences")]
    assert actions == ["read", "update"]
    assert AuditEvent.objects(resource="reminder-preferences").first().patient_id == ObjectId(
        patient.id
    )


def test_each_person_sees_only_what_was_delivered_to_them(client, doctor, patient):
    for recipient, kind in ((patient, "reminder"), (doctor, "alert"), (doctor, "missed_sessions")):
        Delivery(
            key=f"{kind}:{recipient.id}",
            kind=kind,
            recipient_id=ObjectId(recipient.id),
            patient_id=ObjectId(patient.id),
            subject=kind,
            text=kind,
            email_status="sent",
        ).save()
    mine = client.get("/api/v1/reminders/deliveries", headers=patient.headers).json
    assert [d["kind"] for d in mine] == ["reminder"]
    theirs = client.get(
        "/api/v1/reminders/deliveries", query_string={"kind": "alert"}, headers=doctor.headers
    ).json
    assert [d["kind"] for d in theirs] == ["alert"] and theirs[0]["email_status"] == "sent"
    assert "text" not in theirs[0]


def test_preferences_and_deliveries_go_with_the_patient(client, doctor, patient):
    client.put(PREFERENCES, json={"enabled": False}, headers=patient.headers)
    for recipient in (patient, doctor):
        Delivery(
            key=f"reminder:{recipient.id}",
            kind="reminder",
            recipient_id=ObjectId(recipient.id),
            patient_id=ObjectId(patient.id),
            subject="s",
            text="t",
        ).save()
    assert client.delete(f"/api/v1/users/{patient.id}", headers=patient.headers).status_code == 200
    assert ReminderPreference.objects.count() == 0
    assert Delivery.objects.count() == 0  # the doctor's notices about the patient too
