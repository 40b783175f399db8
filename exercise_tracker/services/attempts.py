"""A patient's attempts at their exercises: each uploaded video with what its analysis measured.

The analysis is read through the typed `AnalysisResult` (`Prediction.result`), never by keys.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from exercise_tracker.analysis.clinical import ClinicalRange, measured_range
from exercise_tracker.analysis.result import AnalysisResult, AnalysisWarning, RangeOfMotion
from exercise_tracker.analysis.warnings import WarningCode
from exercise_tracker.models import Exercise, MatchStatus, Prediction, Video


@dataclass(frozen=True)
class Attempt:
    video: Video
    prediction: Prediction | None

    @property
    def result(self) -> AnalysisResult | None:
        return self.prediction.result if self.prediction else None

    @property
    def uploaded_at(self) -> datetime:
        return self.video.upload_date

    @property
    def analysed(self) -> bool:
        return self.prediction is not None

    @property
    def rep_count(self) -> int | None:
        return self.result.rep_count if self.result else None

    @property
    def confidence(self) -> float | None:
        return self.prediction.confidence_score if self.prediction else None

    @property
    def match_status(self) -> MatchStatus | None:
        """None while the video is not analysed."""
        return self.prediction.verdict if self.prediction else None

    @property
    def range_of_motion(self) -> RangeOfMotion | None:
        return self.result.range_of_motion if self.result else None

    @property
    def clinical_range(self) -> ClinicalRange | None:
        """The primary joint's range on the side the camera saw well, in clinical convention."""
        return measured_range(self.result) if self.result else None

    @property
    def excursion(self) -> float | None:
        """The widest excursion of the primary joint over the well-seen sides."""
        found = self.clinical_range
        return found.excursion if found else None

    @property
    def warnings(self) -> list[AnalysisWarning]:
        return [w for w in self.result.warnings if w.code] if self.result else []

    def warning_codes(self) -> set[WarningCode]:
        """The codes this engine knows (one an older engine emitted is left out)."""
        return {code for w in self.warnings if (code := WarningCode.known(w.code))}

    def summary(self) -> dict:
        """What progress shows of one attempt."""
        return {
            "video_id": self.video.id,
            "uploaded_at": self.uploaded_at,
            "status": self.video.status,
            "pain_level": self.video.pain_level,
            "difficulty": self.video.difficulty,
            "rep_count": self.rep_count,
            "range_of_motion": self.excursion,
            "range_side": self.clinical_range.side if self.clinical_range else None,
            "confidence": self.confidence,
            "is_match": self.prediction.is_match if self.prediction else None,
            "match_status": self.match_status,
            "predicted_motion": self.prediction.predicted_motion if self.prediction else None,
            "warnings": [w.code for w in self.warnings],
        }


@dataclass(frozen=True)
class ExerciseHistory:
    exercise: Exercise
    attempts: list[Attempt]  # oldest first

    @property
    def analysed(self) -> list[Attempt]:
        return [a for a in self.attempts if a.analysed]

    @property
    def last_activity(self) -> datetime | None:
        return self.attempts[-1].uploaded_at if self.attempts else None

    @property
    def range_joint(self) -> str | None:
        """What the range measures, e.g. 'knee flexion', from the latest analysed attempt."""
        found = [a.clinical_range for a in reversed(self.analysed) if a.clinical_range]
        return found[0].joint if found else None

    @property
    def range_unit(self) -> str | None:
        units = [a.range_of_motion.unit for a in self.analysed if a.range_of_motion]
        return next((unit for unit in reversed(units) if unit), None)


def load_histories(exercises) -> list[ExerciseHistory]:
    """Each exercise with all its attempts, in three queries."""
    exercises = list(exercises)
    videos = list(
        Video.objects(exercise_id__in=[e.id for e in exercises]).order_by("upload_date", "id")
    )
    analyses = Prediction.objects(video_id__in=[v.id for v in videos]).without_detail()
    predictions = {p.video_id: p for p in analyses}
    by_exercise = defaultdict(list)
    for video in videos:
        by_exercise[video.exercise_id].append(Attempt(video, predictions.get(video.id)))
    return [ExerciseHistory(e, by_exercise[e.id]) for e in exercises]


def within(histories: list[ExerciseHistory], since=None, until=None) -> list[ExerciseHistory]:
    """The same exercises with only the attempts uploaded in a period (bounds inclusive)."""
    return [
        ExerciseHistory(
            h.exercise,
            [
                a
                for a in h.attempts
                if (since is None or a.uploaded_at >= since)
                and (until is None or a.uploaded_at <= until)
            ],
        )
        for h in histories
    ]
