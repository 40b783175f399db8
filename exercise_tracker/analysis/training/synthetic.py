"""Synthetic PoseTracks from a 3-D stick figure: joint angles in, keypoints as a camera sees them.

The recognition model is trained on these (seen from random cameras, at random speeds, ranges and
body proportions, with MoveNet-like noise) and the tests build clips of known content from them.

World axes: X to the person's left, Y up, Z the way the person faces. Angles are degrees. A
posture is a dict of joint angles; a motion is a function from the repetition phase (0 at rest,
1 at the far end of the movement) and the repetition's index to a posture.
"""

import numpy as np

from exercise_tracker.analysis.keypoints import KEYPOINT_INDEX as K
from exercise_tracker.analysis.pose_track import PoseTrack

TRUNK, SHOULDER_WIDTH, HIP_WIDTH = 1.0, 0.8, 0.5
UPPER_ARM, FOREARM, THIGH, SHIN = 0.6, 0.55, 0.95, 0.9
FRAME_W, FRAME_H, PIXELS_PER_UNIT = 640, 480, 80.0
SIDES = {"left": 1.0, "right": -1.0}


def _counterpart(name: str) -> str:
    side, _, part = name.partition("_")
    return {"left": f"right_{part}", "right": f"left_{part}"}.get(side, name)


# Each keypoint's index on the other side of the body (the nose is its own).
COUNTERPART = np.array([K[_counterpart(name)] for name in K])


def rotation(axis, degrees: float) -> np.ndarray:
    """Rodrigues rotation matrix about ``axis``."""
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    a = np.radians(degrees)
    cross = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * cross + (1 - np.cos(a)) * cross @ cross


def limb_direction(flexion: float, abduction: float, sign: float) -> np.ndarray:
    """From hanging down, swing forward by ``flexion`` then out to the side by ``abduction``."""
    f, a = np.radians(flexion), np.radians(abduction) * sign
    return np.array([np.cos(f) * np.sin(a), -np.cos(f) * np.cos(a), np.sin(f)])


DEFAULT_BODY = {
    "trunk": TRUNK,
    "shoulder_width": SHOULDER_WIDTH,
    "hip_width": HIP_WIDTH,
    "upper_arm": UPPER_ARM,
    "forearm": FOREARM,
    "thigh": THIGH,
    "shin": SHIN,
}


def skeleton(p: dict, size: dict = DEFAULT_BODY) -> np.ndarray:
    """World positions (17, 3) of a posture, pelvis at the origin before anchoring."""
    body = rotation([1, 0, 0], p.get("pitch", 0.0)) @ rotation([0, 0, 1], p.get("roll", 0.0))
    trunk = body @ rotation([1, 0, 0], p.get("trunk_lean", 0.0))
    up, lateral, forward = trunk @ [0, 1, 0], trunk @ [1, 0, 0], trunk @ [0, 0, 1]
    points = np.zeros((17, 3))
    shoulder_mid = up * size["trunk"]
    nose = shoulder_mid + up * 0.35 + forward * 0.1
    points[K["nose"]] = nose
    for side, sign in SIDES.items():
        s = side
        points[K[f"{s}_eye"]] = nose + up * 0.05 + lateral * 0.07 * sign
        points[K[f"{s}_ear"]] = nose + lateral * 0.15 * sign - forward * 0.1
        shoulder = shoulder_mid + lateral * size["shoulder_width"] / 2 * sign
        upper = trunk @ limb_direction(p.get(f"sh_flex_{s}", 5.0), p.get(f"sh_abd_{s}", 5.0), sign)
        elbow_flex = p.get(f"elbow_flex_{s}", 10.0)
        if p.get("elbow_plane", "sagittal") == "coronal":
            hinge = rotation(forward, sign * elbow_flex)
        else:
            hinge = rotation(lateral, -elbow_flex)
        points[K[f"{s}_shoulder"]] = shoulder
        points[K[f"{s}_elbow"]] = shoulder + upper * size["upper_arm"]
        points[K[f"{s}_wrist"]] = points[K[f"{s}_elbow"]] + hinge @ upper * size["forearm"]
        hip = body @ [size["hip_width"] / 2 * sign, 0, 0]
        thigh = body @ limb_direction(p.get(f"hip_flex_{s}", 0.0), p.get(f"hip_abd_{s}", 3.0), sign)
        shin = rotation(body @ [1, 0, 0], p.get(f"knee_flex_{s}", 0.0)) @ thigh
        points[K[f"{s}_hip"]] = hip
        points[K[f"{s}_knee"]] = hip + thigh * size["thigh"]
        points[K[f"{s}_ankle"]] = points[K[f"{s}_knee"]] + shin * size["shin"]
    return points


def anchored(points: np.ndarray, p: dict) -> np.ndarray:
    """Stand on the floor: the named anchor (lowest feet by default) goes to the origin."""
    anchor = p.get("anchor", "feet")
    if anchor == "pelvis":
        base = np.zeros(3)
    else:
        joints = [K[f"{s}_{'wrist' if anchor == 'wrists' else 'ankle'}"] for s in SIDES]
        if anchor in SIDES:
            joints = [K[f"{anchor}_ankle"]]
        low = min(points[j, 1] for j in joints)
        base = np.mean([points[j] for j in joints if points[j, 1] < low + 0.05], axis=0)
    return points - base + [0, p.get("lift", 0.0), 0]


