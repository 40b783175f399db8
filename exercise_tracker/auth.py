"""Passwords, tokens and who is calling: the pieces every route's authorization stands on."""

import logging
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt_identity,
    verify_jwt_in_request,
)
from flask_smorest import abort

from exercise_tracker.errors import error_response
from exercise_tracker.extensions import jwt
from exercise_tracker.models import Role, User

log = logging.getLogger(__name__)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_HASH_TIME_COST"], memory_cost=config["PASSWORD_HASH_MEMORY_KIB"]
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    """Checks a password; with no hash it still spends the same time, so timing tells nothing."""
    hasher = _hasher()
    if hashed is None:
        hashed = current_app.extensions.setdefault("dummy_password_hash", hasher.hash("dummy"))
        try:
            hasher.verify(hashed, password)
        except VerificationError:
            pass
        return False
    try:
        return hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_tokens(user: User) -> dict:
    claims = {"role": user.role}
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity=identity, additional_claims=claims),
        "token_type": "bearer",
        "user": user,
    }


def current_user() -> User:
    """The caller, loaded once per request; a deleted or deactivated account is refused."""
    if "current_user" not in g:
        user = User.objects(id=get_jwt_identity()).first()
        if user is None or not user.is_active:
            abort(401, message="This account no longer exists or is deactivated.")
        g.current_user = user
    return g.current_user


def login_required(func=None, *, role: Role | None = None, refresh: bool = False):
    """Requires a valid access (or refresh) token, and optionally a role (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            user = current_user()
            if role is not None and user.role != role:
                abort(403, message=f"Only a {role.value.lower()} may do this.")
            return view(*args, **kwargs)

        return wrapper

    return decorator(func) if func is not None else decorator


# Each way a token can be refused, in the API's one error shape.
TOKEN_REFUSALS = (
    (jwt.unauthorized_loader, "Missing bearer token in the Authorization header."),
    (jwt.invalid_token_loader, "The token is invalid."),
    (jwt.expired_token_loader, "The token has expired."),
    (jwt.revoked_token_loader, "The token has been revoked."),
    (jwt.needs_fresh_token_loader, "A fresh login is required."),
    (jwt.user_lookup_error_loader, "This account no longer exists or is deactivated."),
)
for register_loader, message in TOKEN_REFUSALS:
    register_loader(lambda *_, message=message: error_response(401, message))


def login_account_key() -> str:
    """Rate-limit key for login attempts on one account, whatever address they come from."""
    body = request.get_json(silent=True) or {}
    email = body.get("email") if isinstance(body, dict) else None
    return f"login:{str(email).strip().lower()[:254]}"


def caller_key() -> str:
    """Rate-limit key for an authenticated caller: their user id (else their address)."""
    try:
        verify_jwt_in_request(optional=True)
        identity = get_jwt_identity()
    except Exception:  # an invalid token is refused by the view itself
        identity = None
    return f"user:{identity}" if identity else f"ip:{request.remote_addr}"
