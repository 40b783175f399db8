"""The app's one Redis connection, shared by the analysis queue, notifications and rate limits
of a process; a leaf that imports nothing of the app, so any part may use it."""

from flask import Flask, current_app
from redis import Redis


def redis_connection(app: Flask | None = None) -> Redis:
    app = app or current_app
    extensions = app.extensions
    if "redis" not in extensions:
        extensions["redis"] = Redis.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5
        )
    return extensions["redis"]
