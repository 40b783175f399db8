"""Users API: registration, login, sessions, profiles, export, erasure and the audit trail."""

from flask import current_app
from flask.views import MethodView
from flask_jwt_extended import get_jwt
from flask_smorest import abort

from exercise_tracker import permissions
from exercise_tracker.auth import (
    client_address,
    current_user,
    end_session,
    is_known_login_address,
    issue_tokens,
    login_account_address_key,
    login_account_key,
    login_required,
    remember_login_address,
    rotate_refresh_token,
)
from exercise_tracker.extensions import limiter
from exercise_tracker.extensions.smorest import Blueprint, QuerySetPage
from exercise_tracker.resources.users.schemas import (
    AuditEventSchema,
    AuditQueryArgsSchema,
    ErasedSchema,
    ExportSchema,
    LoginSchema,
    MeSchema,
    RefreshedTokensSchema,
    TokenSchema,
    UserCreateSchema,
    UserPutSchema,
    UserSchema,
)
from exercise_tracker.services import audit, privacy
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
    # Brute force is slowed per address and, counting failures only, per account and address,
    # so a guesser elsewhere cannot lock the owner out; a ceiling per account slows guessing
    # from many addresses, sparing the addresses the owner logged in from before.
    decorators = [
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_IP"],
            key_func=client_address,
            scope="login-ip",
        ),
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
            key_func=login_account_address_key,
            scope="login-account-address",
            deduct_when=lambda response: response.status_code == 401,
        ),
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_ACCOUNT_CEILING"],
            key_func=login_account_key,
            scope="login-account",
            deduct_when=lambda response: response.status_code == 401,
            exempt_when=is_known_login_address,
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
        remember_login_address()
        return issue_tokens(user)


@blp.route("/refresh")
class RefreshViews(MethodView):
    @login_required(refresh=True)
    @blp.authenticated
    @blp.response(200, RefreshedTokensSchema)
    def post(self):
        """Get new tokens

        Send the refresh token (not the access token) as the bearer token. It is spent: use the
        new refresh token next time. A spent refresh token sent again ends the session (it was
        copied), so both its holder and the owner must log in again.
        """
        return rotate_refresh_token(current_user())


@blp.route("/logout")
class LogoutViews(MethodView):
    @login_required(refresh=True)
    @blp.authenticated
    @blp.response(204)
    def post(self):
        """Log out

        Send the refresh token as the bearer token: it and every access token of the same login
        stop working at once.
        """
        end_session(current_user(), get_jwt().get("sid"))


@blp.route("/me")
class MeViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, MeSchema)
    def get(self):
        """The caller's own profile, with their unread messages"""
        user = current_user()
        if user.is_patient:
            audit.concerns(user.id)
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

        Name, email or password; changing the email or the password needs `current_password`
        and ends every session of the account (log in again). Role, id, password hash and
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

        The patient themself erases their account, videos (files included), analyses, pictures
        and the exercises assigned to them; their sessions end. The audit trail stays, naming
        a pseudonym. Answers what was erased.
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


@blp.route("/<objectid:patient_id>/audit")
class PatientAuditViews(MethodView):
    @login_required
    @blp.listing(AuditQueryArgsSchema, AuditEventSchema, QuerySetPage, 404)
    def get(self, args, patient_id):
        """Who looked at a patient's data

        Every read or change of the patient's data (profile, exercises, videos and files,
        pictures, progress, reports, export), refused attempts included: who, what, when, from
        which address and the answer's status; newest first. For the patient and their doctors.
        """
        permissions.require_patient_access(current_user(), patient_id)
        trail = audit.trail_of(patient_id)
        return trail.filter(at__gte=args["since"]) if args.get("since") else trail
