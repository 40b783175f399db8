"""Shoulder press."""

from .motion import FRONT, RISES, SEATED, SIDE, UPRIGHT, CountedSignal, Motion

MOTION = Motion(
    key="shoulder_press",
    display_name="Shoulder press",
    description="Press the hands from shoulder height overhead.",
    primary_signal="elbow",
    secondary_signals=("shoulder", "wrist_height"),
    views=(FRONT, SIDE),
    orientations=(UPRIGHT, SEATED),
    rep_direction=RISES,
    min_excursion=40.0,
    min_rep_s=0.8,
    bilateral=True,
    typical_range=(80.0, 170.0),
    fallback=CountedSignal("wrist_height", RISES, 0.35),
)
