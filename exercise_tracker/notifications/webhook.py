"""The webhook channel: a JSON POST signed with HMAC-SHA256 under the clinic's secret.

The signature covers `<timestamp>.<body>`, so a receiver that checks the timestamp is recent
(see `verify`) refuses a replayed request as well as a forged one. Each attempt is signed anew.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from exercise_tracker.notifications.errors import DeliveryFailed
from exercise_tracker.notifications.settings import WebhookSettings

SIGNATURE_HEADER = "X-Exercise-Tracker-Signature"
TIMESTAMP_HEADER = "X-Exercise-Tracker-Timestamp"
DELIVERY_HEADER = "X-Exercise-Tracker-Delivery"
REPLAY_TOLERANCE_S = 300
# The receiver is busy or down: worth another try. Any other refusal is final.
RETRYABLE_STATUSES = frozenset({408, 425, 429})


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signed: str | None,
    *,
    now: float | None = None,
    tolerance_s: int = REPLAY_TOLERANCE_S,
) -> bool:
    """What a receiver checks: the signature matches and the timestamp is recent."""
    if not timestamp or not signed or not timestamp.isdigit():
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), signed)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would resend health data elsewhere unsigned-for: treat it as a refusal."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_webhook(settings: WebhookSettings, payload: dict, delivery_id: str) -> int:
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        settings.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "exercise-tracker-webhook",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(settings.secret, timestamp, body),
            DELIVERY_HEADER: delivery_id,
        },
    )
    try:
        with _opener.open(request, timeout=settings.timeout_s) as response:
            return response.status
    except urllib.error.HTTPError as error:
        retryable = error.code >= 500 or error.code in RETRYABLE_STATUSES
        raise DeliveryFailed(f"HTTP {error.code}", retryable=retryable) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryFailed(type(reason).__name__, retryable=True) from error
