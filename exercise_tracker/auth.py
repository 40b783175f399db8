"""Passwords, tokens and who is calling: the pieces every route's authorization stands on."""

import functools
import hashlib
import logging
from datetime import timedelta
from functools import wraps
from uuid import uuid4

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from bson import ObjectId
from flask import current_app, g, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    verify_jwt_in_request,
)
from flask_smorest import abort

from exercise_tracker.errors import error_response
from exercise_tracker.extensions import jwt, limiter
from exercise_tracker.models import Role, User
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.user import MAX_SESSIONS, TokenSession
from exercise_tracker.services.audit import Actor, set_actor

log = logging.getLogger(__name__)

REVOKED = "The token has been revoked."
# How long an address a login succeeded from stays known to that account.
KNOWN_ADDRESS_TTL = timedelta(days=30)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_HASH_TIME_COST"], memory_cost=config["PASSWORD_HASH_MEMORY_KIB"]
    )


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    """Made once per cost: hashing afresh on every unknown email would itself be the tell."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost).hash(uuid4().hex)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    """Checks a password; with no hash it verifies against a dummy one, so timing tells nothing."""
    hasher = _hasher()
    if hashed is None:
        try:
            hasher.verify(_dummy_hash(hasher.time_cost, hasher.memory_cost), password)
        except VerificationError:
            pass
        return False
    try:
        return hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _users():
    return User._get_collection()


def issue_tokens(user: User) -> dict:
    """Opens a session (the oldest beyond MAX_SESSIONS and expired ones are dropped) and answers
    its access and refresh tokens."""
    now = utcnow()
    session = TokenSession(
        refresh_jti=uuid4().hex, expires_at=now + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    )
    _users().update_one({"_id": user.id}, {"$pull": {"sessions": {"expires_at": {"$lte": now}}}})
    _users().update_one(
        {"_id": user.id},
        {"$push": {"sessions": {"$each": [session.to_mongo()], "$slice": -MAX_SESSIONS}}},
    )
    return {**_tokens(user, session.sid, session.refresh_jti), "user": user}


def _tokens(user: User, sid: str, refresh_jti: str) -> dict:
    claims = {"role": user.role, "sid": sid}
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims),
        "refresh_token": create_refresh_token(
            identity=identity, additional_claims={**claims, "jti": refresh_jti}
        ),
        "token_type": "bearer",
    }


def rotate_refresh_token(user: User) -> dict:
    """Swaps the presented refresh token for a new pair. A refresh token already swapped (a
    copy an attacker kept, or the owner's after the attacker used it) ends the whole session."""
    claims = get_jwt()
    fresh = uuid4().hex
    swapped = _users().update_one(
        {
            "_id": user.id,
            "sessions": {
                "$elemMatch": {
                    "sid": claims.get("sid"),
                    "refresh_jti": claims.get("jti"),
                    "expires_at": {"$gt": utcnow()},
                }
            },
        },
        {"$set": {"sessions.$.refresh_jti": fresh}},
    )
    if swapped.modified_count != 1:
        end_session(user, claims.get("sid"))
        log.warning("refresh token reused for user %s: session ended", user.id)
        abort(401, message=REVOKED)
    return _tokens(user, claims["sid"], fresh)


def end_session(user: User, sid) -> None:
    """Revokes one session: its refresh token and every access token issued with it."""
    _users().update_one({"_id": user.id}, {"$pull": {"sessions": {"sid": sid}}})


def current_user() -> User:
    """The caller, loaded once per request; a deleted or deactivated account, an ended session
    or a subject that is no account id is refused (401). One read checks account and session: a
    raw read, since building the query through MongoEngine cost more than the read itself on
    every request. The session's expiry is compared here, not in the query, so that the query
    is the same on every request and the embedded store can answer it from memory."""
    if "current_user" not in g:
        identity = get_jwt_identity()
        if not isinstance(identity, str) or not ObjectId.is_valid(identity):
            abort(401, message="The token is invalid.")
        account = {"_id": ObjectId(identity), "is_active": True}
        sid = get_jwt().get("sid")
        found = _users().find_one({**account, "sessions.sid": sid})
        if found is None:
            if _users().find_one(account, {"_id": True}) is None:
                abort(401, message="This account no longer exists or is deactivated.")
            abort(401, message=REVOKED)
        now = utcnow()
        sessions = found.pop("sessions")
        if not any(session["sid"] == sid and session["expires_at"] > now for session in sessions):
            abort(401, message=REVOKED)
        user = User._from_son(found)
        g.current_user = user
        set_actor(Actor(user.id, user.role, client_address(), g.get("request_id")))
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


def client_address() -> str:
    """The socket's address, or the one the trusted proxies (PROXY_HOPS) name."""
    return request.remote_addr or "unknown"


def _login_account() -> str:
    """The account a login names, hashed: rate-limit keys carry no e-mail address."""
    body = request.get_json(silent=True) or {}
    email = body.get("email") if isinstance(body, dict) else None
    normalised = str(email).strip().lower()[:254]
    return hashlib.sha256(normalised.encode("utf-8", "replace")).hexdigest()[:32]


def login_account_key() -> str:
    """Rate-limit key for login attempts on one account, whatever address they come from."""
    return f"login:{_login_account()}"


def login_account_address_key() -> str:
    """Rate-limit key for login attempts on one account from one address."""
    return f"login:{_login_account()}:{client_address()}"


def _known_address_key() -> str:
    return f"login-known:{_login_account()}:{client_address()}"


def remember_login_address() -> None:
    """After a successful login: this address is the owner's, spared the account's ceiling."""
    limiter.storage.incr(_known_address_key(), int(KNOWN_ADDRESS_TTL.total_seconds()))


def is_known_login_address() -> bool:
    return limiter.storage.get(_known_address_key()) > 0


def caller_key() -> str:
    """Rate-limit key for an authenticated caller: their user id (else their address)."""
    try:
        verify_jwt_in_request(optional=True)
        identity = get_jwt_identity()
    except Exception:  # an invalid token is refused by the view itself
        identity = None
    return f"user:{identity}" if identity else f"ip:{client_address()}"
