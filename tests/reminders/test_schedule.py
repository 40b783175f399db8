"""When reminders and notices fall due: local days, time zones, quiet hours, catching up."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from exercise_tracker.reminders.schedule import (
    Preferences,
    Prescription,
    QuietHours,
    missed_sessions,
    missed_sessions_due,
    reminder_due,
    sessions_due_by,
)

BERLIN = ZoneInfo("Europe/Berlin")  # UTC+1 in December
MONDAY = datetime(2026, 12, 7)  # naive UTC, as stored


def prescription(frequency=7, uploads=(), **fields) -> Prescription:
    values = {
        "exercise_id": "ex",
        "patient_id": "pat",
        "doctor_id": "doc",
        "name": "Squats",
        "frequency_per_week": frequency,
        "assigned_at": MONDAY,
        "uploads": tuple(uploads),
        **fields,
    }
    return Prescription(**values)


def prefs(at="18:00", zone=BERLIN, quiet=None, enabled=True) -> Preferences:
    hours, minutes = map(int, at.split(":"))
    quiet_hours = QuietHours(*(time(*map(int, t.split(":"))) for t in quiet)) if quiet else None
    return Preferences(enabled, time(hours, minutes), zone, quiet_hours)


@pytest.mark.parametrize(
    ("frequency", "due"),
    [(1, [1, 1, 1, 1, 1, 1, 1]), (3, [1, 1, 2, 2, 3, 3, 3]), (7, [1, 2, 3, 4, 5, 6, 7])],
)
def test_sessions_spread_over_the_week_early(frequency, due):
    assert [sessions_due_by(frequency, day) for day in range(7)] == due


def test_the_reminder_waits_for_the_local_time():
    # 16:59 UTC is 17:59 in Berlin: not yet; 17:00 UTC is 18:00 there.
    assert reminder_due(prescription(), prefs(), MONDAY.replace(hour=16, minute=59)) is None
    due = reminder_due(prescription(), prefs(), MONDAY.replace(hour=17))
    assert due is not None and due.local_date.isoformat() == "2026-12-07"
    assert due.key == "reminder:pat:ex:2026-12-07"


def test_the_local_day_decides_the_date_not_utc():
    auckland = ZoneInfo("Pacific/Auckland")  # UTC+13 in December
    # 06:00 UTC on Tuesday is 19:00 on Tuesday in Auckland.
    due = reminder_due(prescription(), prefs(zone=auckland), MONDAY + timedelta(days=1, hours=6))
    assert due.local_date.isoformat() == "2026-12-08"


def test_no_reminder_after_an_upload_that_day_or_when_switched_off():
    evening = MONDAY.replace(hour=19)
    assert reminder_due(prescription(uploads=[MONDAY.replace(hour=8)]), prefs(), evening) is None
    # Behind since Monday, but Tuesday's session is done: not nagged on Tuesday.
    tuesday = MONDAY + timedelta(days=1)
    done_today = prescription(uploads=[tuesday.replace(hour=6)])
    assert reminder_due(done_today, prefs(), tuesday.replace(hour=19)) is None
    assert reminder_due(done_today, prefs(), tuesday.replace(hour=19) + timedelta(days=1))
    assert reminder_due(prescription(), prefs(enabled=False), evening) is None


def test_only_on_days_a_session_falls_due_and_while_behind():
    three_a_week = prescription(frequency=3)
    days = [
        day
        for day in range(7)
        if reminder_due(three_a_week, prefs(), MONDAY + timedelta(days=day, hours=19))
    ]
    assert days == [0, 2, 4]
    # Two sessions done by Wednesday: the third falls due on Friday only.
    ahead = prescription(frequency=3, uploads=[MONDAY + timedelta(hours=9, days=d) for d in (0, 1)])
    assert reminder_due(ahead, prefs(), MONDAY + timedelta(days=2, hours=19)) is None
    assert reminder_due(ahead, prefs(), MONDAY + timedelta(days=4, hours=19)) is not None


def test_quiet_hours_hold_a_late_sweep_and_run_across_midnight():
    quiet = QuietHours(time(22), time(7))
    assert quiet.contains(time(23, 30)) and quiet.contains(time(6, 59))
    assert not quiet.contains(time(7)) and not quiet.contains(time(21, 59))
    late = MONDAY.replace(hour=21, minute=30)  # 22:30 in Berlin
    assert reminder_due(prescription(), prefs(quiet=("22:00", "07:00")), late) is None
    assert reminder_due(prescription(), prefs(), late) is not None


def test_nothing_for_an_ended_closed_or_just_assigned_prescription():
    evening = MONDAY + timedelta(days=3, hours=19)
    assert reminder_due(prescription(due_at=MONDAY + timedelta(days=2)), prefs(), evening) is None
    assert reminder_due(prescription(closed=True), prefs(), evening) is None
    assigned_late = prescription(assigned_at=MONDAY.replace(hour=18))  # after 18:00 Berlin
    assert reminder_due(assigned_late, prefs(), MONDAY.replace(hour=20)) is None
    assert reminder_due(assigned_late, prefs(), MONDAY + timedelta(days=1, hours=20)) is not None


def test_missed_sessions_count_ended_days_week_by_week():
    daily = prescription(frequency=7, uploads=[MONDAY + timedelta(days=1, hours=9)])
    # By Friday morning four days have ended (Mon-Thu) and one was done.
    assert missed_sessions(daily, BERLIN, MONDAY + timedelta(days=4, hours=8)) == 3
    # Extra uploads in the second week do not make up for the first.
    catching_up = prescription(
        frequency=2, uploads=[MONDAY + timedelta(days=8, hours=h) for h in (8, 9, 10, 11)]
    )
    assert missed_sessions(catching_up, BERLIN, MONDAY + timedelta(days=10)) == 2


def test_the_doctor_is_told_once_per_threshold_reached():
    daily = prescription(frequency=7)
    assert missed_sessions_due(daily, BERLIN, MONDAY + timedelta(days=2, hours=8), 3) is None
    third = missed_sessions_due(daily, BERLIN, MONDAY + timedelta(days=3, hours=8), 3)
    fifth = missed_sessions_due(daily, BERLIN, MONDAY + timedelta(days=5, hours=8), 3)
    sixth = missed_sessions_due(daily, BERLIN, MONDAY + timedelta(days=6, hours=8), 3)
    assert (third.missed, third.level) == (3, 1)
    assert fifth.key == third.key  # still the first notice: sent once
    assert sixth.level == 2 and sixth.key != third.key
    assert missed_sessions_due(daily, BERLIN, MONDAY + timedelta(days=6), 0) is None
