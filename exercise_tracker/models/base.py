"""What every document shares: UTC timestamps kept up to date on save."""

from datetime import UTC, datetime

from mongoengine import DateTimeField, Document


def utcnow() -> datetime:
    """Naive UTC, as BSON stores it; the API adds the offset when it serialises."""
    return datetime.now(UTC).replace(tzinfo=None)


class TimestampedDocument(Document):
    meta = {"abstract": True}

    created_at = DateTimeField(required=True, default=utcnow)
    updated_at = DateTimeField(required=True, default=utcnow)

    def save(self, *args, **kwargs):
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)
