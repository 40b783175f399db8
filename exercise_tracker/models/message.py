"""Messages between a patient and the doctors who treat them: one conversation per patient."""

from mongoengine import DateTimeField, ListField, ObjectIdField, StringField

from exercise_tracker.models.base import TimestampedDocument, utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import Role, User

MESSAGE_MAX_LENGTH = 4000


@hangs_on(User, "patient_id")
class Message(TimestampedDocument):
    meta = {
        "collection": "messages",
        "indexes": [("patient_id", "-sent_at"), ("author_id", "-sent_at")],
    }

    patient_id = ObjectIdField(required=True)  # whose conversation
    author_id = ObjectIdField(required=True)
    author_role = StringField(required=True, choices=[role.value for role in Role])
    body = StringField(required=True, min_length=1, max_length=MESSAGE_MAX_LENGTH)
    exercise_id = ObjectIdField()  # optionally about an exercise or a video of the patient
    video_id = ObjectIdField()
    sent_at = DateTimeField(required=True, default=utcnow)
    read_by = ListField(ObjectIdField())  # who has read it, besides its author
