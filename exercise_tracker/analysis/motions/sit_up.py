"""Sit-up."""

from .motion import FALLS, HORIZONTAL, SEATED, SIDE, Motion

MOTION = Motion(
    key="sit_up",
    display_name="Sit-up",
    description="Lying with bent knees, curl the trunk up towards the thighs.",
    primary_signal="trunk_lean",
    secondary_signals=("hip",),
    views=(SIDE,),
    orientations=(HORIZONTAL, SEATED),
    rep_direction=FALLS,
    min_excursion=30.0,
    min_rep_s=1.5,
    bilateral=True,
    typical_range=(90.0, 30.0),
)
