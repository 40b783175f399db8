"""Sit to stand."""

from .motion import FRONT, RISES, SEATED, SIDE, UPRIGHT, CountedSignal, FormCheck, Motion

MOTION = Motion(
    key="sit_to_stand",
    display_name="Sit to stand",
    description="Rise from a chair to standing and sit back down.",
    primary_signal="knee",
    secondary_signals=("hip", "trunk_lean"),
    views=(SIDE, FRONT),
    orientations=(SEATED, UPRIGHT),
    rep_direction=RISES,
    min_excursion=45.0,
    min_rep_s=1.2,
    bilateral=True,
    typical_range=(90.0, 175.0),
    fallback=CountedSignal("hips_over_feet", RISES, 0.35),
    form_checks=(FormCheck.TRUNK_LEAN,),
)
