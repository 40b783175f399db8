"""WSGI entry point for gunicorn and `flask --app wsgi`."""

from exercise_tracker.app import create_app

app = create_app()
