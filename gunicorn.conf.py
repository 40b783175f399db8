"""gunicorn settings for the web process (Procfile `web`); values come from config.py."""

import gc

from config import Config

bind = f"0.0.0.0:{Config.PORT}"
workers = Config.WEB_CONCURRENCY
threads = Config.WEB_THREADS
# gthread, with kept-alive connections spread evenly over the processes (see the module).
worker_class = "exercise_tracker.serving.BalancedThreadWorker"
# Uploads of a few hundred MB on a slow phone link take time; a stuck worker is still recycled.
timeout = 120
graceful_timeout = 25  # the platform sends SIGKILL 30 s after SIGTERM
keepalive = 5
max_requests = Config.WEB_MAX_REQUESTS
max_requests_jitter = Config.WEB_MAX_REQUESTS // 10
accesslog = None  # the app logs one line per request itself, with its request id
errorlog = "-"
forwarded_allow_ips = "*"  # the platform's router sets X-Forwarded-*; ProxyFix trusts one hop


def post_worker_init(worker):
    """Leave what the app built at start-up out of the collector's full passes, which otherwise
    walk it all and held a process for 66-75 ms about every 12 s under load (3 ms after)."""
    gc.collect()
    gc.freeze()
