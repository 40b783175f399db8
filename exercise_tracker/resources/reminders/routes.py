"""Reminders API: when you want to be reminded, and what was delivered to you."""

from flask import request
from flask.views import MethodView
from flask_smorest import abort

from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint, QuerySetPage
from exercise_tracker.resources.reminders.schemas import (
    DeliveryQueryArgsSchema,
    DeliverySchema,
    PreferencesSchema,
)
from exercise_tracker.services import reminders as service

blp = Blueprint(
    "reminders",
    __name__,
    url_prefix="/api/v1/reminders",
    description="Reminder preferences and the delivery log",
)


@blp.route("/preferences")
class PreferencesViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, PreferencesSchema)
    def get(self):
        """Your reminder preferences

        The defaults until you set any: on, at 18:00 UTC, no quiet hours.
        """
        return service.stored_preferences(current_user())

    @login_required
    @blp.authenticated
    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    def put(self, changes):
        """Change your reminder preferences

        For a patient: the day's reminder for each exercise due, at `local_time` in
        `time_zone`. For a doctor: missed-session notices and alerts. Nothing is sent in quiet
        hours (what waits goes when they end; a day's reminder not sent that day is dropped),
        and nothing at all with `enabled` false. Give only what changes.
        """
        if not request.get_data(cache=True):  # `{}` changes nothing; no body at all is a mistake
            abort(422, errors={"json": {"_schema": ["Send the changes as a JSON object."]}})
        try:
            return service.update_preferences(current_user(), changes)
        except service.InvalidPreferences as error:
            abort(422, errors={"json": {error.field: [str(error)]}})


@blp.route("/deliveries")
class DeliveryViews(MethodView):
    @login_required
    @blp.listing(DeliveryQueryArgsSchema, DeliverySchema, QuerySetPage)
    def get(self, args):
        """What was delivered to you

        Reminders, notices and alerts sent to you, newest first, with each channel's status
        (`pending`, `sending`, `sent`, `failed`) and every attempt.
        """
        deliveries = service.deliveries_to(current_user())
        return deliveries.filter(kind=args["kind"]) if "kind" in args else deliveries
