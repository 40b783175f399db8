"""Flask extensions, created once at import and bound to the app in `create_app`."""

from flask_jwt_extended import JWTManager

from exercise_tracker.extensions.smorest import Api

api = Api()
jwt = JWTManager()
