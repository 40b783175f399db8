"""Questionnaires a doctor assigns to a patient, on a schedule, and the patient's answers with
the score computed from them."""

from datetime import datetime, timedelta
from enum import StrEnum

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    FloatField,
    ObjectIdField,
    StringField,
)

from exercise_tracker.models.base import TimestampedDocument, utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import User


class Schedule(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    START_AND_END = "start_and_end"


@hangs_on(User, "patient_id")
class QuestionnaireAssignment(TimestampedDocument):
    meta = {
        "collection": "questionnaire_assignments",
        "indexes": [("patient_id", "start_date"), ("assigned_by", "patient_id")],
    }

    patient_id = ObjectIdField(required=True)
    assigned_by = ObjectIdField(required=True)  # the doctor
    instrument = StringField(required=True, max_length=64)  # the instrument's code
    schedule = StringField(required=True, choices=[s.value for s in Schedule])
    start_date = DateTimeField(required=True, default=utcnow)
    end_date = DateTimeField()  # the second answer of `start_and_end` is due from then
    active = BooleanField(required=True, default=True)

    def window(self, moment: datetime) -> tuple[datetime, datetime | None] | None:
        """The answering window `moment` falls in (one answer is due per window), or None
        before the start."""
        if moment < self.start_date:
            return None
        if self.schedule == Schedule.WEEKLY:
            weeks = (moment - self.start_date) // timedelta(days=7)
            start = self.start_date + timedelta(days=7 * weeks)
            return start, start + timedelta(days=7)
        if self.schedule == Schedule.START_AND_END and self.end_date:
            if moment < self.end_date:
                return self.start_date, self.end_date
            return self.end_date, None
        return self.start_date, None


@hangs_on(QuestionnaireAssignment, "assignment_id")
@hangs_on(User, "patient_id")
class QuestionnaireAnswer(TimestampedDocument):
    """One completed questionnaire: the raw answers as given and the score computed then."""

    meta = {
        "collection": "questionnaire_answers",
        "indexes": [("patient_id", "answered_at"), ("assignment_id", "answered_at")],
    }

    patient_id = ObjectIdField(required=True)
    assignment_id = ObjectIdField(required=True)
    instrument = StringField(required=True, max_length=64)
    instrument_version = StringField(required=True, max_length=32)
    answers = DictField(required=True)
    score = FloatField(required=True)
    raw_score = FloatField(required=True)
    answered_at = DateTimeField(required=True, default=utcnow)
