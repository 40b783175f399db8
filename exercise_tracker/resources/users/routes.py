"""Users API: registration, login, token refresh and profiles."""

from flask import current_app
from flask.views import MethodView
from flask_limiter.util import get_remote_address
from flask_smorest import abort

from exercise_tracker import permissions
from exercise_tracker.auth import current_user, issue_tokens, login_account_key, login_required
from exercise_tracker.extensions import limiter
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.resources.users.schemas import (
    AccessTokenSchema,
    ErasedSchema,
    ExportSchema,
    LoginSchema,
    MeSchema,
    TokenSchema,
    UserCreateSchema,
    UserPutSchema,
    UserSchema,
)
from exercise_tracker.services import privacy
from exercise_tracker.services import users as service
from exercise_tracker.services.messages import unread_count

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
    # Brute force is slowed per address and, counting failures only, per account.
    decorators = [
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_IP"],
            key_func=get_remote_address,
            scope="login-ip",
        ),
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
            key_func=login_account_key,
            scope="login-account",
            deduct_when=lambda response: response.status_code == 401,
        ),
    ]

    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.errors(401, 429)
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
    @blp.response(200, MeSchema)
    def get(self):
        """The caller's own profile, with their unread messages"""
        user = current_user()
        user.unread_messages = unread_count(user)
        return user


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

    @login_required
    @blp.authenticated
    @blp.response(200, ErasedSchema)
    @blp.errors(403, 404)
    def delete(self, user_id):
        """Erase a patient's account and data

        The patient themself erases their account, videos (files included), analyses and the
        exercises assigned to them. Answers what was erased.
        """
        viewer = current_user()
        user = permissions.readable_user_or_404(viewer, user_id)
        permissions.require_self(viewer, user.id, "erase")
        if not user.is_patient:
            abort(403, message="A doctor's account is closed by the clinic, not erased here.")
        return privacy.erase_patient(user)


@blp.route("/<objectid:user_id>/export")
class UserExportViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, ExportSchema)
    @blp.errors(404)
    def get(self, user_id):
        """Export a patient's data

        Everything held about the patient as JSON, with links to their videos: for the patient,
        all of it; for their doctor, what belongs to the exercises they assigned.
        """
        viewer = current_user()
        patient = permissions.readable_user_or_404(viewer, user_id)
        if not patient.is_patient:
            abort(404, message="User not found.")
        return privacy.export_patient(viewer, patient)
