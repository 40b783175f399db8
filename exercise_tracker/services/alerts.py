"""Alerts computed from a patient's attempts, each with a reason a doctor understands.

Nothing is stored: an alert is open while the data that raised it is the latest there is, and a
later attempt that no longer shows the problem closes it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bson import ObjectId

from exercise_tracker.analysis.warnings import WarningCode, WarningKind
from exercise_tracker.models import ExerciseStatus, MatchStatus
from exercise_tracker.services.attempts import Attempt, ExerciseHistory

HIGH, MEDIUM = "high", "medium"


def _form_codes(attempt: Attempt) -> set[WarningCode]:
    """Warnings about the movement; a mismatch has an alert of its own."""
    return {
        code
        for code in attempt.warning_codes()
        if code.kind is WarningKind.MOVEMENT and code is not WarningCode.MOTION_MISMATCH
    }


@dataclass(frozen=True)
class AlertThresholds:
    inactive_days: int
    pain_level: int
    pain_rise: int
    range_drop_percent: float
    form_warning_repeats: int

    @classmethod
    def from_config(cls, config) -> "AlertThresholds":
        return cls(
            inactive_days=config["ALERT_INACTIVE_DAYS"],
            pain_level=config["ALERT_PAIN_LEVEL"],
            pain_rise=config["ALERT_PAIN_RISE"],
            range_drop_percent=config["ALERT_RANGE_DROP_PERCENT"],
            form_warning_repeats=config["ALERT_FORM_WARNING_REPEATS"],
        )


@dataclass(frozen=True)
class Alert:
    code: str
    severity: str
    reason: str
    at: datetime
    exercise_id: ObjectId | None = None
    video_id: ObjectId | None = None


def _day(moment: datetime) -> str:
    return f"{moment:%d %b %Y}"


def format_range(value: float, unit: str | None) -> str:
    return f"{value:.0f}°" if unit == "degrees" else f"{value:.2f} ({unit or 'no unit'})"


def _alert(code, severity, reason, attempt: Attempt) -> Alert:
    video = attempt.video
    return Alert(code, severity, reason, video.upload_date, video.exercise_id, video.id)


def _pain_alerts(name: str, attempts: list[Attempt], limits: AlertThresholds) -> list[Alert]:
    reported = [a for a in attempts if a.video.pain_level is not None]
    if not reported:
        return []
    latest = reported[-1]
    alerts = []
    if latest.video.pain_level >= limits.pain_level:
        reason = (
            f"{name}: reported pain {latest.video.pain_level}/10 on {_day(latest.uploaded_at)}."
        )
        alerts.append(_alert("pain_high", HIGH, reason, latest))
    if len(reported) > 1:
        before = reported[-2].video.pain_level
        if latest.video.pain_level - before >= limits.pain_rise:
            reason = (
                f"{name}: pain rose from {before}/10 to {latest.video.pain_level}/10 "
                "between the last two attempts."
            )
            alerts.append(_alert("pain_rising", HIGH, reason, latest))
    return alerts


def _range_alert(history: ExerciseHistory, limits: AlertThresholds) -> list[Alert]:
    measured = [a for a in history.analysed if a.excursion is not None]
    if len(measured) < 2 or measured[-2].excursion <= 0:
        return []
    before, latest = measured[-2], measured[-1]
    drop = 100 * (before.excursion - latest.excursion) / before.excursion
    if drop < limits.range_drop_percent:
        return []
    unit = history.range_unit
    joint = f" ({history.range_joint})" if history.range_joint else ""
    reason = (
        f"{history.exercise.name}: range of motion{joint} fell from "
        f"{format_range(before.excursion, unit)} to {format_range(latest.excursion, unit)}"
        f" ({drop:.0f}% less) between the last two attempts."
    )
    return [_alert("range_falling", MEDIUM, reason, latest)]


def _form_alerts(history: ExerciseHistory, limits: AlertThresholds) -> list[Alert]:
    recent = history.analysed[-limits.form_warning_repeats :]
    if len(recent) < limits.form_warning_repeats:
        return []
    codes = [_form_codes(a) for a in recent]
    latest = recent[-1]
    alerts = []
    for code in sorted(set.intersection(*codes)):
        message = next(w.message or code for w in latest.warnings if w.code == code)
        reason = (
            f"{history.exercise.name}: the same form problem on the last {len(recent)} attempts"
            f" ({code}): {message}"
        )
        alerts.append(_alert("form_warnings", MEDIUM, reason, latest))
    return alerts


def _mismatch_alert(history: ExerciseHistory) -> list[Alert]:
    analysed = history.analysed
    if not analysed or analysed[-1].match_status is not MatchStatus.MISMATCH:
        return []
    latest = analysed[-1]
    prescribed = latest.result.prescribed_motion or history.exercise.motion
    reason = (
        f"{history.exercise.name}: the video of {_day(latest.uploaded_at)} looked like "
        f"{latest.prediction.predicted_motion}, not {prescribed}."
    )
    return [_alert("motion_mismatch", MEDIUM, reason, latest)]


def _inactivity_alert(histories, limits: AlertThresholds, now: datetime) -> list[Alert]:
    """No upload for N days while exercises are pending, counted from the last upload or, when
    later, from when the oldest pending exercise was assigned."""
    pending = [h.exercise for h in histories if h.exercise.status == ExerciseStatus.PENDING]
    if not pending:
        return []
    uploads = [h.last_activity for h in histories if h.last_activity]
    since = max([*uploads, min(e.assigned_date for e in pending)])
    idle = now - since
    if idle < timedelta(days=limits.inactive_days):
        return []
    waiting = "1 exercise is" if len(pending) == 1 else f"{len(pending)} exercises are"
    reason = f"No upload for {idle.days} days while {waiting} pending."
    return [Alert("inactive", MEDIUM, reason, since)]


def patient_alerts(histories, limits: AlertThresholds, now: datetime) -> list[Alert]:
    """Open alerts, the most serious and then the most recent first."""
    alerts = _inactivity_alert(histories, limits, now)
    for history in histories:
        alerts += _pain_alerts(history.exercise.name, history.attempts, limits)
        alerts += _range_alert(history, limits)
        alerts += _form_alerts(history, limits)
        alerts += _mismatch_alert(history)
    return sorted(alerts, key=lambda a: (a.severity != HIGH, -a.at.timestamp()))


def score_alerts(series) -> list[Alert]:
    """A questionnaire score worse than the one before by at least the instrument's MCID;
    `series` are `services.questionnaires.ScoreSeries`."""
    alerts = []
    for one in series:
        if one.worsened_beyond_mcid:
            (_, before), (at, latest) = one.points[-2], one.points[-1]
            mcid = one.instrument.mcid.value
            reason = (
                f"{one.instrument.title}: score went from {before:g} to {latest:g} on {_day(at)},"
                f" worse by at least the minimal important difference ({mcid:g})."
            )
            alerts.append(Alert("score_worsened", MEDIUM, reason, at))
    return alerts


def with_score_alerts(alerts: list[Alert], series) -> list[Alert]:
    """The alerts and the questionnaire ones, in the same order as `patient_alerts`."""
    merged = alerts + score_alerts(series)
    return sorted(merged, key=lambda a: (a.severity != HIGH, -a.at.timestamp()))
