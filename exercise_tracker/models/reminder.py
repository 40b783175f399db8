"""When a person wants reminders and notices: their local time, time zone and quiet hours."""

from mongoengine import BooleanField, ObjectIdField, StringField

from exercise_tracker.models.base import TimestampedDocument
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import User

DEFAULT_LOCAL_TIME = "18:00"
DEFAULT_TIME_ZONE = "UTC"
CLOCK_TIME = r"^([01]\d|2[0-3]):[0-5]\d$"  # "HH:MM", 24-hour


@hangs_on(User, "user_id")
class ReminderPreference(TimestampedDocument):
    """One per user; a user without one gets the defaults (reminders on, 18:00 UTC)."""

    meta = {
        "collection": "reminder_preferences",
        "indexes": [{"fields": ["user_id"], "unique": True}],
    }

    user_id = ObjectIdField(required=True)
    enabled = BooleanField(required=True, default=True)
    local_time = StringField(required=True, regex=CLOCK_TIME, default=DEFAULT_LOCAL_TIME)
    time_zone = StringField(required=True, max_length=64, default=DEFAULT_TIME_ZONE)
    quiet_start = StringField(regex=CLOCK_TIME)  # both or neither
    quiet_end = StringField(regex=CLOCK_TIME)
