"""Load on the web process under gunicorn: throughput, latency, errors, memory during big uploads.

Run from the project root (Redis must answer on 127.0.0.1:6379):  make load
(or python benchmarks/load.py [--runs 3] [--seconds 10] [--only "exercise list" | --only mixed]).
It starts gunicorn (gunicorn.conf.py) on a free loopback port, with the embedded on-disk store in a
temporary folder (what a deploy without MONGO_URI runs; a MongoDB server would move the query work
out of the web process) and Redis database 14, flushed before and after. It creates a doctor and a
patient with exercises, then prints the median of several runs of:
  - an authenticated exercise list, 50 connections back to back (the most it serves), then paced
    at 500 requests/s, latency counted from when each request was due (target: 500/s answered
    with p99 <= 50 ms and no errors);
  - login (argon2id hashing is slow on purpose; its rate limits are raised for the run);
  - uploads of a small real clip (no worker runs: the jobs stay queued, then are flushed);
  - a mixed load: patients uploading with `?wait=60` (each every few seconds; with no worker
    a waiting upload would hold its thread the whole minute) while the exercise list is read at
    a steady rate: the reads' p99 shows whether waiting uploads starve the API (target: p99 <=
    50 ms);
with the gunicorn workers' CPU time per request (less affected by other work on the machine than
requests per second, though a busy neighbour still moves it by a fifth; and beside how long a
fixed pure-Python loop takes, since machines differ by several times) and the load generator's,
which shares the two cores; then the largest worker's resident memory, idle and at peak, while a
500 MB file uploads (target: within 50 MB of idle). Each target is printed as met or missed.
The load generator is asyncio over keep-alive HTTP/1.1, in this process, on the same machine.
"""

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from redis import Redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_client import HOST, RunFigures, free_port, multipart, request_bytes, run_load, send

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT.parent / "shared" / "fixtures" / "videos" / "front_raise_kshitij_2.mp4"
REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "a long benchmark password"
REGISTRATION_CODE = "benchmark-registration-code"
EXERCISES = 20
BIG_UPLOAD_MB = 500
UNLIMITED = "1000000 per minute"
TARGET_RPS = 500
TARGET_P99_MS = 50.0  # for the paced exercise list and the reads among waiting uploads
BIG_UPLOAD_MAX_GROWTH_MB = 50.0  # uploads are streamed: the worker must not hold the file
MIXED_UPLOADERS = 10
MIXED_UPLOAD_RPS = 2.0  # together: each uploader every 5 s
MIXED_READ_RPS = 20.0
SECONDS = 10.0
JSON = "application/json"
PREDICT = "/api/v1/predict/"


def server_environment(folder: Path, port: int) -> dict:
    return {
        **os.environ,
        "APP_ENV": "development",
        "MONGO_URI": "",  # never a server someone configured: the embedded store only
        "VIDEO_STORAGE": "local",
        "INSTANCE_DIR": str(folder),
        "EMBEDDED_DB_DIR": str(folder / "db"),
        "UPLOAD_DIR": str(folder / "uploads"),
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "PORT": str(port),
        "JWT_SECRET_KEY": uuid.uuid4().hex * 2,
        "DOCTOR_REGISTRATION_CODE": REGISTRATION_CODE,
        "LOGIN_LIMIT_PER_ACCOUNT": UNLIMITED,
        "LOGIN_LIMIT_PER_IP": UNLIMITED,
        "LOGIN_LIMIT_ACCOUNT_CEILING": UNLIMITED,
        "UPLOAD_LIMIT_PER_USER": UNLIMITED,
        "MAX_UPLOAD_MB": str(BIG_UPLOAD_MB + 100),
    }


