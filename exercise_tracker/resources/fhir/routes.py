"""FHIR export: a patient's record as an HL7 FHIR R4 Bundle for the clinic's other systems."""

import json

from flask import Response
from flask.views import MethodView

from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.resources.clinical import readable_patient_or_404
from exercise_tracker.services.fhir import patient_bundle

blp = Blueprint(
    "fhir", __name__, url_prefix="/api/v1/users", description="HL7 FHIR R4 export of a patient"
)
FHIR_JSON = "application/fhir+json"


@blp.route("/<objectid:patient_id>/fhir")
class PatientFhirViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(
        200,
        {"type": "object", "description": "A FHIR R4 Bundle of type collection"},
        content_type=FHIR_JSON,
        description="A FHIR R4 Bundle",
    )
    @blp.errors(404)
    def get(self, patient_id):
        """Export a patient's record as FHIR R4

        A `Bundle` of type `collection` (`application/fhir+json`): the Patient, the
        Practitioners treating them, a CarePlan with one ServiceRequest per exercise (SNOMED CT
        229065009 exercise therapy; motion, sets, repetitions, frequency, period), an
        Observation per analysed attempt (repetitions; range of motion per side in degrees,
        UCUM), pain as Observations (LOINC 72514-3) and a QuestionnaireResponse per answered
        questionnaire. Entries have `urn:uuid` fullUrls and reference only one another. The
        patient gets all of theirs; a doctor what belongs to the exercises and questionnaires
        they assigned. Audited as an export.
        """
        patient = readable_patient_or_404(current_user(), patient_id)
        body = json.dumps(patient_bundle(current_user(), patient), ensure_ascii=False)
        response = Response(body, mimetype=FHIR_JSON)
        response.headers["Cache-Control"] = "private, no-store"
        return response
