"""A real SMTP server (aiosmtpd) in the test process, collecting every message it accepts.

Reusable: ``smtp_server`` starts the server; ``smtp_settings`` also points Django's SMTP email
backend at it. ``smtp_server.handler.rcpt_replies[address]`` / ``data_replies[address]`` are
lists of SMTP replies (e.g. ``"451 4.7.1 Try again later"``) returned, one per attempt, before
accepting that address normally.
"""

import email
import email.policy
import logging
import socket
import threading
from collections import Counter
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    content: bytes

    @property
    def message(self):
        return email.message_from_bytes(self.content, policy=email.policy.default)


class CollectingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.rcpt_replies: dict[str, list[str]] = {}
        self.data_replies: dict[str, list[str]] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            replies = self.rcpt_replies.get(address)
            if replies:
                return replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                replies = self.data_replies.get(address)
                if replies:
                    return replies.pop(0)
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          bytes(envelope.original_content or envelope.content)))
        return "250 Message accepted for delivery"

    # -- helpers for assertions ------------------------------------------------------------
    def per_recipient(self) -> Counter:
        with self.lock:
            return Counter(address for item in self.received for address in item.rcpt_tos)

    def messages_to(self, address: str) -> list:
        with self.lock:
            return [item.message for item in self.received if address in item.rcpt_tos]

    def clear(self):
        with self.lock:
            self.received.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.received = handler.received
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.hostname
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return smtp_server
