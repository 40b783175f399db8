"""A contact sheet of a video: key moments of its repetitions, each with the skeleton the pose
model saw (left and right in their own colours, with a key) and the primary joint angle at that
moment in clinical convention, named with its joint and side."""

import bisect
import io
import math
from pathlib import Path

from PIL import Image, ImageDraw

from exercise_tracker.analysis import clinical
from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.analysis.settings import AnalysisSettings
from exercise_tracker.pictures.fonts import pillow_font
from exercise_tracker.pictures.frames import read_frames
from exercise_tracker.pictures.skeleton import LEFT, MIDDLE, RIGHT, draw_skeleton

TILE_WIDTH = 320
COLUMNS = 3
MAX_TILES = 6
REPS_SHOWN = 3  # each shown at its start and at its far end (the bottom of a squat)
LABEL_BAND = 44
KEY_BAND = 26


def turning_point_name(result: AnalysisResult) -> str:
    """What a repetition's far end is called for this motion: 'deepest bend', 'highest'."""
    family = result.primary_angle.name if result.primary_angle else None
    return clinical.turning_point(family, clinical.counted_rises(result) is not False)


def key_moments(result: AnalysisResult) -> list[tuple[float, str]]:
    """(time, label) pairs: the start and far end of the first, middle and last repetitions, or
    moments evenly spread over the video when no repetition was counted."""
    reps = [r for r in result.repetitions if r.start_s is not None]
    if reps:
        far_end = turning_point_name(result)
        last = len(reps) - 1
        picks = sorted({round(i * last / (REPS_SHOWN - 1)) for i in range(REPS_SHOWN)})
        moments = []
        for i in picks:
            moments.append((reps[i].start_s, f"rep {i + 1} start"))
            if reps[i].peak_s is not None:
                moments.append((reps[i].peak_s, f"rep {i + 1} {far_end}"))
        return moments[:MAX_TILES]
    timestamps = result.pose_frames.timestamps
    duration_s = result.frames.duration_s if result.frames else 0.0
    start, end = (timestamps[0], timestamps[-1]) if timestamps else (0.0, duration_s)
    step = (end - start) / MAX_TILES
    return [(start + step * (i + 0.5), "no repetition counted") for i in range(MAX_TILES)]


def _nearest(times: list[float], moment: float) -> int | None:
    if not times or moment is None:
        return None
    i = bisect.bisect_left(times, moment)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(times)]
    return min(candidates, key=lambda j: abs(times[j] - moment))


def angle_text(result: AnalysisResult, moment: float) -> str:
    """'left knee flexion 95°' at the moment, or why there is no angle."""
    found = clinical.series(result)
    if found is None:
        return "angle not measured"
    family, side, times, values = found
    value = clinical.value_near(times, values, moment)
    if value is None:
        return "angle not measured"
    return f"{clinical.label(family, side)} {clinical.format_value(family, value)}"


def _tile(
    frame, result: AnalysisResult, moment: float, label: str, size: tuple[int, int]
) -> Image.Image:
    tile = Image.fromarray(frame) if frame is not None else Image.new("RGB", size, (60, 60, 60))
    draw = ImageDraw.Draw(tile)
    pose = result.pose_frames
    j = _nearest(pose.timestamps, moment)
    if frame is not None and j is not None and j < len(pose.keypoints):
        draw_skeleton(draw, pose.keypoints[j], pose.keypoint_names, tile.size)
    draw.rectangle([0, 0, tile.width, LABEL_BAND], fill=(0, 0, 0))
    font = pillow_font(15)
    draw.text((6, 3), f"{label} · {moment:.1f} s", fill=(255, 255, 255), font=font)
    draw.text((6, 23), angle_text(result, moment), fill=(255, 220, 90), font=font)
    return tile


def _key(width: int) -> Image.Image:
    """The colour key of the skeleton: the person's own left and right."""
    band = Image.new("RGB", (width, KEY_BAND), (0, 0, 0))
    draw = ImageDraw.Draw(band)
    font = pillow_font(14)
    x = 8
    for colour, text in ((LEFT, "patient's left"), (RIGHT, "patient's right"), (MIDDLE, "across")):
        draw.line([(x, KEY_BAND // 2), (x + 26, KEY_BAND // 2)], fill=colour, width=4)
        draw.text((x + 32, 4), text, fill=(255, 255, 255), font=font)
        x += 40 + round(draw.textlength(text, font=font)) + 16
    return band


def render_contact_sheet(
    video_path: Path, result: AnalysisResult, settings: AnalysisSettings
) -> bytes:
    """A PNG of up to six tiles, three a row, each TILE_WIDTH pixels wide, and a colour key."""
    moments = key_moments(result)
    frames = read_frames(video_path, [t for t, _ in moments], TILE_WIDTH, settings)
    decoded = next((f for f in frames if f is not None), None)
    tile_height = decoded.shape[0] if decoded is not None else TILE_WIDTH * 9 // 16
    columns = min(COLUMNS, len(moments))
    rows = math.ceil(len(moments) / columns)
    sheet = Image.new("RGB", (columns * TILE_WIDTH, rows * tile_height + KEY_BAND), "black")
    for i, ((moment, label), frame) in enumerate(zip(moments, frames, strict=True)):
        tile = _tile(frame, result, moment, label, (TILE_WIDTH, tile_height))
        sheet.paste(tile, ((i % columns) * TILE_WIDTH, (i // columns) * tile_height))
    sheet.paste(_key(sheet.width), (0, rows * tile_height))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
