"""Reminders to patients and notices to doctors: when they are due (`schedule`, pure) and the
periodic sweep that sends them (`sweep`), run by RQ's scheduler or by `flask reminders send`."""
