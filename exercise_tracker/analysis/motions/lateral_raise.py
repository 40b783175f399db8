"""Lateral raise (shoulder abduction)."""

from .motion import FRONT, RISES, SEATED, UPRIGHT, CountedSignal, Motion

MOTION = Motion(
    key="lateral_raise",
    display_name="Lateral raise (shoulder abduction)",
    description="Lift the straight arms out to the side up to shoulder height.",
    primary_signal="shoulder",
    secondary_signals=("elbow", "wrist_out"),
    views=(FRONT,),
    orientations=(UPRIGHT, SEATED),
    rep_direction=RISES,
    min_excursion=40.0,
    min_rep_s=0.8,
    bilateral=True,
    typical_range=(15.0, 90.0),
    fallback=CountedSignal("wrist_height", RISES, 0.5),
)
