"""Users API: registration, login, token refresh and profiles."""

from flask.views import MethodView

from exercise_tracker import permissions
from exercise_tracker.auth import current_user, issue_tokens, login_required
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.resources.users.schemas import (
    AccessTokenSchema,
    LoginSchema,
    TokenSchema,
    UserCreateSchema,
    UserPutSchema,
    UserSchema,
)
from exercise_tracker.services import users as service

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Doctors and patients")


@blp.route("/")
class UserViews(MethodView):
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    @blp.errors(403, 409)
    def post(self, data):
        """Register a user

        Self-registration creates a patient. A doctor needs the clinic's registration code
        (`DOCTOR_REGISTRATION_CODE`); without one configured, doctors may self-register only
        outside production.
        """
        return service.register_user(data)


@blp.route("/login")
class LoginViews(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.errors(401)
    def post(self, data):
        """Log in

        Answers an access token for the `Authorization: Bearer` header and a refresh token.
        """
        user = service.authenticate(data["email"], data["password"])
        return issue_tokens(user)


@blp.route("/refresh")
class RefreshViews(MethodView):
    @login_required(refresh=True)
    @blp.authenticated
    @blp.response(200, AccessTokenSchema)
    def post(self):
        """Get a new access token

        Send the refresh token (not the access token) as the bearer token.
        """
        tokens = issue_tokens(current_user())
        return {"access_token": tokens["access_token"], "token_type": "bearer"}


@blp.route("/me")
class MeViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, UserSchema)
    def get(self):
        """The caller's own profile"""
        return current_user()


@blp.route("/<objectid:user_id>")
class UserByIdViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, UserSchema)
    @blp.errors(404)
    def get(self, user_id):
        """Get a user's profile

        Your own, or, for a doctor, that of a patient you have assigned exercises to.
        """
        return permissions.readable_user_or_404(current_user(), user_id)

    @login_required
    @blp.authenticated
    @blp.arguments(UserPutSchema)
    @blp.response(200, UserSchema)
    @blp.errors(403, 404, 409)
    def put(self, changes, user_id):
        """Update your profile

        Name, email or password (with `current_password`). Role, id, password hash and
        timestamps cannot be changed and are refused.
        """
        viewer = current_user()
        user = permissions.readable_user_or_404(viewer, user_id)
        permissions.require_self(viewer, user.id, "change")
        return service.update_profile(user, changes)
