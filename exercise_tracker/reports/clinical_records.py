"""The PDF report's clinical-records pages: questionnaire scores with their chart, and the
remote-monitoring summary. Kept apart from the progress pages they follow."""

import io

from exercise_tracker.pictures.score_chart import score_chart_png


def _day(moment) -> str:
    return f"{moment:%d %b %Y}"


def add_questionnaires(report, series: list) -> None:
    report.heading("Outcome questionnaires")
    if not series:
        report.line("No questionnaire answered.")
        report.pdf.ln(2)
        return
    rows = [["questionnaire", "date", "score", "change from first", "trend"]]
    for one in series:
        first = one.points[0][1]
        for at, score in one.points:
            rows.append([one.instrument.title, _day(at), f"{score:g}", f"{score - first:+g}", ""])
        rows[-1][4] = one.trend or "-"
    report.table(rows, (8, 3, 2, 3, 2))
    for one in series:
        if one.worsened_beyond_mcid:
            mcid = one.instrument.mcid.value
            report.line(
                f"• {one.instrument.title}: the latest change is worse than the MCID ({mcid:g})."
            )
    room = report.pdf.eph - (report.pdf.get_y() - report.pdf.t_margin)
    if room < 60:
        report.pdf.add_page()
        room = report.pdf.eph
    chart = io.BytesIO(score_chart_png(series))
    report.pdf.image(chart, w=report.pdf.epw, h=min(room, 70 * len(series)), keep_aspect_ratio=True)
    report.pdf.ln(3)


def add_monitoring(report, summary: dict) -> None:
    report.heading("Remote monitoring")
    if summary["start"] is None:
        report.line("Monitoring has not started.")
        return
    rules = summary["thresholds"]
    report.line(
        f"Since {_day(summary['start'])}; periods of {rules.period_days} days, full at "
        f"{rules.days_full} days with data, partial from {rules.days_partial}; months full at "
        f"{rules.minutes_full} minutes, partial from {rules.minutes_partial}, with at least "
        f"{rules.contacts_required} contact(s)."
    )
    rows = [["period", "days with data", "level"]] + [
        [
            f"{_day(p['start'])} – {_day(p['end'])}" + ("" if p["complete"] else " (running)"),
            str(p["days_with_data"]),
            p["level"],
        ]
        for p in summary["periods"]
    ]
    report.table(rows, (5, 2, 2))
    rows = [["month", "management min", "contact min", "contacts", "level"]] + [
        [
            m["month"],
            str(m["management_minutes"]),
            str(m["contact_minutes"]),
            str(m["contacts"]),
            m["level"],
        ]
        for m in summary["months"]
    ]
    report.table(rows, (2, 2, 2, 2, 2))


def add_clinical_records(report, progress: dict) -> None:
    """The sections, when `progress` carries them (see `services.progress.patient_progress`)."""
    if "questionnaires" in progress:
        add_questionnaires(report, progress["questionnaires"])
    if "monitoring" in progress:
        add_monitoring(report, progress["monitoring"])
