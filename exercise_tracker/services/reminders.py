"""A person's reminder preferences and the log of what was delivered to them."""

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from exercise_tracker.models import AuditAction, Delivery, ReminderPreference, User
from exercise_tracker.reminders.schedule import Preferences, QuietHours, parse_clock
from exercise_tracker.services import audit


class InvalidPreferences(ValueError):
    """`field` is the one at fault; the message says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _own_trail(user: User):
    """A patient's reminders are their data; a doctor's notices are about several patients."""
    return user.id if user.is_patient else None


def stored_preferences(user: User) -> ReminderPreference:
    """The user's preferences, or the defaults (not saved) when they never set any."""
    found = ReminderPreference.objects(user_id=user.id).first()
    audit.record(AuditAction.READ, "reminder-preferences", _own_trail(user))
    return found or ReminderPreference(user_id=user.id)


def update_preferences(user: User, changes: dict) -> ReminderPreference:
    current = ReminderPreference.objects(user_id=user.id).first() or ReminderPreference(
        user_id=user.id
    )
    merged = {
        name: changes.get(name, getattr(current, name))
        for name in ("enabled", "local_time", "time_zone", "quiet_start", "quiet_end")
    }
    if merged["time_zone"] not in time_zones():
        raise InvalidPreferences("time_zone", "Not a known IANA time zone (e.g. Europe/Berlin).")
    if (merged["quiet_start"] is None) != (merged["quiet_end"] is None):
        raise InvalidPreferences("quiet_start", "Give both ends of the quiet hours, or neither.")
    if merged["quiet_start"] is not None and merged["quiet_start"] == merged["quiet_end"]:
        raise InvalidPreferences("quiet_end", "Quiet hours must not start and end together.")
    preferences = as_preferences(ReminderPreference(user_id=user.id, **merged))
    if preferences.quiet_hours and preferences.quiet_hours.contains(preferences.local_time):
        raise InvalidPreferences("local_time", "The reminder time falls in your quiet hours.")
    for name, value in merged.items():
        setattr(current, name, value)
    current.save()  # two first saves racing: the unique user_id answers the second 409
    audit.record(AuditAction.UPDATE, "reminder-preferences", _own_trail(user))
    return current


def as_preferences(stored: ReminderPreference) -> Preferences:
    quiet = None
    if stored.quiet_start and stored.quiet_end:
        quiet = QuietHours(parse_clock(stored.quiet_start), parse_clock(stored.quiet_end))
    return Preferences(
        enabled=stored.enabled,
        local_time=parse_clock(stored.local_time),
        zone=ZoneInfo(stored.time_zone),
        quiet_hours=quiet,
    )


def preferences_of(user_ids) -> dict:
    """Each user's preferences, the defaults for those who set none."""
    found = {p.user_id: as_preferences(p) for p in ReminderPreference.objects(user_id__in=user_ids)}
    defaults = as_preferences(ReminderPreference())
    return {user_id: found.get(user_id, defaults) for user_id in user_ids}


def deliveries_to(user: User):
    """What was delivered to the user, newest first (a query set, for paging)."""
    audit.record(AuditAction.READ, "deliveries", _own_trail(user))
    return Delivery.objects(recipient_id=user.id).order_by("-created_at", "-id")
