"""Exercises API: doctors assign exercises to patients; both follow them."""

from flask.views import MethodView

from exercise_tracker import permissions
from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint, QuerySetPage
from exercise_tracker.models import Exercise, Role
from exercise_tracker.resources.exercises.schemas import (
    ExerciseCreateSchema,
    ExercisePutSchema,
    ExerciseQueryArgsSchema,
    ExerciseSchema,
)
from exercise_tracker.services import exercises as service

blp = Blueprint(
    "exercises", __name__, url_prefix="/api/v1/exercises", description="Assigned exercises"
)


@blp.route("/")
class ExerciseViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.arguments(ExerciseCreateSchema)
    @blp.response(201, ExerciseSchema)
    @blp.errors(403, 404)
    def post(self, data):
        """Assign an exercise to a patient

        Doctors only; `assigned_to` must be a patient's id.
        """
        return service.assign_exercise(current_user(), data)


@blp.route("/<objectid:exercise_id>")
class ExerciseByIdViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, ExerciseSchema)
    @blp.errors(404)
    def get(self, exercise_id):
        """Get an exercise

        Visible to the patient it is assigned to and the doctor who assigned it.
        """
        return permissions.readable_exercise_or_404(current_user(), exercise_id)

    @login_required
    @blp.authenticated
    @blp.arguments(ExercisePutSchema)
    @blp.response(200, ExerciseSchema)
    @blp.errors(403, 404)
    def put(self, changes, exercise_id):
        """Update an exercise

        The assigning doctor may change the prescription and the status; the patient only
        the status.
        """
        user = current_user()
        exercise = permissions.readable_exercise_or_404(user, exercise_id)
        return service.change_exercise(user, exercise, changes)


@blp.route("/patient/<objectid:patient_id>")
class PatientExerciseViews(MethodView):
    @login_required
    @blp.listing(ExerciseQueryArgsSchema, ExerciseSchema, QuerySetPage, 404)
    def get(self, args, patient_id):
        """List a patient's exercises

        The patient sees all of theirs; a doctor sees those they assigned to this patient.
        Sorted by due date; filter by `status`.
        """
        user = current_user()
        permissions.require_patient_access(user, patient_id)
        query = Exercise.objects.visible_to(user).filter(assigned_to=patient_id)
        return service.list_exercises(query, args.get("status"))


@blp.route("/doctor/<objectid:doctor_id>")
class DoctorExerciseViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.listing(ExerciseQueryArgsSchema, ExerciseSchema, QuerySetPage, 403)
    def get(self, args, doctor_id):
        """List the exercises a doctor assigned

        A doctor sees only their own. Sorted by due date; filter by `status`.
        """
        permissions.require_self(current_user(), doctor_id, "list the exercises of")
        query = Exercise.objects(assigned_by=doctor_id)
        return service.list_exercises(query, args.get("status"))
