"""Seated knee extension."""

from .motion import RISES, SEATED, SIDE, Motion

MOTION = Motion(
    key="knee_extension",
    display_name="Seated knee extension",
    description="Sitting, straighten the knee and lower it.",
    primary_signal="knee",
    secondary_signals=("hip",),
    views=(SIDE,),
    orientations=(SEATED,),
    rep_direction=RISES,
    min_excursion=30.0,
    min_rep_s=1.5,
    bilateral=False,
    typical_range=(90.0, 170.0),
)
