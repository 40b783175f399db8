"""Typed errors of the analysis engine, each with a short reason fit to show a patient.

``transient`` tells the job queue whether trying again later can help.
"""


class AnalysisError(Exception):
    """Base of every error the engine raises on purpose."""

    reason = "The video could not be analysed."
    transient = False

    def __init__(self, detail: str | None = None):
        # The detail is for logs; the class-level reason is what the user sees.
        super().__init__(detail or self.reason)
        self.detail = detail or self.reason


class VideoUnreadableError(AnalysisError):
    """Not a video, corrupt, or so badly truncated that no frame decodes."""

    reason = "The file is not a readable video."


class EmptyVideoError(AnalysisError):
    """A zero-length file or a video without frames."""

    reason = "The video is empty."


class ModelUnavailableError(AnalysisError):
    """The pose model is missing, corrupt, fails its checksum or could not be downloaded.

    Transient: the model is the server's business, not the patient's, and a later try (after a
    download or a fix of the configuration) can succeed with the same video.
    """

    reason = "The pose model is not available right now."
    transient = True
