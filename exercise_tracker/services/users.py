"""Registration, login and profile changes."""

import hmac
import logging

from flask import current_app
from mongoengine.errors import NotUniqueError, ValidationError

from exercise_tracker.auth import hash_password, verify_password
from exercise_tracker.models import Role, User
from exercise_tracker.models.user import normalise_email
from exercise_tracker.services.errors import Conflict, Forbidden, Invalid, NotAuthenticated

log = logging.getLogger(__name__)

LOGIN_REFUSED = "Invalid email or password."
PASSWORD_MAX_LENGTH = 256


def password_min_length() -> int:
    """The configured minimum, read here only: the registration and password schemas check and
    document it through this function, `flask users create` through the rules below."""
    return current_app.config["PASSWORD_MIN_LENGTH"]


def check_password_rules(password: str) -> None:
    minimum = password_min_length()
    if len(password) < minimum:
        raise Invalid(f"Must be at least {minimum} characters.", field="password")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise Invalid(f"Must be at most {PASSWORD_MAX_LENGTH} characters.", field="password")


def doctor_registration_allowed(code: str | None) -> bool:
    """A doctor needs the clinic's code when one is set; without one, only outside production."""
    expected = current_app.config["DOCTOR_REGISTRATION_CODE"]
    if expected:
        return code is not None and hmac.compare_digest(code.encode(), expected.encode())
    return current_app.config["ENV_NAME"] != "production"


def create_account(email: str, full_name: str, role: Role, password: str) -> User:
    """An account under the password rules; the one way accounts are made, by registration
    and by `flask users create`."""
    check_password_rules(password)
    user = User(
        email=email,
        full_name=full_name,
        role=Role(role).value,
        hashed_password=hash_password(password),
    )
    try:
        user.save()
    except NotUniqueError as error:
        raise Conflict("This email is already registered.", field="email") from error
    except ValidationError as error:
        raise Invalid(error.message) from error
    log.info("registered %s %s", user.role.lower(), user.id)
    return user


def register_user(data: dict) -> User:
    role = Role(data.get("role", Role.PATIENT))
    if role is Role.DOCTOR and not doctor_registration_allowed(data.get("registration_code")):
        raise Forbidden("Registering a doctor needs the clinic's registration code.")
    return create_account(data["email"], data["full_name"], role, data["password"])


def authenticate(email: str, password: str) -> User:
    """The same answer, in about the same time, for an unknown email and a wrong password."""
    user = User.objects(email=normalise_email(email)).first()
    if not verify_password(user.hashed_password if user else None, password):
        raise NotAuthenticated(LOGIN_REFUSED)
    if not user.is_active:
        raise NotAuthenticated(LOGIN_REFUSED)
    return user


# Changing what logs in (the email or the password) proves the caller knows the password: a
# stolen token alone must not take the account over.
NEEDS_CURRENT_PASSWORD = ("email", "password")


def update_profile(user: User, changes: dict) -> User:
    """Saving a new email or password ends every session of the account (see User.clean)."""
    current_password = changes.pop("current_password", None)
    if "email" in changes and normalise_email(changes["email"]) == user.email:
        changes.pop("email")
    guarded = [field for field in NEEDS_CURRENT_PASSWORD if field in changes]
    if guarded:
        if not verify_password(user.hashed_password, current_password or ""):
            raise Forbidden("The current password is wrong or missing.")
    elif current_password is not None:
        raise Invalid("Give a new email or password too.", field="current_password")
    if "password" in changes:
        check_password_rules(changes["password"])
        user.hashed_password = hash_password(changes.pop("password"))
    for field, value in changes.items():
        setattr(user, field, value)
    user.save()
    return user
