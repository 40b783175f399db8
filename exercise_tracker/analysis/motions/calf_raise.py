"""Calf raise."""

from .motion import FRONT, RISES, SIDE, UPRIGHT, Motion

MOTION = Motion(
    key="calf_raise",
    display_name="Calf raise",
    description="Rise onto the toes with straight knees, then lower.",
    primary_signal="body_height",
    secondary_signals=("knee",),
    views=(SIDE, FRONT),
    orientations=(UPRIGHT,),
    rep_direction=RISES,
    min_excursion=0.06,
    min_rep_s=0.6,
    bilateral=True,
    typical_range=(0.0, 0.15),
)