def start_gunicorn(folder: Path, port: int) -> subprocess.Popen:
    with open(folder / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
            + ["--bind", f"{HOST}:{port}", "wsgi:app"],
            cwd=ROOT,
            env=server_environment(folder, port),
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError):
            if send(port, "GET", "/healthz")[0] == 200:
                return server
        time.sleep(0.2)
    stop(server)
    raise SystemExit(f"gunicorn did not answer; see {folder / 'gunicorn.log'}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def register(port: int, role: str, extra: dict) -> dict:
    """An account, logged in: its id, e-mail and access token."""
    email = f"{role.lower()}-{uuid.uuid4().hex[:8]}@bench.example"
    body = {"email": email, "full_name": f"{role} Bench", "password": PASSWORD, "role": role}
    status, created = send(port, "POST", "/api/v1/users/", json_body={**body, **extra})
    assert status == 201, created
    status, tokens = send(
        port, "POST", "/api/v1/users/login", json_body={"email": email, "password": PASSWORD}
    )
    assert status == 200, tokens
    return {"id": created["id"], "email": email, "token": tokens["access_token"]}


def create_people(port: int) -> dict:
    """A doctor and a patient, logged in, and exercises the doctor assigned to the patient; and a
    patient who only logs in, since an account keeps its newest sessions only (a login load on
    the patient would end the session the other loads use)."""
    people = {
        "Doctor": register(port, "Doctor", {"registration_code": REGISTRATION_CODE}),
        "Patient": register(port, "Patient", {}),
        "Signer": register(port, "Patient", {}),
    }
    doctor, patient = people["Doctor"], people["Patient"]
    for number in range(EXERCISES):
        status, exercise = send(
            port,
            "POST",
            "/api/v1/exercises/",
            json_body={"name": f"Exercise {number}", "assigned_to": patient["id"]},
            token=doctor["token"],
        )
        assert status == 201, exercise
    patient["exercise_id"] = exercise["id"]
    return people


def scenarios(people: dict, clip: bytes) -> list[tuple[str, int, float | None, bytes, int]]:
    """(name, connections, paced rate or None for back to back, request, expected status)."""
    patient = people["Patient"]
    auth = {"Authorization": f"Bearer {patient['token']}"}
    exercises = request_bytes("GET", f"/api/v1/exercises/patient/{patient['id']}", auth)
    login = json.dumps({"email": people["Signer"]["email"], "password": PASSWORD}).encode()
    content_type, body = multipart({"exercise_id": patient["exercise_id"]}, "clip.mp4", clip)
    return [
        ("exercise list", 50, None, exercises, 200),
        (f"exercise list at {TARGET_RPS}/s", 50, TARGET_RPS, exercises, 200),
        ("login", 4, None, request_bytes("POST", "/api/v1/users/login", {}, login, JSON), 200),
        ("small upload", 4, None, request_bytes("POST", PREDICT, auth, body, content_type), 202),
    ]


def mixed_load(port: int, master: int, people: dict, clip: bytes, seconds: float) -> None:
    """Uploads that wait for their analysis alongside steady reads; prints both."""
    patient = people["Patient"]
    auth = {"Authorization": f"Bearer {patient['token']}"}
    reads = request_bytes("GET", f"/api/v1/exercises/patient/{patient['id']}", auth)
    content_type, body = multipart({"exercise_id": patient["exercise_id"]}, "clip.mp4", clip)
    waiting = request_bytes("POST", f"{PREDICT}?wait=60", auth, body, content_type)
    uploads: list[RunFigures] = []
    uploading = threading.Thread(
        target=lambda: uploads.append(
            run_load(port, waiting, MIXED_UPLOADERS, seconds, 202, MIXED_UPLOAD_RPS)
        )
    )
    uploading.start()
    time.sleep(1.0)  # the first uploads are waiting by now
    read_figures = measure(port, master, reads, 10, seconds, 200, MIXED_READ_RPS)
    uploading.join()
    print_figures(f"mixed: reads at {MIXED_READ_RPS:.0f}/s ×10", [read_figures])
    met = read_figures.p99_ms <= TARGET_P99_MS and not read_figures.errors
    print(f"  {verdict(met)}: reads p99 <= {TARGET_P99_MS:.0f} ms, no errors")
    answered = uploads[0]
    at_once = sum(1 for latency in answered.latencies if latency < 5.0)
    print(
        f"mixed: uploads ?wait=60 ×{MIXED_UPLOADERS}      {answered.requests} answered, "
        f"{at_once} within 5 s, p99 {answered.p99_ms / 1000:.1f} s, errors {answered.errors}"
    )


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def rss_mb(pids: list[int]) -> float:
    """The largest resident set among the processes, in MB (each serves uploads alone)."""
    largest = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
        except OSError:
            continue
    return largest / 1024


def big_upload_memory(port: int, master: int, people: dict, clip: bytes, folder: Path) -> dict:
    """Peak worker RSS while a 500 MB file (the clip, then padding) streams in, against idle."""
    padded = folder / "big.mp4"
    with open(padded, "wb") as out:
        out.write(clip)
        out.truncate(BIG_UPLOAD_MB * 1024 * 1024)
    pids = worker_pids(master)
    idle = rss_mb(pids)
    peak = idle
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mb(pids))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    patient = people["Patient"]
    try:
        status, answer = send(
            port,
            "POST",
            PREDICT,
            token=patient["token"],
            form={"exercise_id": patient["exercise_id"]},
            file_path=padded,
        )
    finally:
        done.set()
        sampler.join()
        padded.unlink()
    return {
        "status": status,
        "stored_mb": answer.get("file_size", 0) / 1e6,
        "idle": idle,
        "peak": peak,
    }


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def workers_cpu_seconds(master: int) -> float:
    """CPU time of every worker the master ever had: those running, and those it replaced."""
    replaced = _stat_fields(master)[13:15]  # children's user and system ticks, once reaped
    total = sum(int(ticks) for ticks in replaced)
    for pid in worker_pids(master):
        with contextlib.suppress(OSError):
            total += sum(int(ticks) for ticks in _stat_fields(pid)[11:13])
    return total / os.sysconf("SC_CLK_TCK")


