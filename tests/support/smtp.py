"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, one per test module.

The sink keeps every accepted message (parsed, with its envelope). It can refuse the
next N messages with a temporary error (451), and it can hold a message un-answered
until the test lets it go, which is how a test kills a worker in the middle of a send.
"""

import asyncio
import email
import email.policy
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    envelope_from: str
    envelope_to: list
    message: email.message.EmailMessage

    @property
    def to(self):
        return self.envelope_to[0] if len(self.envelope_to) == 1 else self.envelope_to

    def part(self, content_type):
        body = self.message.get_body(preferencelist=(content_type.split("/")[1],))
        return body.get_content() if body is not None else None

    @property
    def text(self):
        return self.part("text/plain")

    @property
    def html(self):
        return self.part("text/html")

    def attachments(self):
        return list(self.message.iter_attachments())


@dataclass
class SmtpSink:
    messages: list = field(default_factory=list)
    refuse_next: int = 0
    hold_at: int | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0
    refused: int = 0

    def clear(self):
        with self.lock:
            self.messages.clear()
            self.refuse_next = 0
            self.refused = 0
            self.hold_at = None
            self.holding.clear()
            self.release.clear()

    def count_per_recipient(self):
        with self.lock:
            return Counter(rcpt for m in self.messages for rcpt in m.envelope_to)

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address in m.envelope_to]

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Tijdelijk niet beschikbaar"
            hold = self.hold_at is not None and len(self.messages) >= self.hold_at
        if hold:
            # Answer nothing until the test says so; the client is killed meanwhile.
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 4.3.0 Niet afgeleverd"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def smtp_server():
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    sink.release.set()
    controller.stop()


@pytest.fixture
def smtp_sink(smtp_server, settings):
    """The module's SMTP server, emptied, with every mailer of the site pointed at it."""
    smtp_server.clear()
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 10},
    }
    settings.MAILERS = dict.fromkeys(settings.MAILERS, smtp)
    yield smtp_server
    smtp_server.release.set()