def phase(t: float, reps: int, period: float, rest: float, hold: float = 0.0) -> tuple[float, int]:
    """0 at rest, rising smoothly to 1 mid-repetition and back; and the repetition's index.
    ``hold`` is the share of each repetition spent still at the far end."""
    k = int((t - rest) // period)
    if t < rest or k >= reps:
        return 0.0, max(0, min(k, reps - 1))
    u, moving = (t - rest) / period - k, (1.0 - hold) / 2
    if moving <= u <= moving + hold:
        return 1.0, k
    return 0.5 - 0.5 * np.cos(np.pi * min(u, 1.0 - u) / moving), k


def make_track(
    motion,
    reps: int = 4,
    period: float = 2.5,
    rest: float = 1.5,
    yaw: float = 0.0,
    fps: float = 10.0,
    noise_px: float = 1.5,
    dropout: float = 0.0,
    seed: int = 0,
    brightness: float = 120.0,
    tilt: float = 0.0,
    amplitude: float = 1.0,
    size: dict = DEFAULT_BODY,
    pixels_per_unit: float = PIXELS_PER_UNIT,
    mirror: bool = False,
    hold: float = 0.0,
    floor_row: float = 0.9,
    far_pull: float = 0.0,
    drift: float = 0.0,
) -> PoseTrack:
    """Render ``motion`` (phase, index -> posture) as MoveNet-like keypoints.

    ``yaw`` turns the person: 0 faces the camera, 90 shows the right side with the face to the
    image's right, -90 the left side; ``tilt`` raises the camera (degrees, looking down).
    ``amplitude`` scales how far each repetition goes, ``size`` the body's proportions and
    ``mirror`` flips the picture. Joints on the far side get lower scores and more noise, and
    ``dropout`` of the keypoints are lost (score near zero, position random).

    As a real camera and MoveNet do: ``hold`` is the share of each repetition held still at its
    far end; ``floor_row`` puts the floor at that share of the frame height (above 1 the legs
    leave the bottom of the picture, and joints out of the picture get low scores at its edge);
    ``far_pull`` (0..1) draws hidden joints towards their seen counterparts on the near side,
    and ``drift`` zooms and pans the camera by up to that share over the clip.
    """
    rng = np.random.default_rng(seed)
    times = np.arange(0.0, 2 * rest + reps * period, 1.0 / fps)
    view = rotation([1, 0, 0], -tilt) @ rotation([0, 1, 0], yaw)
    frames = []
    for t in times:
        f, k = phase(t, reps, period, rest, hold)
        posture = motion(f * amplitude, k)
        world = anchored(skeleton(posture, size), posture) @ view.T
        far = world[:, 2] < -0.2
        if far_pull:
            near = ~far[COUNTERPART]
            pulled = far & near
            world[pulled] += far_pull * (world[COUNTERPART][pulled] - world[pulled])
        x = FRAME_W / 2 + world[:, 0] * pixels_per_unit * (-1 if mirror else 1)
        y = FRAME_H * floor_row - world[:, 1] * pixels_per_unit
        if drift:
            progress = t / times[-1]
            zoom = 1.0 + drift * progress
            x = FRAME_W / 2 + (x - FRAME_W / 2) * zoom + drift * FRAME_W * np.sin(np.pi * progress)
            y = FRAME_H / 2 + (y - FRAME_H / 2) * zoom
        score = np.clip(rng.normal(0.8, 0.06, 17), 0.5, 0.99)
        score[far] = rng.uniform(0.35, 0.5, far.sum())
        jitter = rng.normal(0, noise_px, (17, 2)) * np.where(far, 2.0, 1.0)[:, None]
        x, y = x + jitter[:, 0], y + jitter[:, 1]
        outside = (x < 0) | (x > FRAME_W) | (y < 0) | (y > FRAME_H)
        if outside.any():
            score[outside] = rng.uniform(0.02, 0.25, outside.sum())
            x, y = np.clip(x, 0, FRAME_W), np.clip(y, 0, FRAME_H)
        lost = rng.random(17) < dropout
        score[lost] = rng.uniform(0.0, 0.1, lost.sum())
        x[lost], y[lost] = rng.uniform(0, FRAME_W, lost.sum()), rng.uniform(0, FRAME_H, lost.sum())
        frames.append(np.stack([y / FRAME_H, x / FRAME_W, score], axis=1))
    return track_from(times, np.array(frames, np.float32), brightness)


def track_from(times: np.ndarray, keypoints: np.ndarray, brightness: float = 120.0) -> PoseTrack:
    return PoseTrack(
        timestamps=times,
        keypoints=keypoints,
        brightness=np.full(len(times), brightness, np.float32),
        frame_width=FRAME_W,
        frame_height=FRAME_H,
        source_fps=30.0,
        duration_s=float(times[-1]) if len(times) else 0.0,
        frames_sampled=len(times),
        frames_skipped=0,
        truncated=False,
    )


def both(**angles) -> dict:
    """The same angles on both sides: ``knee_flex=90`` -> knee_flex_left and knee_flex_right."""
    return {f"{name}_{s}": value for name, value in angles.items() for s in SIDES}


def concatenate(*tracks: PoseTrack) -> PoseTrack:
    """One recording made of several, one after the other (walking in, exercising, leaving)."""
    times, keypoints, start = [], [], 0.0
    for track in tracks:
        times.append(track.timestamps - track.timestamps[0] + start)
        keypoints.append(track.keypoints)
        start = times[-1][-1] + (track.timestamps[1] - track.timestamps[0])
    return track_from(np.concatenate(times), np.concatenate(keypoints))
