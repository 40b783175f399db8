"""A patient's record as an HL7 FHIR R4 Bundle (type `collection`): the Patient, the
Practitioners treating them, a CarePlan with one ServiceRequest per exercise, an Observation per
analysed attempt, pain as Observations (LOINC 72514-3) and a QuestionnaireResponse per answer.

Every resource has a `urn:uuid` fullUrl derived from its document's id, and references only
resources in the same bundle. Each is built with the `fhir.resources` R4B models (R4B keeps R4's
structure for these resources), so a bundle that would not validate is never answered.
"""

import uuid
from datetime import datetime

from exercise_tracker.models import (
    AuditAction,
    Exercise,
    ExerciseStatus,
    QuestionnaireAnswer,
    User,
)
from exercise_tracker.models.base import utcnow
from exercise_tracker.services import audit
from exercise_tracker.services.attempts import load_histories
from exercise_tracker.services.progress import visible_exercises
from exercise_tracker.services.questionnaires import instruments, visible_assignments

NAMESPACE = uuid.UUID("5b0b7d3e-6f7e-4d4c-9d0e-6c1f3a2b9e15")
SNOMED, LOINC, UCUM = "http://snomed.info/sct", "http://loinc.org", "http://unitsofmeasure.org"
IDENTIFIERS = "urn:exercise-tracker:id"
MEASURES = "urn:exercise-tracker:measure"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# The HL7 Physical Activity IG's category and activity code, as its activity measures carry them.
PHYSICAL_ACTIVITY = {
    "system": "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes",
    "code": "PhysicalActivity",
    "display": "Physical Activity",
}
EXERCISE_ACTIVITY = {"system": LOINC, "code": "73985-4", "display": "Exercise activity"}
EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PAIN_SCORE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
REQUEST_STATUS = {
    ExerciseStatus.PENDING.value: "active",
    ExerciseStatus.COMPLETED.value: "completed",
    ExerciseStatus.NOT_COMPLETED.value: "revoked",
}


def full_url(kind: str, document_id) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{document_id}')}"


def _ref(kind: str, document_id) -> dict:
    return {"reference": full_url(kind, document_id)}


