"""Assigning exercises and changing them, within what each role may do."""

from exercise_tracker.models import Exercise, Role, User
from exercise_tracker.services.audit import concerns
from exercise_tracker.services.errors import Forbidden, NotFound

# What a doctor prescribes; a patient may change none of it, only the status.
PRESCRIPTION_FIELDS = frozenset(
    {
        "name",
        "description",
        "due_date",
        "motion",
        "target_reps",
        "sets",
        "frequency_per_week",
        "target_range_of_motion",
    }
)


def assign_exercise(doctor: User, data: dict) -> Exercise:
    concerns(data["assigned_to"])
    patient = User.objects(id=data["assigned_to"], role=Role.PATIENT.value, is_active=True).first()
    if patient is None:
        raise NotFound("No active patient has this id.", field="assigned_to")
    exercise = Exercise(assigned_by=doctor.id, **data)
    exercise.save()
    return exercise


def change_exercise(user: User, exercise: Exercise, changes: dict) -> Exercise:
    if user.is_patient:
        refused = sorted(PRESCRIPTION_FIELDS & changes.keys())
        if refused:
            raise Forbidden(f"A patient may not change the prescription ({', '.join(refused)}).")
    elif user.id != exercise.assigned_by:
        raise Forbidden("Only the doctor who assigned this exercise may change it.")
    for field, value in changes.items():
        setattr(exercise, field, value)
    exercise.save()
    return exercise


def list_exercises(query, status: str | None = None):
    """Exercises soonest due first (undated ones first, as MongoDB sorts missing values first),
    newest assignment breaking ties."""
    if status:
        query = query.filter(status=status)
    return query.order_by("due_date", "-assigned_date", "id")
