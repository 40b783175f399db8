"""Abusive uploads: odd names, disguised files, absurd videos, floods and slow senders."""

import io

import cv2
import pytest

from exercise_tracker.analysis import video as video_module
from exercise_tracker.models import Video
from tests.conftest import CLIP, PREDICT, fixture_video, stored_files, upload


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.mp4",
        "..\\..\\windows\\clip.mp4",
        "C:\\fakepath\\my clip.mp4",
        "clip\x1b[31m\x07\t.mp4",
        "/absolute/path.mp4",
        "." * 300 + ".mp4",
    ],
)
def test_file_names_are_only_cleaned_labels(app, client, patient, exercise_for, name):
    response = upload(client, patient, exercise_for["id"], name=name)
    assert response.status_code == 202
    label = response.json["file_name"]
    assert label and len(label) <= 255
    assert not set(label) & set("/\\\x00\r\n\x1b") and not label.startswith(".")
    [stored] = stored_files(app)
    assert stored.parent == app.config["UPLOAD_DIR"]  # the name never chose the place
    assert stored.name not in name


def test_the_last_path_part_is_kept(client, patient, exercise_for):
    response = upload(client, patient, exercise_for["id"], name="../../etc/passwd.mp4")
    assert response.json["file_name"] == "passwd.mp4"


def test_a_video_without_frames_is_refused(client, patient, exercise_for, tmp_path):
    path = tmp_path / "zero.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 30, (64, 64))
    writer.release()
    response = upload(client, patient, exercise_for["id"], data=path.read_bytes())
    assert response.status_code == 422
    assert "no frames" in str(response.json["errors"])
    assert Video.objects.count() == 0


def test_a_huge_declared_resolution_is_refused_before_decoding(
    app, client, patient, exercise_for, monkeypatch
):
    # The fixture is 640x360; lower the ceiling below it rather than forge a 100k x 100k header.
    monkeypatch.setattr(video_module, "MAX_DECLARED_PIXELS", 640 * 360 - 1)
    response = upload(client, patient, exercise_for["id"])
    assert response.status_code == 415
    assert Video.objects.count() == 0 and stored_files(app) == []


class TestFlood:
    @pytest.fixture
    def config_overrides(self):
        return {"UPLOAD_LIMIT_PER_USER": "3 per minute"}

    def test_one_patient_cannot_flood_uploads(
        self, client, patient, register, exercise_for, assign, doctor
    ):
        codes = [upload(client, patient, exercise_for["id"]).status_code for _ in range(4)]
        assert codes == [202, 202, 202, 429]
        other = register("Patient")
        theirs = assign(doctor, other)
        assert upload(client, other, theirs["id"]).status_code == 202  # per user, not global
        assert Video.objects(patient_id=patient.id).count() == 3


class SlowBody(io.RawIOBase):
    """A request body sent in small pieces; halfway through it looks at what the server kept."""

    def __init__(self, data: bytes, check_midway):
        self.data = memoryview(data)
        self.position = 0
        self.check_midway = check_midway
        self.checked = False

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        self.position = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: len(self.data)}[
            whence
        ] + offset
        return self.position

    def tell(self):
        return self.position

    def readinto(self, buffer):
        if not self.checked and self.position > len(self.data) // 2:
            self.check_midway()
            self.checked = True
        chunk = self.data[self.position : self.position + min(len(buffer), 4096)]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def test_a_slow_upload_leaves_nothing_visible_until_it_is_whole(app, client, patient, exercise_for):
    data = fixture_video(CLIP).read_bytes()
    seen_midway = {}

    def check():
        seen_midway["videos"] = Video.objects.count()
        seen_midway["files"] = stored_files(app)

    boundary = "slowboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="exercise_id"\r\n\r\n'
            f"{exercise_for['id']}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="slow.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    stream = SlowBody(body, check)
    response = client.post(
        PREDICT,
        input_stream=stream,
        headers={**patient.headers, "Content-Length": str(len(body))},
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert stream.checked
    assert seen_midway == {"videos": 0, "files": []}
    assert response.status_code == 202
    [stored] = stored_files(app)
    assert stored.read_bytes() == data
