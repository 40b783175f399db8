"""Exercises a doctor assigns to a patient, with the prescription the analysis checks."""

from enum import StrEnum

from mongoengine import (
    DateTimeField,
    IntField,
    ObjectIdField,
    QuerySet,
    StringField,
    ValidationError,
)

from exercise_tracker.models.base import TimestampedDocument, utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import User


class ExerciseStatus(StrEnum):
    PENDING = "Pending"
    COMPLETED = "Completed"
    NOT_COMPLETED = "Not Completed"


class ExerciseQuerySet(QuerySet):
    def visible_to(self, viewer: User) -> QuerySet:
        """The patient sees the exercises assigned to them; a doctor those they assigned."""
        if viewer.is_doctor:
            return self.filter(assigned_by=viewer.id)
        return self.filter(assigned_to=viewer.id)


@hangs_on(User, "assigned_to")
class Exercise(TimestampedDocument):
    meta = {
        "collection": "exercises",
        "queryset_class": ExerciseQuerySet,
        "indexes": [
            ("assigned_to", "due_date"),
            ("assigned_by", "due_date"),
            ("assigned_by", "assigned_to"),
            ("status", "due_date"),
        ],
    }

    name = StringField(required=True, max_length=200)
    description = StringField(max_length=5000, default="")
    assigned_by = ObjectIdField(required=True)  # the doctor
    assigned_to = ObjectIdField(required=True)  # the patient
    assigned_date = DateTimeField(required=True, default=utcnow)
    due_date = DateTimeField()
    status = StringField(
        required=True,
        choices=[status.value for status in ExerciseStatus],
        default=ExerciseStatus.PENDING.value,
    )
    # The prescription: which motion the analysis checks for, and how much of it.
    motion = StringField(max_length=64)
    target_reps = IntField(min_value=1, max_value=1000)
    sets = IntField(min_value=1, max_value=100)
    frequency_per_week = IntField(min_value=1, max_value=50)
    target_range_of_motion = IntField(min_value=1, max_value=360)  # degrees of excursion

    def clean(self):
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError("The name must not be blank.")

    @property
    def is_recurring(self) -> bool:
        """Prescribed a number of times a week, rather than done once."""
        return bool(self.frequency_per_week)

    @property
    def session_reps(self) -> int | None:
        """Repetitions one session asks for: every set of the target."""
        return self.target_reps * (self.sets or 1) if self.target_reps else None

    @property
    def is_overdue(self) -> bool:
        """Still pending past its due date (until `close-overdue` closes it)."""
        return (
            self.status == ExerciseStatus.PENDING
            and self.due_date is not None
            and self.due_date < utcnow()
        )
