"""The e-mail channel: one plain-text message over SMTP (STARTTLS, TLS or, locally, neither)."""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from exercise_tracker.notifications.errors import DeliveryFailed
from exercise_tracker.notifications.settings import SmtpSettings

DELIVERY_HEADER = "X-Exercise-Tracker-Delivery"


def compose(settings: SmtpSettings, to: str, subject: str, text: str, delivery_id: str):
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=delivery_id)
    # Lets a mail filter or a relay drop a duplicate of the same delivery.
    message[DELIVERY_HEADER] = delivery_id
    message.set_content(text)
    return message


def send_email(settings: SmtpSettings, to: str, subject: str, text: str, delivery_id: str):
    message = compose(settings, to, subject, text, delivery_id)
    try:
        if settings.tls == "ssl":
            connection = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout_s,
                context=ssl.create_default_context(),
            )
        else:
            connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
        with connection as smtp:
            if settings.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(message)
    except smtplib.SMTPResponseException as error:
        # 5xx is the server's final word (a refused address, bad credentials); 4xx may pass later.
        raise DeliveryFailed(f"SMTP {error.smtp_code}", retryable=error.smtp_code < 500) from error
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryFailed("SMTP recipient refused", retryable=False) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(type(error).__name__, retryable=True) from error
