"""Real receivers the notification tests start: an SMTP server (aiosmtpd) and a webhook
receiver (http.server), each in a thread of the test process, on a free local port."""

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from exercise_tracker.notifications.webhook import DELIVERY_HEADER

WEBHOOK_SECRET = "a-clinic-webhook-secret-of-forty-characters"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                (list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.SMTP))
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@dataclass
class Hook:
    body: bytes
    headers: dict


@dataclass
class WebhookReceiver:
    port: int = 0
    received: list = field(default_factory=list)
    # Statuses to answer, in turn, before answering 204 to everything.
    failures: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/exercise-tracker"

    def deliveries(self) -> list[str]:
        return [hook.headers[DELIVERY_HEADER] for hook in self.received]


@pytest.fixture
def webhook_receiver():
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with receiver.lock:
                status = receiver.failures.pop(0) if receiver.failures else 204
                if status == 204:
                    receiver.received.append(Hook(body, dict(self.headers)))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


def channel_settings(smtp_server, webhook_receiver) -> dict:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_server.port,
        "SMTP_TLS": "off",
        "SMTP_FROM": "Clinic <clinic@clinic.example>",
        "WEBHOOK_URL": webhook_receiver.url,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
