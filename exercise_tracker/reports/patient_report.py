"""A patient's progress as a PDF of one to a few pages: who, when, adherence, attempts, charts."""

import io
from datetime import UTC, datetime

from exercise_tracker.pictures.figures import plural
from exercise_tracker.pictures.fonts import text_fonts
from exercise_tracker.reports.clinical_records import add_clinical_records
from exercise_tracker.services.alerts import format_range

ATTEMPTS_LISTED = 25  # the latest of each exercise; `from`/`to` narrow a longer history
MIN_CHART_MM = 60  # a chart squeezed smaller than this goes on a page of its own


def _day(moment: datetime | None) -> str:
    return f"{moment:%d %b %Y}" if moment else "-"


def _shown(value, pattern="{}") -> str:
    return "-" if value is None else pattern.format(value)


class _Report:
    def __init__(self):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        # The main font, then fallbacks glyph by glyph: CJK and emoji names print, not vanish.
        fonts = text_fonts()
        for font in fonts:
            self.pdf.add_font(font.family, "", font.path)
            self.pdf.add_font(font.family, "B", font.bold_path or font.path)
        self.font = fonts[0].family
        self.pdf.set_fallback_fonts([f.family for f in fonts[1:]], exact_match=False)
        self.pdf.add_page()

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.set_font(self.font, "B", size)
        self.pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def line(self, text: str) -> None:
        self.pdf.set_font(self.font, "", 10)
        self.pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")

    def table(self, rows: list[list[str]], widths: tuple[int, ...]) -> None:
        self.pdf.set_font(self.font, "", 8.5)
        with self.pdf.table(col_widths=widths, line_height=5, text_align="LEFT") as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.pdf.ln(3)


def _range_header(exercise: dict) -> str:
    joint = exercise["range_of_motion"].get("joint")
    return f"{joint} excursion, side" if joint else "range"


def _attempt_rows(exercise: dict) -> list[list[str]]:
    unit = exercise["range_of_motion"]["unit"]
    rows = [
        [
            "date",
            "status",
            "reps",
            _range_header(exercise),
            "confidence",
            "match",
            "pain",
            "difficulty",
            "warnings",
        ]
    ]
    attempts = exercise["attempts"][-ATTEMPTS_LISTED:]
    days = [_day(a["uploaded_at"]) for a in attempts]
    for a, day in zip(attempts, days, strict=True):
        measured = a["range_of_motion"]
        rows.append(
            [
                # Two attempts on one day are told apart by their time.
                f"{day} {a['uploaded_at']:%H:%M}" if days.count(day) > 1 else day,
                a["status"],
                _shown(a["rep_count"]),
                "-"
                if measured is None
                else f"{format_range(measured, unit)} {a.get('range_side') or ''}".strip(),
                _shown(a["confidence"], "{:.0%}"),
                {True: "yes", False: "no", None: "-"}[a["is_match"]],
                _shown(a["pain_level"]),
                _shown(a["difficulty"]),
                ", ".join(a["warnings"]) or "-",
            ]
        )
    return rows


def _times_a_week(count: int) -> str:
    return {1: "once a week", 2: "twice a week"}.get(count, f"{count} times a week")


def _prescription(exercise: dict) -> str:
    """'3 sets of 10 repetitions, 5 times a week; target knee flexion excursion 90°'."""
    parts = [f"status {exercise['status']}" + (" (overdue)" if exercise["is_overdue"] else "")]
    reps, sets = exercise.get("target_reps"), exercise.get("sets")
    dose = plural(reps, "repetition") if reps else ""
    if sets:
        dose = f"{plural(sets, 'set')} of {dose}" if dose else plural(sets, "set")
    if exercise["frequency_per_week"]:
        dose = f"{dose}, " if dose else ""
        dose += _times_a_week(exercise["frequency_per_week"])
    if dose:
        parts.append(dose)
    rom = exercise["range_of_motion"]
    if rom.get("target"):
        joint = rom.get("joint") or "range of motion"
        parts.append(f"target {joint} excursion {rom['target']}° from rest")
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
        f"{plural(counts['assigned'], 'exercise')}: {counts['completed']} completed, "
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
    _chart(report.pdf, chart_png)
    return bytes(report.pdf.output())


def _chart(pdf, chart_png: bytes) -> None:
    """The chart where the text ends when it fits there (shrunk a little if need be), else at
    the top of a new page: never a page left half empty above it."""
    from PIL import Image

    width_px, height_px = Image.open(io.BytesIO(chart_png)).size
    height = pdf.epw * height_px / width_px
    heading = 10
    room = pdf.h - pdf.b_margin - pdf.get_y() - heading
    if room < min(height, MIN_CHART_MM):
        pdf.add_page()
        room = pdf.eph - heading
    height = min(height, room)
    width = height * width_px / height_px
    pdf.set_font(pdf.font_family, "B", 13)
    pdf.cell(0, 8, "Progress across attempts", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.image(io.BytesIO(chart_png), x=pdf.l_margin, w=width, h=height)
