"""`flask users ...`: accounts, including how production gets its doctors."""

import click
from flask.cli import AppGroup

from exercise_tracker.auth import hash_password
from exercise_tracker.models import Role, User
from exercise_tracker.models.user import normalise_email
from exercise_tracker.services.errors import DomainError
from exercise_tracker.services.users import check_password_rules, create_account

users_cli = AppGroup("users", help="Create and manage accounts.")


def _user(email: str) -> User:
    user = User.objects(email=normalise_email(email)).first()
    if user is None:
        raise click.ClickException(f"no user with email {email}")
    return user


def _checked(password: str) -> str:
    try:
        check_password_rules(password)
    except DomainError as error:
        raise click.ClickException(f"password: {error.message}") from error
    return password


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.DOCTOR.value,
    show_default=True,
)
@click.password_option(help="Prompted for when not given")
def create_command(email, full_name, role, password):
    """Create an account (the way to add doctors in production)."""
    try:
        user = create_account(email, full_name, Role(role), password)
    except DomainError as error:
        raise click.ClickException(f"{email}: {error.message}") from error
    click.echo(f"created {role.lower()} {user.email} ({user.id})")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email):
    """Deactivate an account: it can no longer log in and its tokens stop working."""
    user = _user(email)
    user.is_active = False
    user.save()
    click.echo(f"deactivated {user.email}")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Prompted for when not given")
def set_password_command(email, password):
    """Set a new password for an account."""
    user = _user(email)
    user.hashed_password = hash_password(_checked(password))
    user.save()
    click.echo(f"password changed for {user.email}")
