"""Matplotlib figures drawn by the Agg backend, off screen, and always released.

pyplot is never imported: its global registry of open figures is what leaks memory in a
long-running server, and its backend selection is global state shared by every thread.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager

DPI = 100
PAIN_COLOUR = "#c0392b"
MEASURE_COLOUR = "#1f77b4"
TARGET_COLOUR = "#2ca02c"
SHORTFALL_COLOUR = "#d62728"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 repetition', '3 repetitions', 'no repetitions'."""
    word = one if count == 1 else (many or f"{one}s")
    return f"{'no' if count == 0 else count} {word}"


@contextmanager
def agg_figure(width_px: int, height_px: int) -> Iterator:
    """A figure of exactly this many pixels, on its own Agg canvas, cleared on the way out."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from exercise_tracker.pictures.fonts import matplotlib_families

    # The same value every time: names in any script fall back glyph by glyph.
    matplotlib.rcParams["font.family"] = matplotlib_families()

    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    try:
        yield figure
    finally:
        figure.clear()


def png_bytes(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def message_panel(axes, message: str) -> None:
    """An empty chart that says why it is empty, rather than a blank picture."""
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, wrap=True)
