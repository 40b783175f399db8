"""The embedded job runner: analyses in a background thread of the web process.

It lets `make run` give the whole flow on one machine with no Redis, through the same job code
and the same retry rule as the RQ worker.
"""

import logging
import queue
import threading
import time

log = logging.getLogger(__name__)


class BackgroundRunner:
    def __init__(self, app):
        self.app = app
        self.jobs: queue.Queue = queue.Queue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, video_id: str, job_id: str) -> str:
        self.jobs.put((job_id, video_id))
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._work, name="analysis-runner", daemon=True
                )
                self.thread.start()
        return job_id

    def join(self, timeout: float | None = None) -> bool:
        """Waits until every submitted job is done (for tests and shutdown)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.jobs.unfinished_tasks:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def _work(self) -> None:
        from exercise_tracker.jobs.analysis import run_analysis

        while True:
            job_id, video_id = self.jobs.get()
            try:
                if self._model_loads(video_id):
                    self._run_with_retries(run_analysis, job_id, video_id)
            finally:
                self.jobs.task_done()

    def _model_loads(self, video_id: str) -> bool:
        """Like the RQ worker, takes no job without a working model: the video stays `Uploaded`
        (not `Failed`, it is not at fault) and is requeued when the process restarts."""
        from config import analysis_settings
        from exercise_tracker.analysis.errors import ModelUnavailableError
        from exercise_tracker.analysis.readiness import ready_pose_estimator

        try:
            ready_pose_estimator(analysis_settings(self.app.config))
        except ModelUnavailableError as error:
            log.error("video %s left for later: %s", video_id, error.detail)
            return False
        return True

    def _run_with_retries(self, run_analysis, job_id: str, video_id: str) -> None:
        config = self.app.config
        intervals = list(config["JOB_RETRY_INTERVALS_S"])[: config["JOB_RETRIES"]]
        for attempt in range(len(intervals) + 1):
            will_retry = attempt < len(intervals)
            try:
                with self.app.app_context():
                    run_analysis(video_id, will_retry=will_retry, job_id=job_id)
                return
            except Exception:
                if not will_retry:
                    log.exception("analysis of video %s failed for good", video_id)
                    return
                log.warning("analysis of video %s failed; retrying", video_id)
                time.sleep(intervals[attempt])
