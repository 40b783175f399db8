"""Biceps curl."""

from .motion import FALLS, FRONT, RISES, SEATED, SIDE, UPRIGHT, CountedSignal, FormCheck, Motion

MOTION = Motion(
    key="biceps_curl",
    display_name="Biceps curl",
    description="Bend the elbow with the upper arm kept by the side.",
    primary_signal="elbow",
    secondary_signals=("shoulder",),
    views=(SIDE, FRONT),
    orientations=(UPRIGHT, SEATED),
    rep_direction=FALLS,
    min_excursion=45.0,
    min_rep_s=0.8,
    bilateral=False,
    typical_range=(165.0, 40.0),
    fallback=CountedSignal("wrist_height", RISES, 0.35),
    form_checks=(FormCheck.UPPER_ARM_SWING,),
)
