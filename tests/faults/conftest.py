"""Fixtures for fault tests: a Redis server of their own to stop and restart, and processes to kill.

The team's Redis (127.0.0.1:6379) is never touched: each test that needs Redis to die gets a
throwaway `redis-server` on a free loopback port, stopped at teardown.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError

from tests.jobs.conftest import FLASK, ROOT

START_TIMEOUT_S = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.02):
    """Polls until `condition()` is truthy; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    """A `redis-server` process on a free port, in its own folder, optionally persisting."""

    def __init__(self, directory: Path, *, appendonly: bool):
        self.directory = directory
        self.appendonly = appendonly
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                executable,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--save", "",
                "--appendonly", "yes" if self.appendonly else "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, START_TIMEOUT_S, f"redis-server on port {self.port}")

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): a persisting server writes its log out first."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=START_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=START_TIMEOUT_S)

    def kill(self) -> None:
        """A crash (SIGKILL): nothing written out."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=START_TIMEOUT_S)

    def _answers(self) -> bool:
        with contextlib.suppress(RedisError), Redis(port=self.port, socket_timeout=1) as client:
            return client.ping()
        return False


@contextlib.contextmanager
def running_redis(tmp_path, *, appendonly: bool):
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory, appendonly=appendonly)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def redis_server(tmp_path):
    """A throwaway Redis without persistence: a restart loses the queue."""
    with running_redis(tmp_path, appendonly=False) as server:
        yield server


@pytest.fixture
def persistent_redis_server(tmp_path):
    """A throwaway Redis that logs every write (appendonly), so a restart keeps the queue."""
    with running_redis(tmp_path, appendonly=True) as server:
        yield server


@pytest.fixture
def flask_process():
    """Starts `flask ...` commands in their own process groups; all are killed at teardown."""
    started: list[subprocess.Popen] = []

    def _start(args, env) -> subprocess.Popen:
        process = subprocess.Popen(
            [*FLASK, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield _start
    for process in started:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=START_TIMEOUT_S)


class WorkerProcess:
    """A `flask worker` process (as the Procfile runs it), its output kept in a file."""

    def __init__(self, env: dict, log_path: Path):
        self.log_path = log_path
        self.log_file = open(log_path, "w")
        self.process = subprocess.Popen(
            [*FLASK, "worker"],
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def signal(self, sig: signal.Signals) -> None:
        """As the platform does: to every process of the dyno (the worker and its scheduler)."""
        os.killpg(self.process.pid, sig)

    def log(self) -> str:
        self.log_file.flush()
        return self.log_path.read_text()

    def kill(self) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=START_TIMEOUT_S)
        self.log_file.close()


@pytest.fixture
def worker_process(tmp_path):
    """`worker_process(env)` starts a worker; every one (and its scheduler) is killed at
    teardown."""
    started: list[WorkerProcess] = []

    def _start(env) -> WorkerProcess:
        worker = WorkerProcess(env, tmp_path / f"worker-{len(started) + 1}.log")
        started.append(worker)
        return worker

    yield _start
    for worker in started:
        worker.kill()
