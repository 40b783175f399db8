"""Squat."""

from .motion import FALLS, FRONT, SIDE, UPRIGHT, CountedSignal, FormCheck, Motion

MOTION = Motion(
    key="squat",
    display_name="Squat",
    description="Standing knee and hip bend with both feet planted, then stand up.",
    primary_signal="knee",
    secondary_signals=("hip", "trunk_lean", "hip_height"),
    views=(FRONT, SIDE),
    orientations=(UPRIGHT,),
    rep_direction=FALLS,
    min_excursion=35.0,
    min_rep_s=0.8,
    bilateral=True,
    typical_range=(175.0, 90.0),
    fallback=CountedSignal("hips_over_feet", FALLS, 0.35),
    form_checks=(FormCheck.TRUNK_LEAN,),
)
