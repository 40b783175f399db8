"""Lunge."""

from .motion import FALLS, FRONT, SIDE, UPRIGHT, CountedSignal, FormCheck, Motion

MOTION = Motion(
    key="lunge",
    display_name="Lunge",
    description="Step into a split stance and bend both knees, then return.",
    primary_signal="knee",
    secondary_signals=("hip", "ankle_spread", "hip_height"),
    views=(SIDE, FRONT),
    orientations=(UPRIGHT,),
    rep_direction=FALLS,
    min_excursion=30.0,
    min_rep_s=1.0,
    bilateral=True,
    typical_range=(175.0, 90.0),
    fallback=CountedSignal("hips_over_feet", FALLS, 0.3),
    form_checks=(FormCheck.TRUNK_LEAN,),
)
