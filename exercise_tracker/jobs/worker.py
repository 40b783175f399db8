"""The RQ worker process: loads the model once, recovers abandoned videos, then works, riding
out Redis outages, SIGKILLed peers and the platform's SIGTERM."""

import logging
import signal
import threading
import time

from flask import Flask
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, SimpleWorker
from rq.exceptions import ShutDownImminentException
from rq.job import Job
from rq.worker.base import WorkerStatus, signal_name

from config import analysis_settings
from exercise_tracker.jobs.queue import QueueUnavailable, analysis_queue, redis_connection
from exercise_tracker.jobs.recovery import requeue_stale
from exercise_tracker.models import Video
from exercise_tracker.reminders.periodic import notification_queue, schedule_next_sweep

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
        video = Video.objects(id=video_id).first() if video_id else None
        if video is not None:
            video.interrupted()
        with self.connection.pipeline() as pipeline:
            self.cleanup_execution(job, pipeline=pipeline, execution=execution)
            queue._enqueue_job(job, pipeline=pipeline, at_front=True)
            pipeline.execute()
        log.warning("job %s (video %s) requeued at the front for the next worker", job.id, video_id)


def load_model(app: Flask):
    """The pose model, checked and loaded before the worker takes any job."""
    from exercise_tracker.analysis.readiness import ready_pose_estimator

    return ready_pose_estimator(analysis_settings(app.config))


def run_worker(app: Flask, *, burst: bool = False, with_scheduler: bool = True) -> None:
    """Works until told to stop (or, in burst mode, until the queue is empty). A worker that
    lost Redis starts again when it answers, with the model it already holds."""
    load_model(app)
    connection = redis_connection(app)
    _until_redis_answers(lambda: requeue_stale(app))
    if with_scheduler:
        # RQ's scheduler in this worker runs the reminders sweep.
        _until_redis_answers(lambda: schedule_next_sweep(app))
    while True:
        worker = AnalysisWorker(
            [notification_queue(app), analysis_queue(app)],  # quick deliveries first
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
