"""A small HTTP/1.1 load generator (asyncio, keep-alive connections) and one-off requests.

Traffic goes to the loopback interface only.
"""

import asyncio
import http.client
import json
import socket
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
CHUNK_BYTES = 1024 * 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def request_bytes(method, path, headers, body=b"", content_type=None) -> bytes:
    """One complete HTTP/1.1 request, sent as is on every turn."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def multipart_parts(form: dict, file_name: str) -> tuple[str, bytes, bytes]:
    """Content type, the bytes before the file's content and the bytes after it."""
    boundary = uuid.uuid4().hex
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in form.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{file_name}"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    return f"multipart/form-data; boundary={boundary}", head, f"\r\n--{boundary}--\r\n".encode()


def multipart(form: dict, file_name: str, content: bytes) -> tuple[str, bytes]:
    content_type, head, tail = multipart_parts(form, file_name)
    return content_type, head + content + tail


def send(port, method, path, *, json_body=None, token=None, form=None, file_path=None):
    """One request on its own connection; a file is streamed, never read whole."""
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        if file_path is None:
            body = json.dumps(json_body).encode() if json_body is not None else None
            if body is not None:
                headers["Content-Type"] = "application/json"
            connection.request(method, path, body=body, headers=headers)
        else:
            content_type, head, tail = multipart_parts(form, Path(file_path).name)
            size = len(head) + Path(file_path).stat().st_size + len(tail)
            connection.putrequest(method, path)
            for name, value in {**headers, "Content-Type": content_type}.items():
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(size))
            connection.endheaders()
            connection.send(head)
            with open(file_path, "rb") as source:
                while chunk := source.read(CHUNK_BYTES):
                    connection.send(chunk)
            connection.send(tail)
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else {}
    finally:
        connection.close()


@dataclass
class RunFigures:
    requests: int
    seconds: float
    latencies: list[float]
    error_kinds: Counter = field(default_factory=Counter)
    server_cpu_ms: float = float("nan")
    client_cpu_ms: float = float("nan")  # the load generator's own, on the same cores

    @property
    def errors(self) -> int:
        return sum(self.error_kinds.values())

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    @property
    def p50_ms(self) -> float:
        return self.percentile_ms(0.50)

    @property
    def p99_ms(self) -> float:
        return self.percentile_ms(0.99)


async def _read_response(reader) -> tuple[int, bool]:
    """The status, and whether the server keeps the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(int(headers.get("content-length", 0)))
    return status, headers.get("connection", "").lower() != "close"


async def _connection(port, request, deadline, expected, figures, interval=None, offset=0.0):
    """Sends `request` back to back, or one every `interval` seconds from `offset` on.

    Paced, latency counts from when a request was due, so a stalled server is not excused by
    the requests it kept the client from sending.
    """
    reader = writer = None
    due = time.perf_counter() + offset
    while time.perf_counter() < deadline:
        if interval is not None:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if writer is None:
            reader, writer = await asyncio.open_connection(HOST, port)
            fresh = True
        started = due if interval is not None else time.perf_counter()
        try:
            writer.write(request)
            status, keep_alive = await _read_response(reader)
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            writer.close()
            writer = None
            if not fresh:  # the server closed an idle connection: retry on a new one
                continue
            figures.error_kinds[type(error).__name__] += 1
            continue
        figures.latencies.append(time.perf_counter() - started)
        figures.requests += 1
        if status != expected:
            figures.error_kinds[f"HTTP {status}"] += 1
        fresh = False
        if interval is not None:
            due += interval
        if not keep_alive:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def run_load(
    port, request: bytes, connections: int, seconds: float, expected: int, rate: float | None = None
) -> RunFigures:
    """`connections` clients send `request` for `seconds`: back to back, or together at `rate`
    requests per second, evenly spread."""

    async def _run() -> RunFigures:
        figures = RunFigures(requests=0, seconds=seconds, latencies=[])
        deadline = time.perf_counter() + seconds
        interval = connections / rate if rate else None
        await asyncio.gather(
            *(
                _connection(
                    port,
                    request,
                    deadline,
                    expected,
                    figures,
                    interval,
                    (interval or 0) * i / connections,
                )
                for i in range(connections)
            )
        )
        return figures

    return asyncio.run(_run())
