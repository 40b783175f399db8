"""Jumping jack."""

from .motion import FRONT, RISES, UPRIGHT, CountedSignal, Motion

MOTION = Motion(
    key="jumping_jack",
    display_name="Jumping jack",
    description="Jump the feet apart while swinging the arms overhead, then back together.",
    primary_signal="shoulder",
    secondary_signals=("ankle_spread", "elbow"),
    views=(FRONT,),
    orientations=(UPRIGHT,),
    rep_direction=RISES,
    min_excursion=60.0,
    min_rep_s=0.4,
    bilateral=True,
    typical_range=(20.0, 160.0),
    fallback=CountedSignal("wrist_height", RISES, 0.8),
)
