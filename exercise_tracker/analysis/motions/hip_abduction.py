"""Hip abduction."""

from .motion import FRONT, HORIZONTAL, RISES, UPRIGHT, Motion

MOTION = Motion(
    key="hip_abduction",
    display_name="Hip abduction",
    description="Lift the straight leg out to the side.",
    primary_signal="leg_spread",
    secondary_signals=("knee",),
    views=(FRONT,),
    orientations=(UPRIGHT, HORIZONTAL),
    rep_direction=RISES,
    min_excursion=15.0,
    min_rep_s=1.0,
    bilateral=False,
    typical_range=(5.0, 40.0),
)
