"""Assigning outcome questionnaires, answering them and following their scores, free of HTTP:
a bad request raises a domain error the API maps once."""

from dataclasses import dataclass
from datetime import datetime

from bson import ObjectId
from flask import current_app

from exercise_tracker.models import (
    AuditAction,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Schedule,
    User,
)
from exercise_tracker.models.base import utcnow
from exercise_tracker.questionnaires import Instrument, load_instruments
from exercise_tracker.services import audit


class UnknownInstrument(LookupError):
    """No questionnaire of that code is installed."""


class InvalidSchedule(ValueError):
    """A schedule that cannot be kept, with the field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NotDue(ValueError):
    """The questionnaire is not open for an answer now (answered already, not started, closed)."""


def instruments() -> dict[str, Instrument]:
    """The installed instruments, loaded once per app from the package and `QUESTIONNAIRES_DIR`."""
    cache = current_app.extensions.setdefault("questionnaires", {})
    folder = current_app.config["QUESTIONNAIRES_DIR"]
    if folder not in cache:
        cache[folder] = load_instruments(folder)
    return cache[folder]


def instrument(code: str) -> Instrument:
    found = instruments().get(code)
    if found is None:
        raise UnknownInstrument(f"No questionnaire `{code}` is installed.")
    return found


def assign(doctor: User, patient: User, data: dict) -> QuestionnaireAssignment:
    """A doctor assigns an instrument to a patient they treat (checked by the caller)."""
    instrument(data["instrument"])
    start = data.get("start_date") or utcnow()
    end = data.get("end_date")
    if data["schedule"] == Schedule.START_AND_END and end is None:
        raise InvalidSchedule("end_date", "A start-and-end schedule needs an end date.")
    if end is not None and end <= start:
        raise InvalidSchedule("end_date", "The end date must be after the start date.")
    assignment = QuestionnaireAssignment(
        patient_id=patient.id,
        assigned_by=doctor.id,
        instrument=data["instrument"],
        schedule=data["schedule"],
        start_date=start,
        end_date=end,
    ).save()
    audit.record(AuditAction.CREATE, "questionnaire", patient.id, resource_id=assignment.id)
    return assignment


def close(assignment: QuestionnaireAssignment) -> QuestionnaireAssignment:
    """No further answer is due; those given are kept."""
    assignment.active = False
    assignment.save()
    audit.record(
        AuditAction.UPDATE, "questionnaire", assignment.patient_id, resource_id=assignment.id
    )
    return assignment


def visible_assignments(viewer: User, patient_id: ObjectId):
    """All of a patient's questionnaires for the patient; for a doctor, those they assigned."""
    query = QuestionnaireAssignment.objects(patient_id=patient_id)
    if viewer.id != patient_id:
        query = query.filter(assigned_by=viewer.id)
    return query.order_by("start_date", "id")


def visible_answers(viewer: User, patient_id: ObjectId) -> list[QuestionnaireAnswer]:
    ids = [a.id for a in visible_assignments(viewer, patient_id).only("id")]
    return list(QuestionnaireAnswer.objects(assignment_id__in=ids).order_by("answered_at", "id"))


def _answered_in(assignment, window, answers) -> bool:
    start, end = window
    return any(
        a.assignment_id == assignment.id
        and a.answered_at >= start
        and (end is None or a.answered_at < end)
        for a in answers
    )


def with_status(assignment: QuestionnaireAssignment, answers, now: datetime) -> dict:
    """The assignment as the API shows it: whether an answer is due now, and its answers."""
    own = [a for a in answers if a.assignment_id == assignment.id]
    window = assignment.window(now) if assignment.active else None
    due = window is not None and not _answered_in(assignment, window, own)
    if assignment.schedule == Schedule.ONCE and own:
        due = False
    return {
        "assignment": assignment,
        "title": instrument(assignment.instrument).title,
        "due": due,
        "answers": own,
    }


def list_for(viewer: User, patient_id: ObjectId) -> list[dict]:
    found = exported(viewer, patient_id)
    audit.concerns(patient_id, resource="questionnaire")
    return found


def exported(viewer: User, patient_id: ObjectId) -> list[dict]:
    """The questionnaires and answers the viewer sees, for the patient's data export."""
    answers = visible_answers(viewer, patient_id)
    now = utcnow()
    return [with_status(a, answers, now) for a in visible_assignments(viewer, patient_id)]


def answer(patient: User, assignment: QuestionnaireAssignment, answers, at=None):
    """The patient answers; every item is checked and the score kept with the raw answers."""
    moment = at or utcnow()
    found = instrument(assignment.instrument)
    valid = found.validate(answers)  # raises InvalidAnswers, item by item
    own = list(QuestionnaireAnswer.objects(assignment_id=assignment.id))
    status = with_status(assignment, own, moment)
    if not status["due"]:
        raise NotDue(
            "This questionnaire is not due now: it was answered, has not started or is closed."
        )
    score = found.score(valid)
    saved = QuestionnaireAnswer(
        patient_id=patient.id,
        assignment_id=assignment.id,
        instrument=found.code,
        instrument_version=found.version,
        answers=valid,
        score=score.value,
        raw_score=score.raw,
        answered_at=moment,
    ).save()
    audit.record(AuditAction.CREATE, "questionnaire-answer", patient.id, resource_id=saved.id)
    return saved


@dataclass(frozen=True)
class ScoreSeries:
    """One instrument's scores for a patient, oldest first."""

    instrument: Instrument
    points: list[tuple[datetime, float]]

    @property
    def scores(self) -> list[dict]:
        return [{"at": at, "score": score} for at, score in self.points]

    @property
    def latest(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @property
    def change(self) -> float | None:
        """From the first score to the latest; its sign read with `better`."""
        return round(self.points[-1][1] - self.points[0][1], 2) if len(self.points) > 1 else None

    @property
    def trend(self) -> str | None:
        """better, worse or steady from the first score to the latest."""
        if self.change is None:
            return None
        if self.change == 0:
            return "steady"
        improved = self.change < 0 if self.instrument.better == "lower" else self.change > 0
        return "better" if improved else "worse"

    @property
    def worsened_beyond_mcid(self) -> bool:
        """The latest score is worse than the previous one by at least the MCID."""
        if len(self.points) < 2:
            return False
        return self.instrument.worsened(self.points[-2][1], self.points[-1][1])


def score_series(answers: list[QuestionnaireAnswer]) -> list[ScoreSeries]:
    by_code: dict[str, list] = {}
    for a in answers:
        by_code.setdefault(a.instrument, []).append((a.answered_at, a.score))
    installed = instruments()
    return [
        ScoreSeries(installed[code], points)
        for code, points in by_code.items()
        if code in installed
    ]


def scores_for(viewer: User, patient_id: ObjectId) -> list[ScoreSeries]:
    audit.record(AuditAction.READ, "questionnaire-score", patient_id)
    return score_series(visible_answers(viewer, patient_id))
