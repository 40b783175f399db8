"""Flask-Limiter, made to fail closed when its Redis is gone.

A limit that cannot be checked refuses the request: the storage's RedisError reaches the app's
error handler (503 with Retry-After) before the view runs, so nothing is kept. The rate-limit
headers, added after the view has answered, are left off instead: failing there would turn an
upload that was kept and queued into an error.
"""

import functools
import logging

from flask_limiter import Limiter
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class FailClosedLimiter(Limiter):
    def init_app(self, app):
        super().init_app(app)
        # Flask-Limiter adds its headers in an after-request hook bound to this limiter.
        hooks = app.after_request_funcs.setdefault(None, [])
        for index, hook in enumerate(hooks):
            if isinstance(hook, functools.partial) and hook.args == (self,):
                hooks[index] = _headers_unless_redis_is_down(hook)


def _headers_unless_redis_is_down(add_headers):
    @functools.wraps(add_headers)
    def hook(response):
        try:
            return add_headers(response)
        except RedisError as error:
            log.warning("rate-limit headers left off: %s", type(error).__name__)
            return response

    return hook
