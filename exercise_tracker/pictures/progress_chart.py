"""A patient's progress across attempts: repetitions, range of motion and pain, per exercise."""

import hashlib
import json
import textwrap
from collections import Counter

from exercise_tracker.pictures.cache import cached_png
from exercise_tracker.pictures.figures import (
    MEASURE_COLOUR,
    PAIN_COLOUR,
    TARGET_COLOUR,
    agg_figure,
    message_panel,
    png_bytes,
)

WIDTH = 1200
ROW_HEIGHT = 300
MAX_EXERCISES = 6  # the most recently active; the picture stays a readable size
MAX_ATTEMPTS = 30  # the latest of each exercise


def charted_exercises(exercises: list[dict]) -> list[dict]:
    """The exercises with attempts, most recently active first, at most MAX_EXERCISES."""
    active = [e for e in exercises if e["attempts"]]
    active.sort(key=lambda e: e["last_activity"], reverse=True)
    return active[:MAX_EXERCISES]


def chart_size(exercises: list[dict]) -> tuple[int, int]:
    return WIDTH, ROW_HEIGHT * max(1, len(charted_exercises(exercises)))


def _series(attempts, field):
    return [float("nan") if a[field] is None else a[field] for a in attempts]


def _target(axes, value, label):
    if value:
        axes.axhline(value, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, label=label)
        axes.legend(loc="lower right", fontsize=8)


def attempt_labels(attempts: list[dict]) -> list[str]:
    """A tick label per attempt: its day, and its time too when the day has several attempts,
    so two attempts of one morning are told apart."""
    days = Counter(f"{a['uploaded_at']:%d %b}" for a in attempts)
    return [
        f"{a['uploaded_at']:%d %b}"
        + (f"\n{a['uploaded_at']:%H:%M}" if days[f"{a['uploaded_at']:%d %b}"] > 1 else "")
        for a in attempts
    ]


def range_title(exercise: dict) -> str:
    """'knee flexion excursion (°)': the joint the range measures and its unit."""
    rom = exercise["range_of_motion"]
    unit = {"degrees": "°", None: "not measured"}.get(rom["unit"], rom["unit"])
    return f"{rom.get('joint') or 'range of motion'} excursion ({unit})"


def _row(axes_row, exercise: dict) -> None:
    attempts = exercise["attempts"][-MAX_ATTEMPTS:]
    numbers = list(range(1, len(attempts) + 1))
    labels = attempt_labels(attempts)
    reps_axes, range_axes, pain_axes = axes_row
    reps_axes.bar(numbers, _series(attempts, "rep_count"), color=MEASURE_COLOUR)
    _target(reps_axes, exercise["repetitions"]["target"], "target")
    reps_axes.set_title(textwrap.fill(f"{exercise['name']}: repetitions", 48), fontsize=10)
    unit = exercise["range_of_motion"]["unit"]
    range_axes.plot(numbers, _series(attempts, "range_of_motion"), marker="o", color=MEASURE_COLOUR)
    if unit == "degrees":
        _target(range_axes, exercise["range_of_motion"]["target"], "target excursion")
    range_axes.set_title(range_title(exercise), fontsize=10)
    pain_axes.plot(
        numbers, _series(attempts, "pain_level"), marker="o", color=PAIN_COLOUR, label="pain"
    )
    pain_axes.plot(
        numbers,
        _series(attempts, "difficulty"),
        marker="s",
        linestyle=":",
        color="#7f7f7f",
        label="difficulty",
    )
    pain_axes.set_ylim(-0.5, 10.5)
    pain_axes.set_title("reported pain and difficulty (0-10)", fontsize=10)
    pain_axes.legend(loc="upper left", fontsize=8)
    for axes in axes_row:
        axes.set_xticks(numbers, labels, fontsize=8, rotation=30 if len(numbers) > 6 else 0)
        axes.set_xlim(0.5, len(numbers) + 0.5)
        axes.grid(alpha=0.3)


def render_progress_chart(exercises: list[dict]) -> bytes:
    """One row of three panels per exercise, across its latest attempts, oldest first."""
    shown = charted_exercises(exercises)
    with agg_figure(*chart_size(exercises)) as figure:
        if not shown:
            message_panel(figure.add_subplot(), "No attempts yet.")
            return png_bytes(figure)
        grid = figure.subplots(len(shown), 3, squeeze=False)
        for axes_row, exercise in zip(grid, shown, strict=True):
            _row(axes_row, exercise)
        return png_bytes(figure)


def progress_chart_png(key: str, exercises: list[dict], patient_id=None) -> bytes:
    """The chart, kept under `key` (one per patient and viewer) until its data changes, and
    removed with the patient it shows."""
    data = json.dumps(charted_exercises(exercises), default=str, sort_keys=True)
    fingerprint = hashlib.sha256(data.encode()).hexdigest()
    return cached_png(
        key, fingerprint, lambda: render_progress_chart(exercises), patient_id=patient_id
    )
