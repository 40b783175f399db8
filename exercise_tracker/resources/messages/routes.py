"""Messages API: a conversation per patient with the doctors who treat them."""

from flask.views import MethodView
from flask_smorest import abort

from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint, QuerySetPage
from exercise_tracker.resources.messages.schemas import (
    MarkedReadSchema,
    MarkReadSchema,
    MessageCreateSchema,
    MessageQueryArgsSchema,
    MessageSchema,
)
from exercise_tracker.services import messages as service

blp = Blueprint(
    "messages",
    __name__,
    url_prefix="/api/v1/messages",
    description="Messages between a patient and their doctors",
)


def answer_refusals(call, *args, **kwargs):
    """The service's refusals as HTTP: unseen 404, read-only 403, a bad reference 422."""
    try:
        return call(*args, **kwargs)
    except service.ConversationNotFound:
        abort(404, message="Conversation not found.")
    except service.ConversationReadOnly:
        abort(403, message="You no longer treat this patient: you may read, not write.")
    except service.InvalidReference as error:
        abort(422, errors={"json": {error.field: [str(error)]}})


@blp.route("/patient/<objectid:patient_id>")
class ConversationViews(MethodView):
    @login_required
    @blp.listing(MessageQueryArgsSchema, MessageSchema, QuerySetPage, 404)
    def get(self, args, patient_id):
        """Read a patient's conversation

        Newest first. The patient and the doctors who treat them read all of it; a doctor who
        no longer treats the patient reads what they wrote. `unread=true` lists only what
        others wrote that you have not read.
        """
        return answer_refusals(
            service.conversation, current_user(), patient_id, unread_only=args["unread"]
        )

    @login_required
    @blp.authenticated
    @blp.arguments(MessageCreateSchema)
    @blp.response(201, MessageSchema)
    @blp.errors(403, 404)
    def post(self, data, patient_id):
        """Write in a patient's conversation

        The patient, or a doctor who treats them (has assigned them an exercise). Optionally
        about one of the patient's exercises or videos.
        """
        return answer_refusals(service.send, current_user(), patient_id, **data)


@blp.route("/patient/<objectid:patient_id>/read")
class ConversationReadViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.arguments(MarkReadSchema, required=False)
    @blp.response(200, MarkedReadSchema)
    @blp.errors(404)
    def post(self, data, patient_id):
        """Mark a conversation read

        What others wrote, up to `up_to` (default: everything), counts as read by you.
        """
        marked = answer_refusals(service.mark_read, current_user(), patient_id, data.get("up_to"))
        return {"marked": marked}
