"""The analysis engine's entry points: a PoseTrack or a video in, an AnalysisResult out."""

from collections.abc import Callable
from pathlib import Path

import numpy as np

from .catalog import (
    HORIZONTAL,
    MOTION_KEYS,
    NO_PERSON,
    UNKNOWN,
    Motion,
    display_name,
    get_motion,
    validate_motion_key,
)
from .features import body_orientation
from .form import form_warnings
from .pose_track import PoseTrack
from .quality import camera_view, is_too_dark, motion_visibility_warnings, recording_warnings
from .range_of_motion import measure_range, unit_of
from .recogniser import MotionRecogniser
from .recognition import Recognition, recognise
from .repetitions import count_motion
from .report import format_result_text
from .result import (
    AnalysisResult,
    AnalysisWarning,
    FrameStats,
    RepetitionRecord,
    chart_series,
    compact_pose,
)
from .settings import MOVENET_MODEL_NAME, AnalysisSettings
from .signals import MotionSignals, compute_signals
from .verification import MISMATCH, Verdict, verify

__all__ = ["analyze_pose_track", "analyze_video", "format_result_text"]

DEFAULT_SETTINGS = AnalysisSettings()


def analyze_video(
    path: str | Path,
    prescribed_motion: str | None = None,
    settings: AnalysisSettings = DEFAULT_SETTINGS,
    estimator=None,
    target_range: tuple[float, float] | float | None = None,
    progress: Callable[[float], None] | None = None,
) -> AnalysisResult:
    """Extract the pose from a video and analyse it (see `analyze_pose_track`).

    `progress`, when given, is called with the share of sampled frames done (0..1).
    """
    # Imported here so the motion analysis stays importable without the pose model's stack.
    from .pose import extract_pose_track

    track = extract_pose_track(path, settings, estimator=estimator, progress=progress)
    return analyze_pose_track(track, prescribed_motion, target_range)


def _frame_stats(track: PoseTrack) -> FrameStats:
    steps = np.diff(track.timestamps)
    fps = 1.0 / float(np.median(steps)) if len(steps) and np.median(steps) > 0 else 0.0
    return FrameStats(
        track.frames_sampled,
        track.frames_skipped,
        round(fps, 2),
        float(track.source_fps),
        float(track.duration_s),
        bool(track.truncated),
    )


def _outcome_reason(recognition: Recognition) -> list[AnalysisWarning]:
    """Why the answer is `no_person` or `unknown`, in words a doctor can act on."""
    if recognition.predicted_motion == NO_PERSON:
        seen = recognition.features.get("person_seen_share", 0.0)
        return [
            AnalysisWarning(
                "no_person",
                f"No person was detected on most frames (seen on {seen:.0%}); film the "
                "whole body in good light.",
            )
        ]
    if recognition.predicted_motion == UNKNOWN:
        closest = max(recognition.scores, key=recognition.scores.get)
        return [
            AnalysisWarning(
                "no_recognised_motion",
                "No exercise of the catalog was clearly performed; the "
                f"closest was {display_name(closest)} (probability "
                f"{recognition.scores[closest]:.2f}).",
            )
        ]
    return []


def _verdict_warning(verdict: Verdict, prescribed: str) -> AnalysisWarning:
    if verdict.status == MISMATCH:
        return AnalysisWarning("motion_mismatch", f"{prescribed}: {verdict.reason}")
    return AnalysisWarning("cant_tell", f"{verdict.reason} {verdict.filming_hint}")


def _measure(
    track: PoseTrack,
    signals: MotionSignals,
    motion: Motion,
    view: str | None,
    target_range: tuple[float, float] | float | None,
):
    """Repetitions, range of motion, chart series and warnings for one catalog motion."""
    repetitions, primary = count_motion(signals, motion)
    rom = measure_range(signals, motion, [(r.start_s, r.end_s) for r in repetitions], target_range)
    chart = chart_series(
        primary.signal.family,
        primary.side,
        unit_of(primary.signal.family),
        signals.times,
        primary.values,
    )
    warnings = motion_visibility_warnings(track, motion, view)
    warnings += form_warnings(signals, motion, primary, repetitions, rom, view)
    if not repetitions:
        warnings.append(
            AnalysisWarning(
                "no_repetitions", f"No complete repetition of {motion.display_name} was found."
            )
        )
    records = [
        RepetitionRecord(
            i + 1, r.start_s, r.peak_s, r.end_s, r.duration_s, r.min_value, r.max_value
        )
        for i, r in enumerate(repetitions)
    ]
    return records, rom, chart, warnings


def analyze_pose_track(
    track: PoseTrack,
    prescribed_motion: str | None = None,
    target_range: tuple[float, float] | float | None = None,
    recogniser: MotionRecogniser | None = None,
) -> AnalysisResult:
    """Recognise the motion, verify it against the prescription, count repetitions of the
    prescribed (else recognised) motion and measure its range and form. Pure: no files, no pose
    model, no environment.

    `target_range` is a band of the primary joint's angle to span, or a number: an excursion
    in degrees to reach from the patient's own rest position. `recogniser` replaces the committed
    recognition model (the accuracy benchmark passes one fitted without the scored clips).
    """
    if prescribed_motion is not None:
        validate_motion_key(prescribed_motion)
    signals = compute_signals(track)
    recognition = recognise(signals, recogniser)
    orientation = body_orientation(recognition.features)
    # Shoulder width tells front from side only for a standing or seated body.
    view = (
        None
        if orientation == HORIZONTAL
        else camera_view(recognition.features["shoulder_width_ratio"])
    )
    warnings = recording_warnings(track, recognition.features) + _outcome_reason(recognition)
    counted = prescribed_motion or (
        recognition.predicted_motion if recognition.predicted_motion in MOTION_KEYS else None
    )
    repetitions, rom, chart, verdict = [], None, None, None
    if counted is not None:
        repetitions, rom, chart, motion_warnings = _measure(
            track, signals, get_motion(counted), view, target_range
        )
        warnings += motion_warnings
    if prescribed_motion is not None:
        out_of_frame = any(w.code == "out_of_frame" for w in warnings)
        verdict = verify(
            recognition,
            prescribed_motion,
            len(repetitions),
            view,
            is_too_dark(track),
            out_of_frame,
        )
        if verdict.status != "match":
            warnings.append(_verdict_warning(verdict, prescribed_motion))
    return AnalysisResult(
        predicted_motion=recognition.predicted_motion,
        confidence_score=recognition.confidence_score,
        model_name=MOVENET_MODEL_NAME,
        is_match=verdict.is_match if verdict else None,
        prescribed_motion=prescribed_motion,
        counted_motion=counted,
        rep_count=len(repetitions),
        repetitions=repetitions,
        range_of_motion=rom,
        scores=recognition.scores,
        evidence={
            "camera_view": view,
            "body_orientation": orientation,
            "sides_seen_well": list(signals.trusted_sides),
            "features": recognition.features,
            "criteria": recognition.criteria,
        },
        warnings=warnings,
        frames=_frame_stats(track),
        pose=compact_pose(track.timestamps, track.keypoints),
        primary_angle=chart,
        match_status=verdict.status if verdict else None,
        match_reason=verdict.reason if verdict else None,
        filming_hint=verdict.filming_hint if verdict else None,
    )
