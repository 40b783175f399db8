"""Messages: who may read and write a patient's conversation, paging, read marks, unread
counts, audit, export and erasure."""

from exercise_tracker.models import AuditEvent, Exercise, Message
from tests.factories import stored_video

MESSAGES = "/api/v1/messages/patient/"


def send(client, person, patient, body="How is the knee?", **fields):
    return client.post(
        f"{MESSAGES}{patient.id}", json={"body": body, **fields}, headers=person.headers
    )


def read(client, person, patient, **query):
    return client.get(f"{MESSAGES}{patient.id}", query_string=query, headers=person.headers)


def test_the_patient_and_a_treating_doctor_talk_both_ways(client, doctor, patient, assign):
    assign(doctor, patient)
    asked = send(client, doctor, patient)
    assert asked.status_code == 201, asked.json
    assert asked.json["author_role"] == "Doctor" and asked.json["patient_id"] == patient.id
    answered = send(client, patient, patient, body="Better, thanks.")
    assert answered.status_code == 201

    for person in (doctor, patient):
        listed = read(client, person, patient)
        assert listed.status_code == 200
        assert [m["body"] for m in listed.json] == ["Better, thanks.", "How is the knee?"]


def test_strangers_see_nothing_and_write_nothing(client, register, doctor, patient, assign):
    assign(doctor, patient)
    send(client, doctor, patient)
    other_doctor, other_patient = register("Doctor"), register("Patient")
    for stranger in (other_doctor, other_patient):
        assert read(client, stranger, patient).status_code == 404
        assert send(client, stranger, patient).status_code == 404
    # A doctor's own id is not a conversation.
    assert read(client, doctor, doctor).status_code == 404
    assert Message.objects.count() == 1


def test_a_doctor_no_longer_treating_reads_only_what_they_wrote(client, doctor, patient, assign):
    assign(doctor, patient)
    send(client, doctor, patient, body="Mine")
    send(client, patient, patient, body="The patient's")
    Exercise.objects(assigned_by=doctor.id).delete()  # no longer treats the patient

    listed = read(client, doctor, patient)
    assert listed.status_code == 200
    assert [m["body"] for m in listed.json] == ["Mine"]
    refused = send(client, doctor, patient, body="One more")
    assert refused.status_code == 403
    assert Message.objects(body="One more").count() == 0
    # The patient still writes, and still sees everything.
    assert send(client, patient, patient, body="Still here").status_code == 201
    assert len(read(client, patient, patient).json) == 3


def test_a_message_may_be_about_the_patients_own_exercise_or_video(
    app, client, register, doctor, patient, assign
):
    exercise = assign(doctor, patient)
    video = stored_video(app, exercise)
    about = send(client, patient, patient, exercise_id=exercise["id"], video_id=str(video.id))
    assert about.status_code == 201
    assert about.json["exercise_id"] == exercise["id"] and about.json["video_id"] == str(video.id)

    other = register("Patient")
    foreign = assign(doctor, other)
    refused = send(client, doctor, patient, exercise_id=foreign["id"])
    assert refused.status_code == 422 and "exercise_id" in refused.json["errors"]["json"]


def test_bad_bodies_are_refused_and_write_nothing(client, doctor, patient, assign):
    assign(doctor, patient)
    for body in ({"body": ""}, {"body": "x" * 4001}, {"body": "hi", "author_id": doctor.id}, {}):
        response = client.post(f"{MESSAGES}{patient.id}", json=body, headers=patient.headers)
        assert response.status_code == 422, body
    assert Message.objects.count() == 0


def test_newest_first_with_pages(client, doctor, patient, assign):
    assign(doctor, patient)
    for number in range(5):
        send(client, patient, patient, body=f"message {number}")
    page = read(client, doctor, patient, page=2, page_size=2)
    assert [m["body"] for m in page.json] == ["message 2", "message 1"]
    assert '"total": 5' in page.headers["X-Pagination"]


def test_read_marks_and_unread_counts_on_each_side(client, doctor, patient, assign):
    assign(doctor, patient)
    first = send(client, patient, patient, body="one").json
    send(client, patient, patient, body="two")
    send(client, doctor, patient, body="reply")

    me = client.get("/api/v1/users/me", headers=doctor.headers).json
    assert me["unread_messages"] == 2
    overview = client.get(f"/api/v1/progress/doctor/{doctor.id}", headers=doctor.headers).json
    assert overview[0]["unread_messages"] == 2
    assert client.get("/api/v1/users/me", headers=patient.headers).json["unread_messages"] == 1
    unread = read(client, doctor, patient, unread="true").json
    assert [m["body"] for m in unread] == ["two", "one"]

    marked = client.post(
        f"{MESSAGES}{patient.id}/read", json={"up_to": first["id"]}, headers=doctor.headers
    )
    assert marked.status_code == 200 and marked.json == {"marked": 1}
    assert client.get("/api/v1/users/me", headers=doctor.headers).json["unread_messages"] == 1
    everything = client.post(f"{MESSAGES}{patient.id}/read", json={}, headers=doctor.headers)
    assert everything.json == {"marked": 1}
    assert client.get("/api/v1/users/me", headers=doctor.headers).json["unread_messages"] == 0
    # The doctor's reading does not read for the patient.
    assert client.get("/api/v1/users/me", headers=patient.headers).json["unread_messages"] == 1


def test_every_read_and_write_is_audited(client, doctor, patient, assign):
    assign(doctor, patient)
    message = send(client, doctor, patient).json
    read(client, patient, patient)
    client.post(f"{MESSAGES}{patient.id}/read", json={}, headers=patient.headers)
    events = AuditEvent.objects(patient_id=patient.id).order_by("at")
    assert [(e.action, e.resource) for e in events if e.resource != "progress"][-3:] == [
        ("create", "message"),
        ("read", "conversation"),
        ("update", "conversation"),
    ]
    assert events.filter(resource="message").first().resource_id == message["id"]


def test_messages_are_exported_and_erased_with_the_patient(client, doctor, patient, assign):
    assign(doctor, patient)
    send(client, doctor, patient, body="Exported")
    export = client.get(f"/api/v1/users/{patient.id}/export", headers=patient.headers).json
    assert [m["body"] for m in export["messages"]] == ["Exported"]

    erased = client.delete(f"/api/v1/users/{patient.id}", headers=patient.headers)
    assert erased.status_code == 200
    assert Message.objects(patient_id=patient.id).count() == 0


def test_marking_read_needs_no_body(client, doctor, patient, assign):
    assign(doctor, patient)
    send(client, doctor, patient)
    marked = client.post(f"{MESSAGES}{patient.id}/read", headers=patient.headers)
    assert marked.status_code == 200 and marked.json == {"marked": 1}
    unknown = client.post(
        f"{MESSAGES}{patient.id}/read",
        json={"up_to": "6650c0ffee0ddba11c0ffee0"},
        headers=patient.headers,
    )
    assert unknown.status_code == 422 and "up_to" in unknown.json["errors"]["json"]
