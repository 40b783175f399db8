"""Users: doctors (physiotherapists) and their patients."""

from enum import StrEnum

from mongoengine import BooleanField, EmailField, QuerySet, StringField

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
        from exercise_tracker.models.exercise import Exercise  # exercises hang on users

        visible = [viewer.id]
        if viewer.is_doctor:
            visible += Exercise.objects(assigned_by=viewer.id).distinct("assigned_to")
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

    @property
    def is_doctor(self) -> bool:
        return self.role == Role.DOCTOR

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT
