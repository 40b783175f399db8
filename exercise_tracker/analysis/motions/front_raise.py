"""Front raise (shoulder flexion)."""

from .motion import RISES, SEATED, SIDE, UPRIGHT, CountedSignal, Motion

MOTION = Motion(
    key="front_raise",
    display_name="Front raise (shoulder flexion)",
    description="Lift the straight arms forward up to shoulder height or above.",
    primary_signal="shoulder",
    secondary_signals=("elbow", "wrist_height"),
    views=(SIDE,),
    orientations=(UPRIGHT, SEATED),
    rep_direction=RISES,
    min_excursion=40.0,
    min_rep_s=0.8,
    bilateral=False,
    typical_range=(15.0, 90.0),
    fallback=CountedSignal("wrist_height", RISES, 0.5),
)
