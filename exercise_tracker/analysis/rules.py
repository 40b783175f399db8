"""What defines each catalog motion, as criteria on the clip's evidence.

Each criterion is a soft ramp in 0..1 read from biomechanics and camera geometry (which joints move,
how far, in which orientation and view), never from the look of a particular clip. A motion's score
is the product of its criteria, so any one clearly missing feature rules it out.
"""

import math
from collections.abc import Callable

Criteria = dict[str, float]
UNSEEN = 0.8  # a criterion on a body part that is not visible neither confirms nor rules out


def ramp(value: float, low: float, high: float) -> float:
    """0 at ``low``, 1 at ``high`` (either order), linear between; 0 when ``value`` is unknown."""
    if value is None or not math.isfinite(value):
        return 0.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


def below(value: float, low: float, high: float, unseen: float = UNSEEN) -> float:
    """1 while ``value`` stays under ``low``, 0 above ``high``; ``unseen`` when unknown."""
    if value is None or not math.isfinite(value):
        return unseen
    return 1.0 - ramp(value, low, high)


def _context(f: dict[str, float]) -> dict[str, float]:
    """Criteria shared by many motions."""
    front = ramp(f["shoulder_width_ratio"], 0.25, 0.45)
    return {
        "upright": ramp(f["upright_share"], 0.5, 0.8),
        "lying": ramp(f["horizontal_share"], 0.5, 0.8),
        "hands_free": below(f["hands_on_floor_share"], 0.2, 0.4, unseen=1.0),
        "front_view": front,
        "side_view": 1.0 - front,
        # Upper-body exercises tolerate some sway; a seated leg seen end-on also gives noisy angles.
        "legs_still": below(max(f["knee_excursion"], f["hip_excursion"]), 40, 90, unseen=1.0),
        "feet_planted": below(f["ankle_spread_excursion"], 0.4, 0.7)
        * below(f["ankle_stagger_excursion"], 0.25, 0.45),
        # From the side a split stance shows as feet far apart; from the front it cannot.
        "feet_side_by_side": max(front, below(f["ankle_spread_high"], 0.6, 0.9)),
        "arms_still": below(f["elbow_excursion"], 40, 70) * below(f["shoulder_excursion"], 30, 50),
        "arms_in_plane": ramp(f["wrist_out_high"], 0.4, 0.7),
        "hands_part": ramp(f["wrist_spread_excursion"], 0.5, 0.9),
        "hips_stay_level": below(f["hip_height_excursion"], 0.2, 0.35),
        "trunk_still": below(f["trunk_lean_excursion"], 20, 35, unseen=1.0),
        "arm_elevation": max(
            ramp(f["shoulder_excursion_any"], 40, 60), ramp(f["wrist_height_excursion"], 0.6, 0.9)
        ),
    }


def _knees_and_hips_bend(f: dict[str, float], c: dict[str, float]) -> float:
    """Both knees and the hips bend together, knee-led rather than a hip hinge. Seen from the
    front the bent thighs point at the camera and their angles are lost, but the hips visibly
    drop with both feet level."""
    knee_to_hip = f["knee_excursion"] / f["hip_excursion"] if f["hip_excursion"] > 0 else math.nan
    seen_bending = (
        ramp(f["knee_excursion_both"], 30, 55)
        * ramp(f["hip_excursion"], 30, 50)
        * ramp(knee_to_hip, 0.5, 0.75)
        * ramp(f["knee_sync"], 0.2, 0.5)
    )
    seen_dropping = (
        c["front_view"]
        * ramp(f["hips_over_feet_excursion"], 0.4, 0.6)
        * below(f["ankle_stagger_high"], 0.15, 0.25)
    )
    return max(seen_bending, seen_dropping)


def _seated_between(f: dict[str, float]) -> float:
    """A chair shows as a long pause at the bottom, or as a trunk that straightens there (sitting
    upright) where a squat leans forward the most."""
    return max(ramp(f["hips_low_share"], 0.3, 0.45), ramp(f["trunk_straightens_at_bottom"], 10, 20))


def squat(f, c) -> Criteria:
    return {
        "upright": c["upright"],
        "hands_free": c["hands_free"],
        "knees_and_hips_bend_together": _knees_and_hips_bend(f, c),
        "feet_planted": c["feet_planted"],
        "feet_side_by_side": c["feet_side_by_side"],
        "no_seat_at_bottom": 1.0 - _seated_between(f),
    }


