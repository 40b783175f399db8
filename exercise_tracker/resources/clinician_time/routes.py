"""Clinician time API: a doctor logs management time and interactive contacts for a patient;
listed for the patient and the doctors treating them, changed only by their author."""

from flask.views import MethodView
from flask_smorest import abort

from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.models import ClinicianTime, Role, User
from exercise_tracker.resources.clinical import (
    domain_errors,
    readable_patient_or_404,
    treated_patient_or_404,
)
from exercise_tracker.resources.clinician_time.schemas import (
    TimeEntryCreateSchema,
    TimeEntryPutSchema,
    TimeEntrySchema,
    TimeQueryArgsSchema,
)
from exercise_tracker.services import clinician_time as service

blp = Blueprint(
    "clinician_time",
    __name__,
    url_prefix="/api/v1/clinician-time",
    description="Clinician management time and contacts, for remote-monitoring records",
)


def _own_entry_or_error(viewer: User, entry_id) -> ClinicianTime:
    """404 unless the caller may see the entry's patient; 403 unless they wrote it."""
    entry = ClinicianTime.objects(id=entry_id).first()
    if entry is None:
        abort(404, message="Entry not found.")
    readable_patient_or_404(viewer, entry.patient_id)
    if entry.doctor_id != viewer.id:
        abort(403, message="Only the doctor who logged an entry may change it.")
    return entry


@blp.route("/patient/<objectid:patient_id>")
class PatientTimeViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.arguments(TimeEntryCreateSchema)
    @blp.response(201, TimeEntrySchema)
    @blp.errors(403, 404, 422)
    def post(self, data, patient_id):
        """Log time or a contact

        `management` minutes (reviewing data, changing the programme) or a `contact` (`call`
        or `video` visit) with its minutes, for a patient you treat.
        """
        viewer = current_user()
        patient = treated_patient_or_404(viewer, patient_id)
        with domain_errors():
            return service.log(viewer, patient, data)

    @login_required
    @blp.authenticated
    @blp.arguments(TimeQueryArgsSchema, location="query")
    @blp.response(200, TimeEntrySchema(many=True))
    @blp.errors(404)
    def get(self, args, patient_id):
        """A patient's logged time and contacts

        Every clinician's entries, oldest first, for the patient and the doctors treating them;
        `from`/`to` (days) limit them.
        """
        readable_patient_or_404(current_user(), patient_id)
        return service.list_for(patient_id, args.get("from_"), args.get("to"))


@blp.route("/<objectid:entry_id>")
class TimeEntryViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.arguments(TimeEntryPutSchema)
    @blp.response(200, TimeEntrySchema)
    @blp.errors(403, 404, 422)
    def put(self, changes, entry_id):
        """Change an entry

        Only its author may; the kind and the patient cannot change.
        """
        entry = _own_entry_or_error(current_user(), entry_id)
        with domain_errors():
            return service.edit(entry, changes)

    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.response(204)
    @blp.errors(403, 404)
    def delete(self, entry_id):
        """Remove an entry

        Only its author may.
        """
        service.remove(_own_entry_or_error(current_user(), entry_id))
