"""`flask users ...` through Flask's CLI runner."""

from exercise_tracker.models import User
from tests.conftest import PASSWORD


def test_create_doctor_then_log_in(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Dr@Clinic.Example",
            "--name",
            "Dr Who",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "created doctor dr@clinic.example" in result.output
    login = client.post(
        "/api/v1/users/login", json={"email": "dr@clinic.example", "password": PASSWORD}
    )
    assert login.json["user"]["role"] == "Doctor"


def test_create_refuses_duplicates_and_short_passwords(app, patient):
    runner = app.test_cli_runner()
    taken = runner.invoke(
        args=["users", "create", "--email", patient.email, "--name", "X", "--password", PASSWORD]
    )
    assert taken.exit_code != 0 and "already registered" in taken.output
    short = runner.invoke(
        args=["users", "create", "--email", "n@b.example", "--name", "X", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least" in short.output
    assert not User.objects(email="n@b.example").first()


def test_password_is_prompted_when_not_given(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "p@b.example", "--name", "P", "--role", "Patient"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert User.objects(email="p@b.example").first().role == "Patient"


def test_deactivate_refuses_login_and_tokens(app, client, patient):
    result = app.test_cli_runner().invoke(args=["users", "deactivate", patient.email])
    assert result.exit_code == 0
    assert client.get("/api/v1/users/me", headers=patient.headers).status_code == 401
    login = client.post("/api/v1/users/login", json={"email": patient.email, "password": PASSWORD})
    assert login.status_code == 401


def test_set_password(app, client, patient):
    new = "a brand new password"
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", patient.email, "--password", new]
    )
    assert result.exit_code == 0
    assert (
        client.post(
            "/api/v1/users/login", json={"email": patient.email, "password": new}
        ).status_code
        == 200
    )


def test_unknown_email_is_an_error(app):
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "ghost@b.example"])
    assert result.exit_code != 0 and "no user" in result.output


def test_every_command_has_help(app):
    runner = app.test_cli_runner()
    for group in ("users", "videos", "exercises", "db", "model"):
        listing = runner.invoke(args=[group, "--help"])
        assert listing.exit_code == 0
        commands = app.cli.get_command(None, group).list_commands(None)
        assert commands
        for command in commands:
            result = runner.invoke(args=[group, command, "--help"])
            assert result.exit_code == 0
            assert len(result.output.splitlines()) > 3
    for command in ("worker", "analyze"):
        assert runner.invoke(args=[command, "--help"]).exit_code == 0


def test_create_applies_the_rules_of_registration(app):
    runner = app.test_cli_runner()
    blank = runner.invoke(
        args=["users", "create", "--email", "b@b.example", "--name", "  ", "--password", PASSWORD]
    )
    assert blank.exit_code != 0 and "must not be blank" in blank.output
    assert not User.objects(email="b@b.example").first()