def measure(port, master, request, connections, seconds, expected, rate) -> RunFigures:
    """One run, with the CPU time the gunicorn workers and the load generator spent per
    request."""
    before, client_before = workers_cpu_seconds(master), time.process_time()
    figures = run_load(port, request, connections, seconds, expected, rate)
    spent = workers_cpu_seconds(master) - before
    figures.server_cpu_ms = spent / max(figures.requests, 1) * 1000
    figures.client_cpu_ms = (time.process_time() - client_before) / max(figures.requests, 1) * 1000
    return figures


def verdict(met: bool) -> str:
    return "target met" if met else "TARGET MISSED"


def paced_target(runs: list[RunFigures]) -> str:
    """At least TARGET_RPS answered per second with p99 within TARGET_P99_MS and no errors (the
    median run's figures)."""
    rps = statistics.median(run.rps for run in runs)
    p99 = statistics.median(run.p99_ms for run in runs)
    met = rps >= 0.98 * TARGET_RPS and p99 <= TARGET_P99_MS and not any(r.errors for r in runs)
    return f"  {verdict(met)}: >= {TARGET_RPS}/s, p99 <= {TARGET_P99_MS:.0f} ms, no errors"


def print_figures(name: str, runs: list[RunFigures]) -> None:
    def median(attribute):
        return statistics.median(getattr(run, attribute) for run in runs)

    kinds = sorted({kind for run in runs for kind in run.error_kinds})
    print(
        f"{name:<28} {median('rps'):7.1f} req/s  p50 {median('p50_ms'):7.1f} ms  "
        f"p99 {median('p99_ms'):7.1f} ms  server CPU {median('server_cpu_ms'):5.2f} ms/req  "
        f"(load generator {median('client_cpu_ms'):4.2f})  "
        f"errors {sum(run.errors for run in runs)} of {sum(run.requests for run in runs)}"
        + (f" ({', '.join(kinds)})" if kinds else "")
    )


def machine_reference_ms() -> float:
    """Median time of a fixed pure-Python loop, printed beside the figures: CPU time per request
    is only comparable between machines that run this loop about as fast."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        sum(range(1_000_000))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each load (median printed)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="length of each run")
    parser.add_argument("--only", help="measure only the loads whose name starts so")
    parser.add_argument("--skip-big-upload", action="store_true")
    args = parser.parse_args()
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    clip = CLIP.read_bytes()
    with tempfile.TemporaryDirectory(prefix="load-") as temporary:
        folder = Path(temporary)
        port = free_port()
        server = start_gunicorn(folder, port)
        try:
            people = create_people(port)
            print(
                f"gunicorn on {HOST}:{port}, {os.cpu_count()} CPUs (a reference loop takes "
                f"{machine_reference_ms():.1f} ms here); median of {args.runs} runs"
            )
            for name, connections, rate, request, expected in scenarios(people, clip):
                if args.only and not name.startswith(args.only):
                    continue
                run_load(port, request, connections, 2.0, expected, rate)  # warm up
                runs = [
                    measure(port, server.pid, request, connections, args.seconds, expected, rate)
                    for _ in range(args.runs)
                ]
                print_figures(f"{name} ×{connections}", runs)
                if rate == TARGET_RPS:
                    print(paced_target(runs))
            if not args.only or "mixed".startswith(args.only):
                mixed_load(port, server.pid, people, clip, args.seconds)
            if not args.skip_big_upload:
                memory = big_upload_memory(port, server.pid, people, clip, folder)
                print(
                    f"{BIG_UPLOAD_MB} MB upload: status {memory['status']}, stored "
                    f"{memory['stored_mb']:.0f} MB; worker RSS idle {memory['idle']:.1f} MB, "
                    f"peak {memory['peak']:.1f} MB (+{memory['peak'] - memory['idle']:.1f} MB)"
                )
                grew = memory["peak"] - memory["idle"]
                met = memory["status"] == 202 and grew <= BIG_UPLOAD_MAX_GROWTH_MB
                limit = f"{BIG_UPLOAD_MAX_GROWTH_MB:.0f} MB"
                print(f"  {verdict(met)}: stored, worker RSS within {limit} of idle")
        finally:
            stop(server)
            redis.flushdb()


if __name__ == "__main__":
    main()
