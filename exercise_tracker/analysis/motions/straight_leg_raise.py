"""Straight leg raise."""

from .motion import HORIZONTAL, RISES, SIDE, Motion

MOTION = Motion(
    key="straight_leg_raise",
    display_name="Straight leg raise",
    description="Lying on the back, lift one straight leg from the hip.",
    primary_signal="leg_spread",
    secondary_signals=("hip", "knee"),
    views=(SIDE,),
    orientations=(HORIZONTAL,),
    rep_direction=RISES,
    min_excursion=20.0,
    min_rep_s=2.0,
    bilateral=False,
    typical_range=(0.0, 60.0),
)
