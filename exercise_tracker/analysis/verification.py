"""Whether a clip shows the prescribed motion: match, mismatch, or an honest "can't tell".

A mismatch is only claimed when another movement is more likely than not (and, if that movement
is none of the catalog, when the camera could have shown the prescribed one); a match needs
at least one counted repetition of the prescribed motion, since a clip that looks like it but
holds no complete repetition does not show it done. When the view hides the motion, the person
is hardly seen, the clip is too dark or no repetition was completed, the answer is
"can't tell", with a filming hint the patient can act on.
"""

from dataclasses import dataclass

from .catalog import HORIZONTAL, NO_PERSON, UNKNOWN, Motion, display_name, get_motion
from .recognition import Recognition

MATCH = "match"
MISMATCH = "mismatch"
CANT_TELL = "cant_tell"
MATCH_STATUSES = (MATCH, MISMATCH, CANT_TELL)
# "More likely than not", set before looking at any clip; not fitted.
MATCH_PROBABILITY = 0.5
MISMATCH_PROBABILITY = 0.5


@dataclass(frozen=True)
class Verdict:
    status: str  # one of MATCH_STATUSES
    reason: str  # for the patient and the doctor
    filming_hint: str | None  # how to film it next time, when the clip could not tell

    @property
    def is_match(self) -> bool | None:
        return {MATCH: True, MISMATCH: False}.get(self.status)


def view_hides(motion: Motion, view: str | None) -> bool:
    """Whether a standing or seated motion is filmed from a side its catalog entry says does not
    show it (a lateral raise from the side, a front raise from the front)."""
    return (
        HORIZONTAL not in motion.orientations
        and view in ("front", "side")
        and view not in motion.views
    )


def filming_hint(motion: Motion) -> str:
    return f"Film from the {motion.views[0]}, with the whole body in frame and several repetitions."


def verify(
    recognition: Recognition,
    prescribed: str,
    repetitions: int,
    view: str | None,
    too_dark: bool,
    out_of_frame: bool,
) -> Verdict:
    """The verdict on ``prescribed`` from the recognition of the clip, the repetitions of it
    that were counted, and what hid it."""
    motion = get_motion(prescribed)
    name = motion.display_name
    if recognition.predicted_motion == NO_PERSON:
        return Verdict(
            CANT_TELL,
            "No person was seen on most of the clip.",
            "Film in good light with the whole body in frame from start to end.",
        )
    probabilities = recognition.probabilities
    if probabilities[prescribed] >= MATCH_PROBABILITY:
        if repetitions > 0:
            return Verdict(MATCH, f"The clip shows {name}.", None)
        return Verdict(
            CANT_TELL,
            f"No complete repetition of {name} was found.",
            "Do each repetition through its full range. " + filming_hint(motion),
        )
    others = {k: p for k, p in probabilities.items() if k != prescribed}
    other = max(others, key=others.get)
    hidden = view_hides(motion, view)
    # A hidden view or a dark clip can make the prescribed motion look like "nothing known",
    # but not like another catalog motion clearly performed.
    shows_other = others[other] >= MISMATCH_PROBABILITY
    if shows_other and (other != UNKNOWN or not (hidden or too_dark)):
        shown = "another movement" if other == UNKNOWN else display_name(other)
        return Verdict(MISMATCH, f"The clip shows {shown}, not {name}.", None)
    if too_dark:
        reason, hint = "The clip is too dark to see the joints.", "Add light in front of you. "
    elif hidden:
        reason = f"{name} cannot be judged from the {view}."
        hint = ""
    elif out_of_frame:
        reason = f"The joints that show {name} are out of frame or hidden."
        hint = "Step back so your whole body is in frame. "
    else:
        reason, hint = f"The movement was not clear enough to tell whether it is {name}.", ""
    return Verdict(CANT_TELL, reason, hint + filming_hint(motion))
