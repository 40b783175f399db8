"""The pose model's keypoints drawn over a frame, as lines between joints."""

from exercise_tracker.analysis.keypoints import SKELETON_EDGES

# Below this score a keypoint is a guess; drawing it would mislead.
MIN_SCORE = 0.3
LEFT, RIGHT, MIDDLE = (255, 140, 0), (0, 170, 255), (240, 240, 240)


def _colour(first: str, second: str):
    if first.startswith("left") and second.startswith("left"):
        return LEFT
    if first.startswith("right") and second.startswith("right"):
        return RIGHT
    return MIDDLE


def draw_skeleton(draw, keypoints, names: list[str], size: tuple[int, int]) -> None:
    """Draws one person's skeleton; keypoints are [y, x, score] normalised to the frame."""
    width, height = size
    index = {name: i for i, name in enumerate(names)}
    points = {}
    for name, i in index.items():
        if i < len(keypoints) and keypoints[i] and None not in keypoints[i][:3]:
            y, x, score = keypoints[i][:3]
            if score >= MIN_SCORE:
                points[name] = (x * width, y * height)
    line = max(2, width // 160)
    for first, second in SKELETON_EDGES:
        if first in points and second in points:
            draw.line([points[first], points[second]], fill=_colour(first, second), width=line)
    radius = line + 1
    for x, y in points.values():
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 255, 255))