def _instant(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "+00:00"


def _category(code: str, display: str) -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _entry(kind: str, document_id, resource: dict) -> dict:
    url = full_url(kind, document_id)
    return {"fullUrl": url, "resource": {"resourceType": kind, "id": url[9:], **resource}}


def _person(user: User) -> dict:
    return {
        "identifier": [{"system": IDENTIFIERS, "value": str(user.id)}],
        "active": user.is_active,
        "name": [{"text": user.full_name}],
        "telecom": [{"system": "email", "value": user.email}],
    }


def _service_request(exercise: Exercise) -> dict:
    """The prescription: motion, sets, repetitions and how often, over which period."""
    parts = [f"motion {exercise.motion}" if exercise.motion else None]
    if exercise.sets:
        parts.append(f"{exercise.sets} sets")
    if exercise.target_reps:
        parts.append(f"{exercise.target_reps} repetitions")
    if exercise.target_range_of_motion:
        parts.append(f"range of motion {exercise.target_range_of_motion} degrees")
    repeat = {"boundsPeriod": {"start": _instant(exercise.assigned_date)}}
    if exercise.due_date:
        repeat["boundsPeriod"]["end"] = _instant(exercise.due_date)
    if exercise.frequency_per_week:
        repeat.update(frequency=exercise.frequency_per_week, period=1, periodUnit="wk")
    resource = {
        "status": REQUEST_STATUS[exercise.status],
        "intent": "order",
        "code": {"coding": [EXERCISE_THERAPY], "text": exercise.name},
        "orderDetail": [{"text": text} for text in parts if text],
        "subject": _ref("Patient", exercise.assigned_to),
        "requester": _ref("Practitioner", exercise.assigned_by),
        "authoredOn": _instant(exercise.assigned_date),
        "occurrenceTiming": {"repeat": repeat},
    }
    if exercise.description:
        resource["note"] = [{"text": exercise.description}]
    return resource


def _attempt_observation(exercise: Exercise, attempt) -> dict:
    """Repetitions and, per side, range of motion of the measured joint in degrees."""
    components = []
    if attempt.rep_count is not None:
        components.append(
            {
                "code": {
                    "coding": [{"system": MEASURES, "code": "repetitions"}],
                    "text": "Repetitions",
                },
                "valueQuantity": {
                    "value": attempt.rep_count,
                    "unit": "repetitions",
                    "system": UCUM,
                    "code": "{repetitions}",
                },
            }
        )
    rom = attempt.range_of_motion
    if rom is not None and rom.unit == "degrees":
        joint = rom.signal or "joint"
        for side in rom.sides:
            if side.excursion is None:
                continue
            components.append(
                {
                    "code": {
                        "coding": [
                            {"system": MEASURES, "code": f"range-of-motion-{joint}-{side.side}"}
                        ],
                        "text": f"Range of motion, {side.side} {joint}",
                    },
                    "valueQuantity": {
                        "value": round(float(side.excursion), 1),
                        "unit": "degrees",
                        "system": UCUM,
                        "code": "deg",
                    },
                }
            )
    return {
        "status": "final",
        "category": _category("activity", "Activity") + [{"coding": [PHYSICAL_ACTIVITY]}],
        "code": {"coding": [EXERCISE_ACTIVITY], "text": "Exercise activity"},
        "valueCodeableConcept": {"coding": [EXERCISE_THERAPY], "text": exercise.name},
        "subject": _ref("Patient", exercise.assigned_to),
        "performer": [_ref("Patient", exercise.assigned_to)],
        "basedOn": [_ref("ServiceRequest", exercise.id)],
        "effectiveDateTime": _instant(attempt.uploaded_at),
        "component": components,
    }


def _pain_observation(patient_id, level: int, at: datetime, **links) -> dict:
    return {
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": {"coding": [PAIN_SCORE], "text": "Pain (0-10)"},
        "subject": _ref("Patient", patient_id),
        "effectiveDateTime": _instant(at),
        "valueInteger": level,
        **links,
    }


def _questionnaire_response(answer: QuestionnaireAnswer, care_plan_id) -> dict:
    instrument = instruments().get(answer.instrument)
    items = []
    for item_id, value in answer.answers.items():
        item = instrument.item(item_id) if instrument else None
        given = {"valueString": value} if isinstance(value, str) else {"valueInteger": value}
        if item and item.options:
            given = {"valueCoding": {"code": str(value), "display": item.label_of(value)}}
        items.append({"linkId": item_id, "text": item.text if item else item_id, "answer": [given]})
    items.append({"linkId": "score", "text": "Score", "answer": [{"valueDecimal": answer.score}]})
    canonical = (
        f"urn:exercise-tracker:questionnaire:{answer.instrument}|{answer.instrument_version}"
    )
    return {
        "questionnaire": canonical,
        "status": "completed",
        "basedOn": [_ref("CarePlan", care_plan_id)],
        "subject": _ref("Patient", answer.patient_id),
        "author": _ref("Patient", answer.patient_id),
        "authored": _instant(answer.answered_at),
        "item": items,
    }


def patient_bundle(viewer: User, patient: User) -> dict:
    """The bundle as JSON (a dict), validated; what the viewer sees of the patient."""
    exercises = list(visible_exercises(viewer, patient.id))
    histories = load_histories(exercises)
    assignments = list(visible_assignments(viewer, patient.id))
    answers = list(
        QuestionnaireAnswer.objects(assignment_id__in=[a.id for a in assignments]).order_by(
            "answered_at"
        )
    )
    doctor_ids = {e.assigned_by for e in exercises} | {a.assigned_by for a in assignments}
    doctors = list(User.objects(id__in=list(doctor_ids)).order_by("full_name"))

    entries = [_entry("Patient", patient.id, _person(patient))]
    entries += [_entry("Practitioner", d.id, _person(d)) for d in doctors]
    care_plan = {
        "status": "active",
        "intent": "plan",
        "title": "Home exercise programme",
        "subject": _ref("Patient", patient.id),
        "activity": [{"reference": _ref("ServiceRequest", e.id)} for e in exercises],
    }
    if doctors:
        care_plan["author"] = _ref("Practitioner", doctors[0].id)
        care_plan["contributor"] = [_ref("Practitioner", d.id) for d in doctors]
    entries.append(_entry("CarePlan", patient.id, care_plan))
    entries += [_entry("ServiceRequest", e.id, _service_request(e)) for e in exercises]
    for history in histories:
        for attempt in history.attempts:
            video = attempt.video
            if attempt.analysed:
                entries.append(
                    _entry(
                        "Observation",
                        f"attempt/{video.id}",
                        _attempt_observation(history.exercise, attempt),
                    )
                )
            if video.pain_level is not None:
                pain = _pain_observation(
                    patient.id,
                    video.pain_level,
                    video.upload_date,
                    basedOn=[_ref("ServiceRequest", history.exercise.id)],
                )
                entries.append(_entry("Observation", f"pain/{video.id}", pain))
    for answer in answers:
        entries.append(
            _entry("QuestionnaireResponse", answer.id, _questionnaire_response(answer, patient.id))
        )
        if answer.instrument == "nprs" and "pain" in answer.answers:
            derived = {"derivedFrom": [_ref("QuestionnaireResponse", answer.id)]}
            pain = _pain_observation(
                patient.id, answer.answers["pain"], answer.answered_at, **derived
            )
            entries.append(_entry("Observation", f"pain/{answer.id}", pain))

    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": _instant(utcnow()),
        "entry": entries,
    }
    from fhir.resources.R4B.bundle import Bundle  # heavy: loaded on the first export only

    Bundle.model_validate(bundle)  # raises when any resource does not fit R4
    audit.record(AuditAction.EXPORT, "fhir", patient.id)
    return bundle
