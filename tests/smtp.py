"""A real SMTP server for the tests (aiosmtpd on a free loopback port).

Used through the ``mail_server`` fixture of ``tests/conftest.py``; see its docstring.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class _Handler:
    def __init__(self, server: MailServer):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):  # aiosmtpd calls it by this name
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.server._add(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MailServer:
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self):
        self._lock = threading.Condition()
        self._controller: Controller | None = None

    # --- life --------------------------------------------------------------------
    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused (a mail server that is down)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    # --- what arrived --------------------------------------------------------------
    def _add(self, item: Received) -> None:
        with self._lock:
            self.received.append(item)
            self._lock.notify_all()

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [r.message for r in self.received]

    def clear(self) -> None:
        with self._lock:
            self.received.clear()

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least ``count`` messages arrived; return them all.

        Raises AssertionError with what did arrive when the time runs out."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} e-mail(s), got {len(self.received)}: "
                        f"{[r.message['Subject'] for r in self.received]}"
                    )
                self._lock.wait(left)
            return [r.message for r in self.received]

    def send_queued(self) -> int:
        """Send every queued e-mail that is due, as the worker's periodic sweep does."""
        from pavilion.notifications.services import retry_due

        return retry_due()

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to ``address`` (envelope recipients)."""
        return [r.message for r in self.received if address in r.rcpt_tos]
