"""Users: doctors (physiotherapists) and their patients."""

from enum import StrEnum
from uuid import uuid4

from mongoengine import (
    BooleanField,
    DateTimeField,
    EmailField,
    EmbeddedDocument,
    EmbeddedDocumentListField,
    QuerySet,
    StringField,
    ValidationError,
)
from mongoengine.document import get_document

from exercise_tracker.models.base import TimestampedDocument, utcnow


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


# Changing any of these ends every session of the account, whichever way it is changed.
CREDENTIAL_FIELDS = frozenset({"email", "hashed_password", "is_active"})
MAX_SESSIONS = 100  # a login beyond it ends the oldest session


class TokenSession(EmbeddedDocument):
    """One login: its access and refresh tokens carry `sid`; the refresh token in use is
    `refresh_jti`, so a refresh token presented again after rotation is recognised as stolen."""

    sid = StringField(required=True, default=lambda: uuid4().hex)
    refresh_jti = StringField(required=True)
    created_at = DateTimeField(required=True, default=utcnow)
    expires_at = DateTimeField(required=True)


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
    # Open sessions, kept on the account so one read checks both the user and the token.
    sessions = EmbeddedDocumentListField(TokenSession)

    def clean(self):
        if self.email != normalise_email(self.email):
            self.email = normalise_email(self.email)
        self.full_name = (self.full_name or "").strip()
        if not self.full_name:
            raise ValidationError("The full name must not be blank.")
        if self.pk and CREDENTIAL_FIELDS & set(self._get_changed_fields()):
            self.sessions = []

    @property
    def is_doctor(self) -> bool:
        return self.role == Role.DOCTOR

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT
