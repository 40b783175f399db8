"""The channels' settings, typed, from the app's configuration: a channel not configured is off."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from exercise_tracker.models.delivery import Channel

SMTP_TLS_MODES = ("starttls", "ssl", "off")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str  # one of SMTP_TLS_MODES
    user: str | None
    password: str | None
    sender: str
    timeout_s: float = 15.0


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: str
    timeout_s: float = 10.0


@dataclass(frozen=True)
class NotificationSettings:
    email: SmtpSettings | None
    webhook: WebhookSettings | None
    retry_intervals_s: tuple[int, ...]

    @property
    def channels(self) -> tuple[Channel, ...]:
        return tuple(
            channel
            for channel, settings in ((Channel.EMAIL, self.email), (Channel.WEBHOOK, self.webhook))
            if settings is not None
        )

    @classmethod
    def from_config(cls, config) -> "NotificationSettings":
        email = None
        if config["SMTP_HOST"]:
            email = SmtpSettings(
                host=config["SMTP_HOST"],
                port=config["SMTP_PORT"],
                tls=config["SMTP_TLS"],
                user=config["SMTP_USER"],
                password=config["SMTP_PASSWORD"],
                sender=config["SMTP_FROM"],
            )
        webhook = None
        if config["WEBHOOK_URL"] and config["WEBHOOK_SECRET"]:
            webhook = WebhookSettings(
                url=config["WEBHOOK_URL"],
                secret=config["WEBHOOK_SECRET"],
                timeout_s=config["WEBHOOK_TIMEOUT_S"],
            )
        intervals = tuple(config["NOTIFY_RETRY_INTERVALS_S"])[: config["NOTIFY_RETRIES"]]
        return cls(email=email, webhook=webhook, retry_intervals_s=intervals)


def configuration_problems(config) -> list[str]:
    """Reasons the channels' settings cannot work, for the configuration's own checks."""
    problems = []
    if config["SMTP_TLS"] not in SMTP_TLS_MODES:
        problems.append(f"SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}")
    if config["WEBHOOK_URL"]:
        if urlsplit(config["WEBHOOK_URL"]).scheme not in ("http", "https"):
            problems.append("WEBHOOK_URL must be an http(s) URL")
        if len(config["WEBHOOK_SECRET"] or "") < 32:
            problems.append("WEBHOOK_SECRET is missing or shorter than 32 characters")
    return problems
