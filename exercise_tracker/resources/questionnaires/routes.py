"""Questionnaires API: the installed outcome instruments, a doctor assigning one to a patient on
a schedule, the patient answering, and the scores over time."""

import logging

from flask.views import MethodView
from flask_smorest import abort

from exercise_tracker.auth import current_user, login_required
from exercise_tracker.errors import error_response
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.models import QuestionnaireAssignment, Role
from exercise_tracker.models.base import utcnow
from exercise_tracker.questionnaires import InstrumentFileError
from exercise_tracker.resources.clinical import (
    domain_errors,
    readable_patient_or_404,
    treated_patient_or_404,
)
from exercise_tracker.resources.questionnaires.schemas import (
    AnswerCreateSchema,
    AnswerSchema,
    AssignmentCreateSchema,
    AssignmentSchema,
    InstrumentSchema,
    ScoreTrendSchema,
)
from exercise_tracker.services import questionnaires as service

blp = Blueprint(
    "questionnaires",
    __name__,
    url_prefix="/api/v1/questionnaires",
    description="Outcome questionnaires (PROMs): assigned, answered and scored",
)
log = logging.getLogger(__name__)


@blp.app_errorhandler(InstrumentFileError)
def _unreadable_instruments(error):
    """A clinic file that does not hold together is the operator's to fix: the reason goes to
    the log (and `flask questionnaires check`), the caller learns only that it is unavailable."""
    log.error("questionnaire files: %s", error)
    return error_response(503, "The questionnaires are unavailable until an operator fixes them.")


@blp.route("/instruments")
class InstrumentViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, InstrumentSchema(many=True))
    def get(self):
        """The installed questionnaires

        Those shipped (numeric pain rating scale, Patient-Specific Functional Scale, KOOS JR,
        HOOS JR) and the clinic's own from `QUESTIONNAIRES_DIR`: items, answer options, scoring
        rule, score range, direction of better and MCID with its source.
        """
        return sorted(service.instruments().values(), key=lambda i: i.code)


@blp.route("/patient/<objectid:patient_id>")
class PatientQuestionnaireViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.arguments(AssignmentCreateSchema)
    @blp.response(201, AssignmentSchema)
    @blp.errors(403, 404, 422)
    def post(self, data, patient_id):
        """Assign a questionnaire

        A doctor assigns an instrument to a patient they treat, `once`, `weekly` (one answer
        per 7 days from the start) or `start_and_end` (one answer before `end_date`, one from
        then on).
        """
        viewer = current_user()
        patient = treated_patient_or_404(viewer, patient_id)
        with domain_errors():
            assignment = service.assign(viewer, patient, data)
        return service.with_status(assignment, [], utcnow())

    @login_required
    @blp.authenticated
    @blp.response(200, AssignmentSchema(many=True))
    @blp.errors(404)
    def get(self, patient_id):
        """A patient's questionnaires

        Each with whether an answer is due now and its answers with their scores. The patient
        sees all of theirs; a doctor those they assigned.
        """
        viewer = current_user()
        readable_patient_or_404(viewer, patient_id)
        return service.list_for(viewer, patient_id)


@blp.route("/patient/<objectid:patient_id>/scores")
class PatientScoreViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, ScoreTrendSchema(many=True))
    @blp.errors(404)
    def get(self, patient_id):
        """A patient's scores over time

        Per instrument: every score, the latest, the change from the first, whether that is
        better or worse (read with the instrument's direction) and whether the latest change
        is worse by at least the MCID. Same visibility as the questionnaires.
        """
        viewer = current_user()
        readable_patient_or_404(viewer, patient_id)
        return service.scores_for(viewer, patient_id)


@blp.route("/<objectid:assignment_id>")
class AssignmentViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.response(200, AssignmentSchema)
    @blp.errors(403, 404)
    def delete(self, assignment_id):
        """Close a questionnaire

        The doctor who assigned it stops it: no further answer is due, those given are kept.
        """
        viewer = current_user()
        assignment = QuestionnaireAssignment.objects(id=assignment_id).first()
        if assignment is None or assignment.assigned_by != viewer.id:
            abort(404, message="Questionnaire not found.")
        service.close(assignment)
        return service.with_status(
            assignment, service.visible_answers(viewer, assignment.patient_id), utcnow()
        )


@blp.route("/<objectid:assignment_id>/answers")
class AnswerViews(MethodView):
    @login_required(role=Role.PATIENT)
    @blp.authenticated
    @blp.arguments(AnswerCreateSchema)
    @blp.response(201, AnswerSchema)
    @blp.errors(403, 404, 409, 422)
    def post(self, data, assignment_id):
        """Answer a questionnaire

        The patient answers their own questionnaire while it is due. Each item is checked
        (422 names every bad item); the score is computed and kept with the raw answers. 409
        when no answer is due now.
        """
        viewer = current_user()
        assignment = QuestionnaireAssignment.objects(id=assignment_id).first()
        if assignment is None or assignment.patient_id != viewer.id:
            abort(404, message="Questionnaire not found.")
        with domain_errors():
            return service.answer(viewer, assignment, data["answers"])
