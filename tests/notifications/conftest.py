"""The local SMTP server and webhook receiver, for the tests of this folder."""

from tests.notifications.servers import smtp_server, webhook_receiver  # noqa: F401
