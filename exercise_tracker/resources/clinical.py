"""What the clinical-record areas (questionnaires, clinician time, monitoring, FHIR) share at the
HTTP edge: finding the patient the caller may see, and their domain errors mapped once."""

from contextlib import contextmanager

from flask_smorest import abort

from exercise_tracker import permissions
from exercise_tracker.models import Role, User
from exercise_tracker.questionnaires import InvalidAnswers
from exercise_tracker.services.clinician_time import InvalidEntry
from exercise_tracker.services.questionnaires import InvalidSchedule, NotDue, UnknownInstrument


def readable_patient_or_404(viewer: User, patient_id) -> User:
    """The patient themself, or a doctor treating them; anyone else is told nothing (404)."""
    permissions.require_patient_access(viewer, patient_id)
    patient = User.objects(id=patient_id, role=Role.PATIENT.value).first()
    if patient is None:
        abort(404, message="Patient not found.")
    return patient


def treated_patient_or_404(viewer: User, patient_id) -> User:
    """A patient the calling doctor treats (a patient calling is refused with 403)."""
    if not viewer.is_doctor:
        abort(403, message="Only a doctor may do this.")
    return readable_patient_or_404(viewer, patient_id)


@contextmanager
def domain_errors():
    """Domain errors of these services as the API's JSON errors."""
    try:
        yield
    except InvalidAnswers as error:
        abort(422, message="Invalid answers.", errors={"json": {"answers": error.errors}})
    except (InvalidSchedule, InvalidEntry) as error:
        abort(422, message=str(error), errors={"json": {error.field: [str(error)]}})
    except UnknownInstrument as error:
        abort(422, message=str(error), errors={"json": {"instrument": [str(error)]}})
    except NotDue as error:
        abort(409, message=str(error))
