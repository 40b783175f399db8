"""`flask db ...`: data migrations."""

import click
from flask import current_app
from flask.cli import AppGroup

from exercise_tracker import migrations

db_cli = AppGroup("db", help="Apply and inspect data migrations.")


@db_cli.command("upgrade")
@click.option("--dry-run", is_flag=True, help="List what would be applied; change nothing.")
def upgrade_command(dry_run):
    """Apply pending migrations, in order (safe to run twice)."""
    directory = current_app.config["MIGRATIONS_DIR"]
    done = migrations.upgrade(directory, dry_run=dry_run)
    verb = "would apply" if dry_run else "applied"
    click.echo(f"{verb} {len(done)} migration(s)")
    for migration in done:
        click.echo(f"  {migration.name}: {migration.reason}")


@db_cli.command("status")
def status_command():
    """List migrations and whether each is applied."""
    for migration, record in migrations.status(current_app.config["MIGRATIONS_DIR"]):
        state = f"applied {record['date']:%Y-%m-%d %H:%M} UTC" if record else "pending"
        click.echo(f"{migration.name}  {state}")
