"""Flask extensions, created once at import and bound to the app in `create_app`."""

from flask_limiter.util import get_remote_address

from exercise_tracker.extensions.rate_limits import FailClosedLimiter
from exercise_tracker.extensions.smorest import Api
from exercise_tracker.extensions.tokens import TokenManager

api = Api()
jwt = TokenManager()
# Limits are declared on the views that need them (login, upload); none by default.
limiter = FailClosedLimiter(key_func=get_remote_address)
