"""Push-up."""

from .motion import FALLS, FRONT, HORIZONTAL, SIDE, CountedSignal, Motion

MOTION = Motion(
    key="push_up",
    display_name="Push-up",
    description="Lower the straight body on the hands by bending the elbows.",
    primary_signal="elbow",
    secondary_signals=("shoulder", "hip"),
    views=(SIDE, FRONT),
    orientations=(HORIZONTAL,),
    rep_direction=FALLS,
    min_excursion=35.0,
    min_rep_s=0.7,
    bilateral=True,
    typical_range=(170.0, 80.0),
    fallback=CountedSignal("shoulder_height", FALLS, 0.3),
)
