"""Pictures and documents of health data as HTTP answers: never kept by shared caches."""

import hashlib

from flask import request
from werkzeug.wrappers import Response


def private_file(data: bytes, mimetype: str, filename: str) -> Response:
    """`Cache-Control: private, no-cache` with an ETag: the browser keeps it for this user alone
    and asks again each time, answered 304 while it has not changed."""
    response = Response(data, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(hashlib.sha256(data).hexdigest())
    return response.make_conditional(request)
