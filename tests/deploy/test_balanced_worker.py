"""gunicorn's processes share kept-alive connections evenly (exercise_tracker.serving), tried with
real gunicorn processes, real connections and real signals."""

import http.client
import os
import signal
import subprocess
import sys
import time

import pytest

from exercise_tracker import serving
from tests.deploy.test_procfile import ROOT, free_port

CONNECTIONS = 20


def test_the_board_counts_live_other_processes_only(monkeypatch):
    board = serving.ConnectionBoard(4)
    assert board.fewest_elsewhere(0) is None  # alone
    board.post(0, 100, 7)
    board.post(1, 101, 5)
    board.post(2, 102, 3)
    assert board.fewest_elsewhere(0) == 3
    assert board.fewest_elsewhere(2) == 5  # its own slot is not counted
    board.withdraw(2, 999)  # another pid's slot is left alone
    assert board.fewest_elsewhere(0) == 3
    board.withdraw(2, 102)
    assert board.fewest_elsewhere(0) == 5
    later = time.monotonic() + serving.STALE_AFTER_S + 1
    monkeypatch.setattr(serving.time, "monotonic", lambda: later)
    assert board.fewest_elsewhere(0) is None  # the others stopped posting


def serving_pid(connection: http.client.HTTPConnection) -> int:
    """One request on the connection (reopened if the server closed it); who answered."""
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200
    return int(response.read())


@pytest.fixture
def gunicorn():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn"]
        + ["--worker-class", f"{serving.__name__}.BalancedThreadWorker"]
        + ["--workers", "2", "--threads", "2", "--bind", f"127.0.0.1:{port}"]
        + ["--keep-alive", "30", "tests.deploy.pid_app:app"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        workers = set()
        while time.monotonic() < deadline and len(workers) < 2:  # both booted and serving
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                workers.add(serving_pid(connection))
                connection.close()
            except OSError:
                time.sleep(0.2)
        assert len(workers) == 2
        yield port, sorted(workers)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_connections_move_to_a_process_that_holds_fewer(gunicorn):
    port, (first, second) = gunicorn
    os.kill(second, signal.SIGSTOP)  # as if stuck: the other serves alone once it is stale
    try:
        connections = [
            http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(CONNECTIONS)
        ]
        assert [serving_pid(connection) for connection in connections] == [first] * CONNECTIONS
    finally:
        os.kill(second, signal.SIGCONT)
    # The first now holds every connection; as clients go on, it hands some to the second.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answered = [serving_pid(connection) for connection in connections]
        if abs(answered.count(first) - answered.count(second)) <= 2:
            break
        time.sleep(0.02)
    assert answered.count(second) >= CONNECTIONS // 2 - 1, answered
    for connection in connections:
        connection.close()


def test_fresh_connections_are_shared_evenly(gunicorn):
    port, workers = gunicorn
    connections = [
        http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(CONNECTIONS)
    ]
    answered = [serving_pid(connection) for connection in connections]
    # Each stays with the process that accepted it, and neither holds more than one extra.
    assert [serving_pid(connection) for connection in connections] == answered
    assert sorted(answered.count(pid) for pid in workers) in ([10, 10], [9, 11])
    for connection in connections:
        connection.close()


def test_a_new_connection_never_waits_for_both_to_decline(gunicorn):
    """Opened one at a time on idle processes, each is answered at once: a process that declined
    looks again within RECHECK_S, not at gunicorn's next one-second pass."""
    port, workers = gunicorn
    connections, waits = [], []
    for _ in range(CONNECTIONS):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.monotonic()
        serving_pid(connection)
        waits.append(time.monotonic() - started)
        connections.append(connection)
    assert max(waits) < 0.3, sorted(waits)[-3:]
    for connection in connections:
        connection.close()
