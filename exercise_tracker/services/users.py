"""Registration, login and profile changes."""

import hmac
import logging

from flask import current_app
from flask_smorest import abort

from exercise_tracker.auth import hash_password, verify_password
from exercise_tracker.models import Role, User
from exercise_tracker.models.user import normalise_email

log = logging.getLogger(__name__)

LOGIN_REFUSED = "Invalid email or password."


def check_password_rules(password: str) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        abort(422, errors={"json": {"password": [f"Must be at least {minimum} characters."]}})


def doctor_registration_allowed(code: str | None) -> bool:
    """A doctor needs the clinic's code when one is set; without one, only outside production."""
    expected = current_app.config["DOCTOR_REGISTRATION_CODE"]
    if expected:
        return code is not None and hmac.compare_digest(code.encode(), expected.encode())
    return current_app.config["ENV_NAME"] != "production"


def register_user(data: dict) -> User:
    role = Role(data.get("role", Role.PATIENT))
    if role is Role.DOCTOR and not doctor_registration_allowed(data.get("registration_code")):
        abort(403, message="Registering a doctor needs the clinic's registration code.")
    check_password_rules(data["password"])
    user = User(
        email=data["email"],
        full_name=data["full_name"],
        role=role.value,
        hashed_password=hash_password(data["password"]),
    )
    user.save()  # a taken email raises NotUniqueError, answered 409 in one place
    log.info("registered %s %s", user.role.lower(), user.id)
    return user


def authenticate(email: str, password: str) -> User:
    """The same answer, in about the same time, for an unknown email and a wrong password."""
    user = User.objects(email=normalise_email(email)).first()
    if not verify_password(user.hashed_password if user else None, password):
        abort(401, message=LOGIN_REFUSED)
    if not user.is_active:
        abort(401, message=LOGIN_REFUSED)
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
            abort(403, message="The current password is wrong or missing.")
    elif current_password is not None:
        abort(422, errors={"json": {"current_password": ["Give a new email or password too."]}})
    if "password" in changes:
        check_password_rules(changes["password"])
        user.hashed_password = hash_password(changes.pop("password"))
    for field, value in changes.items():
        setattr(user, field, value)
    user.save()
    return user
