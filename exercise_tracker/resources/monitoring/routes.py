"""Remote-monitoring API: a patient's days with data per period and clinician minutes per month,
and a doctor's monthly CSV of their patients for billing."""

from flask import Response, current_app
from flask.views import MethodView

from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.models import Role
from exercise_tracker.resources.clinical import readable_patient_or_404
from exercise_tracker.resources.monitoring.schemas import MonitoringSchema, MonthQueryArgsSchema
from exercise_tracker.services import monitoring as service

blp = Blueprint(
    "monitoring",
    __name__,
    url_prefix="/api/v1/progress",
    description="Remote therapeutic monitoring: days with data, minutes and contacts",
)


def rules() -> service.MonitoringRules:
    return service.MonitoringRules.from_config(current_app.config)


@blp.route("/patient/<objectid:patient_id>/monitoring")
class PatientMonitoringViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, MonitoringSchema)
    @blp.errors(404)
    def get(self, patient_id):
        """A patient's remote-monitoring summary

        For each period of `MONITORING_PERIOD_DAYS` from the start of monitoring: the days
        with data (an analysed upload, a pain report or a questionnaire answer) and whether
        they reach `MONITORING_DAYS_FULL` (full) or `MONITORING_DAYS_PARTIAL` (partial); for
        each calendar month: the clinicians' management and contact minutes and the contacts,
        and the level they reach. For the patient and the doctors treating them.
        """
        patient = readable_patient_or_404(current_user(), patient_id)
        return service.patient_summary(patient, rules())


@blp.route("/clinic/monitoring.csv")
class ClinicMonitoringViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.arguments(MonthQueryArgsSchema, location="query")
    @blp.response(200, {"type": "string"}, content_type="text/csv", description="CSV")
    @blp.errors(403)
    def get(self, args):
        """A month's monitoring as CSV

        One row per patient you treat who was monitored in the month: the period holding the
        month's last day with its days with data and level, and the month's minutes, contacts
        and level. `flask monitoring export --month 2026-11` writes the same for the whole
        clinic.
        """
        month = args["month"]
        text = service.clinic_csv(service.treated_by(current_user()), month, rules())
        response = Response(text, mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="monitoring-{month:%Y-%m}.csv"'
        )
        response.headers["Cache-Control"] = "private, no-store"
        return response
