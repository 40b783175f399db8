"""Standing hamstring curl."""

from .motion import FALLS, SIDE, UPRIGHT, Motion

MOTION = Motion(
    key="hamstring_curl",
    display_name="Standing hamstring curl",
    description="Standing, bend one knee to bring the heel up behind while the thigh stays down.",
    primary_signal="knee",
    secondary_signals=("hip",),
    views=(SIDE,),
    orientations=(UPRIGHT,),
    rep_direction=FALLS,
    min_excursion=40.0,
    min_rep_s=0.8,
    bilateral=False,
    typical_range=(175.0, 80.0),
)
