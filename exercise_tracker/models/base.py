"""What every document shares: UTC timestamps kept up to date on save."""

from datetime import UTC, datetime

from mongoengine import DateTimeField, Document


def as_stored(moment: datetime) -> datetime:
    """Naive UTC to the millisecond, as BSON stores it, so that what a write answers is what a
    later read gives; the API adds the offset when it serialises."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return utc.replace(tzinfo=None, microsecond=utc.microsecond // 1000 * 1000)


def utcnow() -> datetime:
    return as_stored(datetime.now(UTC))


class TimestampedDocument(Document):
    meta = {"abstract": True}

    created_at = DateTimeField(required=True, default=utcnow)
    updated_at = DateTimeField(required=True, default=utcnow)

    def save(self, *args, **kwargs):
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)
