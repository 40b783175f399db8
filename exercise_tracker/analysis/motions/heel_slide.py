"""Heel slide."""

from .motion import FALLS, HORIZONTAL, SIDE, Motion

MOTION = Motion(
    key="heel_slide",
    display_name="Heel slide",
    description="Lying on the back, slide the heel towards the buttock.",
    primary_signal="knee",
    secondary_signals=("hip",),
    views=(SIDE,),
    orientations=(HORIZONTAL,),
    rep_direction=FALLS,
    min_excursion=30.0,
    min_rep_s=2.0,
    bilateral=False,
    typical_range=(175.0, 80.0),
)
