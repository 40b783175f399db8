"""PoseTracks saved as .npz files, so analysis can be iterated on without rerunning the model."""

import dataclasses
from pathlib import Path

import numpy as np

from .pose_track import PoseTrack


def save_pose_track(track: PoseTrack, path: str | Path) -> None:
    fields = {f.name: getattr(track, f.name) for f in dataclasses.fields(PoseTrack)}
    np.savez(path, **{name: value for name, value in fields.items() if value is not None})


def load_pose_track(path: str | Path) -> PoseTrack:
    """Read a track written by ``save_pose_track`` (np.savez with the fields by name)."""
    with np.load(path) as data:
        fields = {}
        for field in dataclasses.fields(PoseTrack):
            if field.name not in data:  # an optional field saved as None, or an older file
                continue
            value = data[field.name]
            fields[field.name] = value.item() if value.ndim == 0 else value
    return PoseTrack(**fields)
