"""Progress API: a patient's adherence, attempts and alerts, a doctor's overview, the patient's
progress chart and a printable report."""

from flask.views import MethodView

from exercise_tracker import permissions
from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.models import Role, User
from exercise_tracker.pictures.progress_chart import progress_chart_png
from exercise_tracker.reports.patient_report import render_patient_report
from exercise_tracker.resources.progress.schemas import (
    OverviewQueryArgsSchema,
    OverviewRowSchema,
    PatientProgressSchema,
    PeriodQueryArgsSchema,
)
from exercise_tracker.responses import private_file
from exercise_tracker.services.audit import concerns
from exercise_tracker.services.errors import NotFound
from exercise_tracker.services.progress import doctor_overview, patient_progress

blp = Blueprint(
    "progress",
    __name__,
    url_prefix="/api/v1/progress",
    description="Progress, alerts, charts and reports",
)


def _readable_progress(period: dict, patient_id) -> tuple[User, dict]:
    """The caller and the patient's progress as the caller may see it (404 for anyone else)."""
    viewer = current_user()
    permissions.require_patient_access(viewer, patient_id)
    patient = User.objects(id=patient_id, role=Role.PATIENT.value).first()
    if patient is None:
        raise NotFound("Patient not found.")
    progress = patient_progress(viewer, patient, since=period.get("from_"), until=period.get("to"))
    return viewer, progress


def _chart(viewer: User, progress: dict) -> bytes:
    scope = "patient" if viewer.id == progress["patient"].id else str(viewer.id)
    key = f"progress/{progress['patient'].id}/{scope}"
    return progress_chart_png(key, progress["exercises"], progress["patient"].id)


@blp.route("/patient/<objectid:patient_id>")
class PatientProgressViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.arguments(PeriodQueryArgsSchema, location="query")
    @blp.response(200, PatientProgressSchema)
    @blp.errors(404)
    def get(self, period, patient_id):
        """A patient's progress

        Adherence (exercises by status, overdue ones counted; videos per week against the
        prescribed frequency), open alerts, and per exercise its attempts with repetitions,
        range of motion, confidence, pain and difficulty. The patient sees all of theirs; a
        doctor the exercises they assigned. `from`/`to` limit the attempts to a period.
        """
        return _readable_progress(period, patient_id)[1]


@blp.route("/patient/<objectid:patient_id>/chart.png")
class PatientChartViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.arguments(PeriodQueryArgsSchema, location="query")
    @blp.file_response("image/png", "A chart")
    @blp.errors(404)
    def get(self, period, patient_id):
        """A patient's progress chart

        Per exercise (the six most recently active): repetitions, range of motion, and reported
        pain and difficulty across attempts. Same visibility as the progress.
        """
        viewer, progress = _readable_progress(period, patient_id)
        return private_file(_chart(viewer, progress), "image/png", f"progress-{patient_id}.png")


@blp.route("/patient/<objectid:patient_id>/report.pdf")
class PatientReportViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.arguments(PeriodQueryArgsSchema, location="query")
    @blp.file_response("application/pdf", "A PDF report")
    @blp.errors(404)
    def get(self, period, patient_id):
        """A printable progress report

        For the clinic's records: the patient, the period (`from`/`to`), adherence, alerts, a
        table of attempts per exercise and the progress chart. Same visibility as the progress.
        """
        viewer, progress = _readable_progress(period, patient_id)
        prepared_for = f"{viewer.full_name} ({viewer.role.lower()})"
        pdf = render_patient_report(progress, _chart(viewer, progress), prepared_for)
        return private_file(pdf, "application/pdf", f"progress-{patient_id}.pdf")


@blp.route("/doctor/<objectid:doctor_id>")
class DoctorOverviewViews(MethodView):
    @login_required(role=Role.DOCTOR)
    @blp.authenticated
    @blp.arguments(OverviewQueryArgsSchema, location="query")
    @blp.response(200, OverviewRowSchema(many=True))
    @blp.errors(403)
    def get(self, args, doctor_id):
        """A doctor's overview of their patients

        One row per patient they assigned exercises to, from those exercises: adherence,
        overdue count, last activity and open alerts. Sorted so that the patients who need
        attention come first (`sort` changes it). A doctor sees only their own.
        """
        permissions.require_self(current_user(), doctor_id, "see the overview of")
        rows = doctor_overview(current_user(), args["sort"])
        for row in rows:
            concerns(row["patient"].id)  # the overview reads each patient's data
        return rows