def sit_to_stand(f, c) -> Criteria:
    return {
        "hands_free": c["hands_free"],
        "knees_and_hips_bend_together": _knees_and_hips_bend(f, c),
        "feet_planted": c["feet_planted"],
        "feet_side_by_side": c["feet_side_by_side"],
        "seat_at_bottom": _seated_between(f),
    }


def lunge(f, c) -> Criteria:
    # One foot ahead of the other: far apart seen from the side; seen from the front only the
    # back foot standing higher in the image shows it, and the feet must not spread sideways.
    split_seen_from_side = c["side_view"] * ramp(f["ankle_spread_high"], 0.8, 1.1)
    split_seen_from_front = (
        c["front_view"]
        * ramp(f["ankle_stagger_high"], 0.2, 0.35)
        * below(f["ankle_spread_high"], 0.6, 0.9)
    )
    bend_seen = ramp(f["knee_excursion"], 35, 60) * ramp(f["hip_excursion"], 25, 45)
    drop_seen = c["front_view"] * ramp(f["hips_over_feet_excursion"], 0.4, 0.6)
    return {
        "upright": c["upright"],
        "hands_free": c["hands_free"],
        "knees_and_hips_bend": max(bend_seen, drop_seen),
        "split_stance_forward": max(split_seen_from_side, split_seen_from_front),
    }


def push_up(f, c) -> Criteria:
    return {
        "hands_on_floor": ramp(f["hands_on_floor_share"], 0.4, 0.7),
        # From the front the elbows may bend out of sight; the shoulders still sink.
        "elbows_bend": max(
            ramp(f["elbow_excursion"], 35, 60), ramp(f["shoulder_height_excursion"], 0.3, 0.5)
        ),
    }


def biceps_curl(f, c) -> Criteria:
    return {
        "upright_or_seated": c["upright"],
        "trunk_still": c["trunk_still"],
        "hands_free": c["hands_free"],
        "legs_still": c["legs_still"],
        # Seen from the front the bent forearm points at the camera and its angle is lost,
        # but the hand still rises to the shoulder while the elbow stays down.
        "elbow_bends": max(
            ramp(f["elbow_excursion_any"], 50, 80) * below(f["elbow_low"], 60, 90),
            ramp(f["wrist_height_excursion"], 0.35, 0.55),
        ),
        # The elbow staying at one height is the view-independent sign of a still upper arm.
        "upper_arm_by_side": below(f["elbow_height_excursion"], 0.2, 0.35),
        "hands_start_low": below(f["wrist_height_low"], -0.45, -0.25, unseen=0.0),
    }


def shoulder_press(f, c) -> Criteria:
    return {
        "upright_or_seated": c["upright"],
        "trunk_still": c["trunk_still"],
        "hands_free": c["hands_free"],
        "legs_still": c["legs_still"],
        # From the side the elbow works edge-on; the hands still rise overhead.
        "elbows_extend": max(
            ramp(f["elbow_excursion"], 40, 70), ramp(f["wrist_height_excursion"], 0.4, 0.6)
        ),
        "hands_overhead": ramp(f["wrist_height_high"], 0.4, 0.6),
        "hands_stay_high": ramp(f["wrist_height_low"], -0.45, -0.25),
    }


def _raise(f, c) -> Criteria:
    return {
        "upright_or_seated": c["upright"],
        "trunk_still": c["trunk_still"],
        "hands_free": c["hands_free"],
        "legs_still": c["legs_still"],
        "arm_rises": c["arm_elevation"],
        "elbow_straight": below(f["elbow_excursion"], 55, 80),
        "hands_start_low": below(f["wrist_height_low"], -0.5, -0.3, unseen=0.0),
        "stops_below_head": below(f["wrist_height_high"], 0.35, 0.55),
    }


def lateral_raise(f, c) -> Criteria:
    # The hands move apart when the arms open sideways, from any view but the side; from the
    # side the arms rise edge-on, without reaching away from the body.
    return {
        **_raise(f, c),
        "sideways_for_view": max(c["hands_part"], c["side_view"] * (1 - c["arms_in_plane"])),
    }


def front_raise(f, c) -> Criteria:
    # The hands stay their distance apart; the arm reaches forward (seen unless from the front).
    forward = max(c["arms_in_plane"], c["front_view"] * (1 - c["arms_in_plane"]))
    return {**_raise(f, c), "forward_for_view": (1 - c["hands_part"]) * forward}


