"""A contact sheet of a video: key moments of its repetitions, each with the skeleton the pose
model saw and the primary joint angle at that moment."""

import bisect
import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.pictures.frames import read_frames, video_duration_s
from exercise_tracker.pictures.skeleton import draw_skeleton

TILE_WIDTH = 320
COLUMNS = 3
MAX_TILES = 6
REPS_SHOWN = 3  # each shown by its start and its peak (the bottom of a squat, the top of a raise)
LABEL_BAND = 44


def key_moments(result: AnalysisResult, duration_s: float) -> list[tuple[float, str]]:
    """(time, label) pairs: the start and peak of the first, middle and last repetitions, or
    moments evenly spread over the video when no repetition was counted."""
    reps = [r for r in result.repetitions if r.start_s is not None]
    if reps:
        last = len(reps) - 1
        picks = sorted({round(i * last / (REPS_SHOWN - 1)) for i in range(REPS_SHOWN)})
        moments = []
        for i in picks:
            moments.append((reps[i].start_s, f"rep {i + 1} start"))
            if reps[i].peak_s is not None:
                moments.append((reps[i].peak_s, f"rep {i + 1} peak"))
        return moments[:MAX_TILES]
    timestamps = (result.pose or {}).get("timestamps") or []
    start, end = (timestamps[0], timestamps[-1]) if timestamps else (0.0, duration_s)
    step = (end - start) / MAX_TILES
    return [(start + step * (i + 0.5), "no repetition counted") for i in range(MAX_TILES)]


def _nearest(times: list[float], moment: float) -> int | None:
    if not times:
        return None
    i = bisect.bisect_left(times, moment)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(times)]
    return min(candidates, key=lambda j: abs(times[j] - moment))


def _angle_text(result: AnalysisResult, moment: float) -> str:
    angle = result.primary_angle
    times, values = (angle.times, angle.values) if angle else ([], [])
    measured = [(t, v) for t, v in zip(times, values, strict=False) if v is not None]
    j = _nearest([t for t, _ in measured], moment)
    if j is None:
        return "angle not measured"
    value = measured[j][1]
    shown = f"{value:.0f}°" if (angle.unit or "degrees") == "degrees" else f"{value:.2f}"
    return f"{angle.side or ''} {angle.name or 'angle'} {shown}".strip()


def _tile(
    frame, result: AnalysisResult, moment: float, label: str, size: tuple[int, int]
) -> Image.Image:
    tile = Image.fromarray(frame) if frame is not None else Image.new("RGB", size, (60, 60, 60))
    draw = ImageDraw.Draw(tile)
    pose = result.pose or {}
    j = _nearest(pose.get("timestamps") or [], moment)
    if frame is not None and j is not None and j < len(pose.get("keypoints") or []):
        draw_skeleton(draw, pose["keypoints"][j], pose.get("keypoint_names") or [], tile.size)
    draw.rectangle([0, 0, tile.width, LABEL_BAND], fill=(0, 0, 0))
    font = ImageFont.load_default(size=16)
    draw.text((6, 3), f"{label} · {moment:.1f} s", fill=(255, 255, 255), font=font)
    draw.text((6, 23), _angle_text(result, moment), fill=(255, 220, 90), font=font)
    return tile


def render_contact_sheet(video_path: Path, result: AnalysisResult) -> bytes:
    """A PNG of up to six tiles, three a row, each TILE_WIDTH pixels wide."""
    duration = (result.frames and result.frames.duration_s) or video_duration_s(video_path)
    moments = key_moments(result, duration)
    frames = read_frames(video_path, [t for t, _ in moments], TILE_WIDTH)
    decoded = next((f for f in frames if f is not None), None)
    tile_height = decoded.shape[0] if decoded is not None else TILE_WIDTH * 9 // 16
    columns = min(COLUMNS, len(moments))
    sheet = Image.new(
        "RGB", (columns * TILE_WIDTH, math.ceil(len(moments) / columns) * tile_height), "black"
    )
    for i, ((moment, label), frame) in enumerate(zip(moments, frames, strict=True)):
        tile = _tile(frame, result, moment, label, (TILE_WIDTH, tile_height))
        sheet.paste(tile, ((i % columns) * TILE_WIDTH, (i // columns) * tile_height))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
