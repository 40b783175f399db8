"""A patient's progress as a PDF of one to a few pages: who, when, adherence, attempts, charts."""

import io
from datetime import UTC, datetime
from pathlib import Path

from exercise_tracker.reports.clinical_records import add_clinical_records
from exercise_tracker.services.alerts import format_range

FONT = "DejaVu"  # Unicode, so any patient's name prints; matplotlib ships it
ATTEMPTS_LISTED = 25  # the latest of each exercise; `from`/`to` narrow a longer history


def _fonts_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _day(moment: datetime | None) -> str:
    return f"{moment:%d %b %Y}" if moment else "-"


def _shown(value, pattern="{}") -> str:
    return "-" if value is None else pattern.format(value)


class _Report:
    def __init__(self):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.add_font(FONT, "", _fonts_dir() / "DejaVuSans.ttf")
        self.pdf.add_font(FONT, "B", _fonts_dir() / "DejaVuSans-Bold.ttf")
        self.pdf.add_page()

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.set_font(FONT, "B", size)
        self.pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def line(self, text: str) -> None:
        self.pdf.set_font(FONT, "", 10)
        self.pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")

    def table(self, rows: list[list[str]], widths: tuple[int, ...]) -> None:
        self.pdf.set_font(FONT, "", 8.5)
        with self.pdf.table(col_widths=widths, line_height=5, text_align="LEFT") as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.pdf.ln(3)


def _attempt_rows(exercise: dict) -> list[list[str]]:
    unit = exercise["range_of_motion"]["unit"]
    rows = [
        ["date", "status", "reps", "range", "confidence", "match", "pain", "difficulty", "warnings"]
    ]
    for a in exercise["attempts"][-ATTEMPTS_LISTED:]:
        rows.append(
            [
                _day(a["uploaded_at"]),
                a["status"],
                _shown(a["rep_count"]),
                "-" if a["range_of_motion"] is None else format_range(a["range_of_motion"], unit),
                _shown(a["confidence"], "{:.0%}"),
                {True: "yes", False: "no", None: "-"}[a["is_match"]],
                _shown(a["pain_level"]),
                _shown(a["difficulty"]),
                ", ".join(a["warnings"]) or "-",
            ]
        )
    return rows


def _prescription(exercise: dict) -> str:
    parts = [f"status {exercise['status']}" + (" (overdue)" if exercise["is_overdue"] else "")]
    if exercise["repetitions"]["target"]:
        parts.append(f"target {exercise['repetitions']['target']} repetitions")
    if exercise["frequency_per_week"]:
        parts.append(f"{exercise['frequency_per_week']} times a week")
    if exercise["due_date"]:
        parts.append(f"due {_day(exercise['due_date'])}")
    return "; ".join(parts)


def render_patient_report(progress: dict, chart_png: bytes, prepared_for: str) -> bytes:
    """The PDF's bytes; `progress` is what `services.progress.patient_progress` answers."""
    report = _Report()
    patient, period, adherence = progress["patient"], progress["period"], progress["adherence"]
    report.pdf.set_title(f"Exercise progress: {patient.full_name}")
    report.heading("Exercise progress report", 16)
    report.line(f"Patient: {patient.full_name} ({patient.email})")
    start = f"{_day(period['from_'])} to" if period["from_"] else "all attempts up to"
    report.line(f"Period: {start} {_day(period['to'])}")
    report.line(f"Prepared for {prepared_for} on {datetime.now(UTC):%d %b %Y %H:%M} UTC")
    report.pdf.ln(3)

    report.heading("Adherence")
    counts = adherence["exercises"]
    report.line(
        f"{counts['assigned']} exercises: {counts['completed']} completed, "
        f"{counts['not_completed']} not completed, {counts['pending']} pending "
        f"({counts['overdue']} overdue)."
    )
    rate = adherence["rate"]
    report.line(f"Videos uploaded against the prescribed frequency: {_shown(rate, '{:.0%}')}.")
    # Weeks with nothing asked and nothing done say nothing: a long period stays short.
    weeks = [["week", "videos", "prescribed"]] + [
        [f"{_day(w['start'])} – {_day(w['end'])}", str(w["videos"]), f"{w['prescribed']:g}"]
        for w in adherence["weeks"]
        if w["videos"] or w["prescribed"]
    ]
    if len(weeks) > 1:
        report.table(weeks, (3, 1, 1))
    else:
        report.line("No videos were prescribed or uploaded in this period.")

    report.heading("Alerts")
    for alert in progress["alerts"] or []:
        report.line(f"• {alert.reason}")
    if not progress["alerts"]:
        report.line("None.")
    report.pdf.ln(3)

    for exercise in progress["exercises"]:
        report.heading(f"{exercise['name']} ({exercise['motion'] or 'no motion set'})", 12)
        report.line(_prescription(exercise))
        earlier = len(exercise["attempts"]) - ATTEMPTS_LISTED
        if earlier > 0:
            report.line(f"The latest {ATTEMPTS_LISTED} attempts; {earlier} earlier ones omitted.")
        if exercise["attempts"]:
            report.table(_attempt_rows(exercise), (9, 9, 5, 7, 8, 5, 5, 7, 14))
        else:
            report.line("No attempts in this period.")
            report.pdf.ln(2)

    add_clinical_records(report, progress)
    report.pdf.add_page()
    report.heading("Progress across attempts")
    room = report.pdf.eph - (report.pdf.get_y() - report.pdf.t_margin)
    report.pdf.image(io.BytesIO(chart_png), w=report.pdf.epw, h=room, keep_aspect_ratio=True)
    return bytes(report.pdf.output())
