"""Every warning code the engine emits, each marked as about the recording or about the movement.

Readers (alerts, progress, the API) classify a warning through this table, never by a list of
strings of their own; a test fails when the engine emits a code missing here.
"""

from enum import StrEnum


class WarningKind(StrEnum):
    RECORDING = "recording"  # how the clip was filmed: filming again fixes it
    MOVEMENT = "movement"  # how the exercise was done: a matter for the physiotherapist


class WarningCode(StrEnum):
    kind: WarningKind

    def __new__(cls, value: str, kind: WarningKind):
        member = str.__new__(cls, value)
        member._value_ = value
        member.kind = kind
        return member

    NO_PERSON = "no_person", WarningKind.RECORDING
    TOO_SHORT = "too_short", WarningKind.RECORDING
    TOO_DARK = "too_dark", WarningKind.RECORDING
    TRUNCATED = "truncated", WarningKind.RECORDING
    FRAMES_SKIPPED = "frames_skipped", WarningKind.RECORDING
    PERSON_PARTLY_UNSEEN = "person_partly_unseen", WarningKind.RECORDING
    CAMERA_VIEW = "camera_view", WarningKind.RECORDING
    OUT_OF_FRAME = "out_of_frame", WarningKind.RECORDING
    LOW_CONFIDENCE = "low_confidence", WarningKind.RECORDING
    # The clip does not show enough to judge the prescription: film again as the hint says.
    CANT_TELL = "cant_tell", WarningKind.RECORDING
    NO_RECOGNISED_MOTION = "no_recognised_motion", WarningKind.MOVEMENT
    MOTION_MISMATCH = "motion_mismatch", WarningKind.MOVEMENT
    NO_REPETITIONS = "no_repetitions", WarningKind.MOVEMENT
    INCOMPLETE_RANGE = "incomplete_range", WarningKind.MOVEMENT
    TARGET_NOT_MET = "target_not_met", WarningKind.MOVEMENT
    ASYMMETRY = "asymmetry", WarningKind.MOVEMENT
    TRUNK_LEAN = "trunk_lean", WarningKind.MOVEMENT
    UPPER_ARM_SWING = "upper_arm_swing", WarningKind.MOVEMENT

    @classmethod
    def known(cls, code: str) -> "WarningCode | None":
        """The member for a stored code; None for one an older engine emitted and no longer does."""
        try:
            return cls(code)
        except ValueError:
            return None
