"""Token verification done once per distinct token and process.

flask-jwt-extended has PyJWT read every bearer token three times per request (its claims and
header unverified, then verified), about a tenth of what an exercise list costs the web process.
A token string that verified keeps its claims here, keyed by the app's decoding key too, and its
expiry is checked again each time it is used; everything after decoding (the session check that
logout, a password change or erasure ends) still runs on every request.
"""

import threading
import time
from collections import OrderedDict

from flask import current_app
from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config

MAX_VERIFIED_TOKENS = 4096  # per app and process: a few MB at most


class VerifiedTokens:
    """Claims of tokens whose signature was verified, the most recently used kept."""

    def __init__(self, capacity: int = MAX_VERIFIED_TOKENS):
        self._claims: OrderedDict[tuple, dict] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: tuple, leeway: float) -> dict | None:
        """The claims, while the token has not expired (as PyJWT judges expiry)."""
        with self._lock:
            claims = self._claims.get(key)
            if claims is None:
                return None
            expires = claims.get("exp")
            if expires is not None and expires <= time.time() - leeway:
                del self._claims[key]
                return None
            self._claims.move_to_end(key)
            return dict(claims)

    def put(self, key: tuple, claims: dict) -> None:
        with self._lock:
            self._claims[key] = dict(claims)
            self._claims.move_to_end(key)
            while len(self._claims) > self._capacity:
                self._claims.popitem(last=False)

    def __len__(self) -> int:
        return len(self._claims)


class TokenManager(JWTManager):
    """flask-jwt-extended's manager, verifying each distinct bearer token once."""

    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if csrf_value is not None or allow_expired:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        verified = current_app.extensions.setdefault("verified_tokens", VerifiedTokens())
        key = (config.decode_key, tuple(config.decode_algorithms), encoded_token)
        claims = verified.get(key, config.leeway)
        if claims is None:
            claims = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
            verified.put(key, claims)
        return claims
