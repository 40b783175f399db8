"""Delivering reminders, notices and alerts by e-mail (SMTP) and by signed webhook, each sent at
most once under a unique key and retried with backoff (through RQ when Redis is configured)."""
