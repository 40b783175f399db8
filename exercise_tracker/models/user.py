"""Users: doctors (physiotherapists) and their patients."""

from enum import StrEnum

from mongoengine import BooleanField, EmailField, QuerySet, StringField, ValidationError
from mongoengine.document import get_document

from exercise_tracker.models.base import TimestampedDocument


class Role(StrEnum):
    DOCTOR = "Doctor"
    PATIENT = "Patient"


def normalise_email(email: str) -> str:
    """Emails are unique regardless of case, so they are stored in one case."""
    return email.strip().lower()


class UserQuerySet(QuerySet):
    def visible_to(self, viewer: "User") -> QuerySet:
        """A user sees their own account; a doctor also the patients they treat (those they
        assigned an exercise to)."""
        visible = [viewer.id]
        if viewer.is_doctor:
            # Exercises hang on users, so this module cannot import them: ask MongoEngine's
            # registry, as its own references to a later document do.
            exercises = get_document("Exercise").objects
            visible += exercises(assigned_by=viewer.id).distinct("assigned_to")
        return self.filter(id__in=visible)


class User(TimestampedDocument):
    meta = {
        "collection": "users",
        "indexes": [{"fields": ["email"], "unique": True}],
        "queryset_class": UserQuerySet,
    }

    email = EmailField(required=True, max_length=254)
    full_name = StringField(required=True, max_length=200)
    role = StringField(required=True, choices=[role.value for role in Role])
    hashed_password = StringField(required=True)
    is_active = BooleanField(required=True, default=True)

    def clean(self):
        self.email = normalise_email(self.email)
        self.full_name = (self.full_name or "").strip()
        if not self.full_name:
            raise ValidationError("The full name must not be blank.")

    @property
    def is_doctor(self) -> bool:
        return self.role == Role.DOCTOR

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT
