"""The RQ worker process: loads the model once, recovers abandoned videos, then works, riding
out Redis outages, SIGKILLed peers and the platform's SIGTERM."""

import logging
import signal
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, SimpleWorker
from rq.exceptions import NoSuchJobError, ShutDownImminentException
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.worker.base import WorkerStatus, signal_name

from config import analysis_settings
from exercise_tracker.jobs.queue import (
    QueueUnavailable,
    analysis_queue,
    enqueue_analysis,
    redis_connection,
)
from exercise_tracker.models import Video, VideoStatus
from exercise_tracker.models.base import utcnow

log = logging.getLogger(__name__)


# What a lost or restarting Redis raises (directly, or through the queue); the worker waits it
# out instead of exiting.
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, QueueUnavailable)
MAX_REDIS_WAIT_S = 30


def _until_redis_answers(call, *args):
    """Calls `call` until Redis takes it, waiting longer each time (1 s, 2 s, ... 30 s)."""
    wait = 1.0
    while True:
        try:
            return call(*args)
        except REDIS_DOWN as error:
            log.warning("Redis unavailable (%s); retrying in %.0f s", type(error).__name__, wait)
            time.sleep(wait)
            wait = min(wait * 2, MAX_REDIS_WAIT_S)


class AnalysisWorker(SimpleWorker):
    """Runs each job in the worker's own process (no fork), so the pose model loaded at start
    serves every job, and survives what the platform does to it:

    - killed (SIGKILL, out of memory): a thread keeps the job's heartbeat while it runs, so a
      job whose worker falls silent for three beats is abandoned, and the next maintenance pass
      of any worker (or `flask videos requeue-stale`) puts it back in the queue, as a retry;
    - SIGTERM (a restart; SIGKILL follows 30 s later): as RQ's HerokuWorker, a job still running
      `imminent_shutdown_delay` seconds later is cut short and requeued at once, at the front;
    - Redis lost: the result of a job that ends meanwhile is recorded once Redis is back.
    """

    def __init__(self, *args, heartbeat_s: int = 10, shutdown_wait_s: int = 6, **kwargs):
        # An idle worker wakes every two beats to run maintenance (find abandoned jobs).
        kwargs.setdefault("worker_ttl", 2 * heartbeat_s + 15)
        kwargs.setdefault("maintenance_interval", 2 * heartbeat_s)
        kwargs.setdefault("job_monitoring_interval", heartbeat_s)
        super().__init__(*args, **kwargs)
        self.imminent_shutdown_delay = shutdown_wait_s
        self._job_returned = True
        self._shutting_down = False

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        return 3 * self.job_monitoring_interval

    def execute_job(self, job: Job, queue: Queue):
        execution = self.prepare_execution(job)
        self._job_returned = False
        stop = threading.Event()
        beat = threading.Thread(
            target=self._keep_heartbeat, args=(job, execution, stop), name="heartbeat", daemon=True
        )
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            stop.set()
            beat.join()
        _until_redis_answers(self.set_state, WorkerStatus.IDLE)

    def _keep_heartbeat(self, job: Job, execution, stop: threading.Event) -> None:
        while not stop.wait(self.job_monitoring_interval):
            try:
                self.maintain_heartbeats(job, execution)
            except REDIS_DOWN as error:
                log.warning("heartbeat of job %s not sent: %s", job.id, type(error).__name__)

    def handle_execution_ended(self, job: Job, queue: Queue, heartbeat_ttl: int):
        self._job_returned = True
        try:
            super().handle_execution_ended(job, queue, heartbeat_ttl)
        except REDIS_DOWN:
            pass  # a heartbeat; the outcome is recorded next, once Redis answers

    def handle_job_success(self, job: Job, queue: Queue, started_job_registry, execution):
        _until_redis_answers(
            super().handle_job_success, job, queue, started_job_registry, execution
        )

    def handle_job_failure(self, job: Job, queue: Queue, started_job_registry=None,
                           exc_string="", execution=None):  # fmt: skip
        if self._shutting_down:
            self._requeue_at_front(job, queue, execution)
        else:
            _until_redis_answers(
                super().handle_job_failure, job, queue, started_job_registry, exc_string, execution
            )

    # SIGTERM, as RQ's HerokuWorker handles it, for a job running in this very process.
    def request_stop(self, signum, frame):
        super().request_stop(signum, frame)  # idle: raises StopRequested; busy: stops after it
        if not self._job_returned:
            log.warning(
                "shutdown requested; the running job is requeued in %d s unless it ends first",
                self.imminent_shutdown_delay,
            )
            if self.imminent_shutdown_delay <= 0:
                self._cut_job_short(signum, frame)
            signal.signal(signal.SIGALRM, self._cut_job_short)
            signal.alarm(self.imminent_shutdown_delay)

    def request_force_stop(self, signum, frame):
        if self._job_returned:
            return super().request_force_stop(signum, frame)
        self._cut_job_short(signum, frame)

    def _cut_job_short(self, signum, frame):
        if self._job_returned:  # it ended meanwhile and is being recorded: let it be
            return
        self._shutting_down = True
        name = signal_name(signum)
        raise ShutDownImminentException(f"shut down imminent (signal {name})", {"signal": name})

    def _requeue_at_front(self, job: Job, queue: Queue, execution) -> None:
        """A job cut short by a shutdown is not at fault: it goes back first in line, its retries
        untouched, and its video back to `Uploaded`."""
        video_id = job.meta.get("video_id")
        if video_id:
            Video.objects(id=video_id, status=VideoStatus.PROCESSING.value).update_one(
                set__status=VideoStatus.UPLOADED.value, set__updated_at=utcnow()
            )
        with self.connection.pipeline() as pipeline:
            self.cleanup_execution(job, pipeline=pipeline, execution=execution)
            queue._enqueue_job(job, pipeline=pipeline, at_front=True)
            pipeline.execute()
        log.warning("job %s (video %s) requeued at the front for the next worker", job.id, video_id)


def load_model(app: Flask):
    """Loads the pose model now, so a missing or corrupt model stops the worker before it
    takes any job (the videos then wait, `Uploaded`, for a worker that can do them)."""
    from exercise_tracker.analysis.model import load_pose_estimator

    settings = analysis_settings(app.config)
    check_model_file(settings)
    return load_pose_estimator(settings)


def check_model_file(settings) -> Path:
    """The model file, if it has the expected sha256; raises ModelUnavailableError otherwise.

    Downloads are checked by the engine; a configured file is checked here because TensorFlow
    Lite does not refuse a truncated file: it crashes the whole process (SIGSEGV).
    """
    from exercise_tracker.analysis.errors import ModelUnavailableError
    from exercise_tracker.analysis.model import resolve_model_path, sha256_of

    path = resolve_model_path(settings)
    if settings.model_path is not None and sha256_of(path) != settings.model_sha256:
        raise ModelUnavailableError(
            f"model file {path} does not have the expected sha256 (truncated or corrupt?); "
            "set MOVENET_MODEL_SHA256 to use another build of the model"
        )
    return path


# A job in one of these states will still run: its video is not lost.
PENDING = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def _job_is_pending(video: Video, connection) -> bool:
    if not video.job_id:
        return False
    try:
        return Job.fetch(video.job_id, connection=connection).get_status() in PENDING
    except NoSuchJobError:
        return False


def requeue_abandoned_jobs(app: Flask) -> list[str]:
    """Retries the jobs whose worker fell silent (killed mid-job), as RQ's maintenance does;
    answers their videos. A slow job keeps its heartbeat and is left alone."""
    queue = analysis_queue(app)
    registry = StartedJobRegistry(queue=queue)
    videos = []
    for job_id in registry.get_expired_job_ids():
        job = Job.fetch_many([job_id], connection=queue.connection)[0]
        if job is not None and job.get_status() == JobStatus.STARTED:
            videos.append(job.meta.get("video_id"))
    registry.cleanup()
    for video_id in videos:
        log.info("requeued video %s: its worker stopped mid-job", video_id)
    return [video_id for video_id in videos if video_id]


def requeue_stale(app: Flask, cutoff: datetime | None = None) -> list[str]:
    """Requeues videos a dead worker abandoned and uploads whose job was lost (e.g. Redis
    restarted without persistence).

    With Redis, a job whose worker stopped heartbeating is retried first; then videos
    `Processing` or `Uploaded` since before `cutoff` (by default, a job timeout ago) whose job
    will not run get a new one.
    """
    cutoff = cutoff or utcnow() - timedelta(seconds=app.config["STALE_PROCESSING_S"])
    connection = redis_connection(app) if app.config["REDIS_URL"] else None
    retried = requeue_abandoned_jobs(app) if connection is not None else []
    requeued = []
    abandoned = Video.objects(status=VideoStatus.PROCESSING.value, processing_started_at__lt=cutoff)
    for video in abandoned:
        if connection is not None and _job_is_pending(video, connection):
            continue
        released = Video.objects(
            id=video.id,
            status=VideoStatus.PROCESSING.value,
            processing_started_at=video.processing_started_at,
        ).update_one(set__status=VideoStatus.UPLOADED.value, set__updated_at=utcnow())
        if released:
            requeued.append(str(video.id))
    for video in Video.objects(status=VideoStatus.UPLOADED.value, upload_date__lt=cutoff):
        if str(video.id) not in requeued and (
            connection is None or not _job_is_pending(video, connection)
        ):
            requeued.append(str(video.id))
    for video_id in requeued:
        job_id = enqueue_analysis(video_id)
        Video.objects(id=video_id).update_one(set__job_id=job_id)
        log.info("requeued video %s as job %s", video_id, job_id)
    return retried + requeued


def run_worker(app: Flask, *, burst: bool = False, with_scheduler: bool = True) -> None:
    """Works until told to stop (or, in burst mode, until the queue is empty). A worker that
    lost Redis starts again when it answers, with the model it already holds."""
    load_model(app)
    connection = redis_connection(app)
    _until_redis_answers(lambda: requeue_stale(app))
    while True:
        worker = AnalysisWorker(
            [analysis_queue(app)],
            connection=connection,
            heartbeat_s=app.config["WORKER_HEARTBEAT_S"],
            shutdown_wait_s=app.config["WORKER_SHUTDOWN_WAIT_S"],
        )
        try:
            worker.work(burst=burst, with_scheduler=with_scheduler, logging_level="INFO")
        except REDIS_DOWN as error:
            log.warning("worker lost Redis: %s", type(error).__name__)
        if burst or worker.shutdown_requested_date is not None:
            return
        _until_redis_answers(connection.ping)
        log.warning("Redis answers again; the worker starts over")