def jumping_jack(f, c) -> Criteria:
    legs_seen = f["legs_seen_share"] >= 0.5
    return {
        "upright": c["upright"],
        "front_view": c["front_view"],
        "arms_sweep": ramp(f["shoulder_excursion_both"], 70, 100),
        "hands_overhead": ramp(f["wrist_height_high"], 0.35, 0.6),
        "hands_drop_to_sides": below(f["wrist_height_low"], -0.5, -0.3, unseen=0.0),
        "feet_jump_apart": ramp(f["ankle_spread_excursion"], 0.3, 0.6) if legs_seen else UNSEEN,
    }


def knee_extension(f, c) -> Criteria:
    return {
        "seated": ramp(f["seated_share"], 0.4, 0.7),
        "knee_extends": ramp(f["knee_excursion_any"], 30, 50),
        "thigh_still": below(f["hip_excursion"], 25, 40),
    }


def straight_leg_raise(f, c) -> Criteria:
    return {
        "lying": c["lying"],
        "hip_flexes": max(
            ramp(f["hip_excursion_any"], 20, 35), ramp(f["leg_spread_excursion"], 20, 35)
        ),
        "foot_lifts": ramp(f["ankle_lift_excursion_any"], 0.5, 0.9),
        "knee_straight": ramp(f["knee_median"], 140, 160),
    }


def heel_slide(f, c) -> Criteria:
    return {
        "lying": c["lying"],
        "knee_bends": ramp(f["knee_excursion_any"], 35, 60),
        "foot_on_floor": below(f["ankle_lift_excursion_any"], 0.6, 1.0),
    }


def hamstring_curl(f, c) -> Criteria:
    return {
        "upright": c["upright"],
        "hands_free": c["hands_free"],
        "knee_bends": ramp(f["knee_excursion_any"], 40, 70),
        "knee_bends_past_walking": below(f["knee_low"], 100, 125, unseen=0.0),
        "thigh_stays_down": below(f["hip_excursion"], 20, 35),
        "standing_on_other_leg": below(f["seated_share"], 0.3, 0.5),
        "hips_stay_level": c["hips_stay_level"],
        "arms_still": c["arms_still"],
    }


def hip_abduction(f, c) -> Criteria:
    # Lying on the side it looks like a straight leg raise in two dimensions (the foot lifts
    # off the other one), so it is never more than a guess; standing and facing is clearer.
    lying = 0.6 * c["lying"] * ramp(f["ankle_lift_excursion_any"], 0.5, 0.9)
    return {
        "standing_facing_or_lying": max(c["upright"] * c["front_view"], lying),
        "legs_part": ramp(f["leg_spread_excursion"], 15, 30),
        "legs_start_together": below(f["leg_spread_low"], 15, 25, unseen=0.0),
        "hips_stay_level": c["hips_stay_level"],
        "knee_straight": below(f["knee_excursion_any"], 25, 40),
        "arms_still": below(f["shoulder_excursion"], 50, 80),
    }


def calf_raise(f, c) -> Criteria:
    return {
        "upright": c["upright"],
        "hands_free": c["hands_free"],
        "body_rises": ramp(f["body_height_excursion"], 0.05, 0.09),
        "only_onto_the_toes": below(f["hip_height_excursion"], 0.3, 0.45),
        # The heels lift the ankles with the body; in a squat or a sway the feet stay put.
        "ankles_rise_with_hips": ramp(f["hips_and_ankles_rise_together"], 0.4, 0.7),
        "knees_straight": below(f["knee_excursion"], 15, 30),
        "hips_still": below(f["hip_excursion"], 15, 30),
        "arms_still": c["arms_still"],
        "feet_planted": c["feet_planted"],
    }


def sit_up(f, c) -> Criteria:
    return {
        "hands_free": c["hands_free"],
        "trunk_rises": ramp(f["trunk_lean_excursion"], 35, 55),
        "starts_lying": ramp(f["trunk_lean_high"], 60, 75),
        "knees_bent": below(f["knee_median"], 120, 145),
    }


RULES: dict[str, Callable[[dict, dict], Criteria]] = {
    rule.__name__: rule
    for rule in (
        squat,
        sit_to_stand,
        lunge,
        push_up,
        biceps_curl,
        shoulder_press,
        lateral_raise,
        front_raise,
        jumping_jack,
        knee_extension,
        straight_leg_raise,
        heel_slide,
        hamstring_curl,
        hip_abduction,
        calf_raise,
        sit_up,
    )
}


def motion_criteria(key: str, features: dict[str, float]) -> Criteria:
    """One catalog motion's criteria, judged on the given evidence."""
    return RULES[key](features, _context(features))
