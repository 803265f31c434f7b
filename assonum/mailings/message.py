"""Building the messages of a campaign: once per segment, then a cheap per-recipient fill-in.

A :class:`SegmentTemplate` holds what is common to every reader of a segment (the rendered
subject, text and HTML, the encoded From, List-Id...). ``raw_bytes(recipient)`` produces the
complete RFC 5322 message (multipart/alternative, text + HTML, quoted-printable UTF-8) with
string operations and C-implemented encoders only, so that sending is limited by the SMTP server,
not by Python's ``email`` package. ``django_message(recipient)`` builds the same message as a
Django ``EmailMultiAlternatives`` for non-SMTP backends (django-anymail ESPs, files, locmem).
"""

from __future__ import annotations

import binascii
import hashlib
import html as html_lib
import re
import secrets
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings

CRLF = "\r\n"

#: The canonical placeholders (see the docstring of assonum.mailings.services).
PLACEHOLDERS = ("%%UNSUBSCRIBE_URL%%", "%%PREFERENCES_URL%%", "%%EMAIL%%")
PLACEHOLDER_RE = re.compile(r"%%([A-Z][A-Z0-9_]*)%%")

#: Headers covered by the DKIM signature when signing is configured.
DKIM_HEADERS = (
    b"from", b"to", b"subject", b"date", b"message-id",
    b"list-id", b"list-unsubscribe", b"list-unsubscribe-post",
)


class RenderedMessage(NamedTuple):
    """What a renderer returns for one segment; may contain the placeholders."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Recipient:
    """The per-recipient values of a delivery."""

    ref: str
    email: str
    context: dict = field(default_factory=dict)


def placeholder_values(recipient: Recipient) -> dict[str, str]:
    values = {key.upper(): str(value) for key, value in (recipient.context or {}).items()}
    values["EMAIL"] = recipient.email
    return values


def substitute(template: str, values: dict[str, str], *, escape: bool = False) -> str:
    """Replace ``%%NAME%%`` by ``values["NAME"]``; unknown placeholders are left visible."""
    if "%%" not in template:
        return template

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        return html_lib.escape(value) if escape else value

    return PLACEHOLDER_RE.sub(replace, template)


def message_id(campaign_id: int, recipient_ref: str, domain: str) -> str:
    """A Message-ID derived from campaign + recipient: the same on every attempt."""
    digest = hashlib.sha256(f"{campaign_id}:{recipient_ref}".encode()).hexdigest()[:24]
    return f"<mailing.{campaign_id}.{digest}@{domain}>"


def _qp(text: str) -> bytes:
    """Quoted-printable UTF-8 with CRLF line ends (binascii is implemented in C)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return binascii.b2a_qp(text.replace("\n", CRLF).encode("utf-8"), quotetabs=False, istext=True)


def _encode_header(value: str) -> str:
    value = " ".join(value.split())
    if value.isascii() and len(value) < 900:
        return value
    return Header(value, "utf-8", header_name="Subject").encode(linesep=CRLF)


def _ascii_address(address: str) -> str:
    if address.isascii():
        return address
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


@lru_cache(maxsize=4)
def _dkim_key(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def dkim_settings() -> tuple[bytes, bytes, bytes] | None:
    """(selector, domain, private key) when DKIM signing is configured, else None."""
    path = getattr(settings, "DKIM_PRIVATE_KEY_PATH", "")
    selector = getattr(settings, "DKIM_SELECTOR", "")
    domain = getattr(settings, "DKIM_DOMAIN", "")
    if not (path and selector and domain):
        return None
    return selector.encode(), domain.encode(), _dkim_key(str(path))


def dkim_sign(raw: bytes, config: tuple[bytes, bytes, bytes]) -> bytes:
    import dkim

    selector, domain, key = config
    signature = dkim.sign(
        raw, selector, domain, key,
        canonicalize=(b"relaxed", b"relaxed"),
        include_headers=list(DKIM_HEADERS),
        linesep=b"\r\n",
    )
    return signature + raw


def message_domain() -> str:
    domain = getattr(settings, "DKIM_DOMAIN", "")
    if domain:
        return domain
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def unsubscribe_mailto() -> str:
    """The ``mailto:`` target of List-Unsubscribe: only a mailbox someone actually reads.

    Never the sender (a no-reply address): without ``MAILINGS_UNSUBSCRIBE_MAILTO`` the header
    carries the RFC 8058 one-click https link only, which every major mailbox uses.
    """
    address = getattr(settings, "MAILINGS_UNSUBSCRIBE_MAILTO", "").strip()
    if not address or any(c in address for c in "\r\n<>, "):
        return ""
    return f"mailto:{address}?subject=unsubscribe"


class SegmentTemplate:
    """Everything common to the readers of one (campaign, segment): built once per worker."""

    def __init__(self, *, campaign_id: int, rendered: RenderedMessage, list_id: str,
                 from_email: str = "", dkim: tuple[bytes, bytes, bytes] | None = None):
        self.campaign_id = campaign_id
        self.rendered = rendered
        self.list_id = list_id
        self.from_email = from_email or settings.DEFAULT_FROM_EMAIL
        name, address = parseaddr(self.from_email)
        self.envelope_from = getattr(settings, "MAILINGS_RETURN_PATH", "") or address
        self.from_header = formataddr((name, _ascii_address(address)), charset="utf-8")
        self.domain = message_domain()
        self.mailto = unsubscribe_mailto()
        self.dkim = dkim
        self.boundary = "=_assonum_" + secrets.token_hex(8)
        self.subject_dynamic = "%%" in rendered.subject
        self.subject_header = None if self.subject_dynamic else _encode_header(rendered.subject)
        self.text_dynamic = "%%" in rendered.text
        self.html_dynamic = "%%" in rendered.html
        self.text_qp = None if self.text_dynamic else _qp(rendered.text)
        self.html_qp = None if self.html_dynamic else _qp(rendered.html)
        phrase, _, rest = list_id.partition("<")
        self.list_id_header = (
            f"{_encode_header(phrase.strip())} <{rest}" if rest and not phrase.isascii()
            else _encode_header(list_id)
        )

    # -- per recipient --------------------------------------------------------------------
    def headers(self, recipient: Recipient, values: dict[str, str]) -> dict[str, str]:
        """The list headers of this recipient's message (shared by both builders)."""
        headers = {
            "Message-ID": message_id(self.campaign_id, recipient.ref, self.domain),
            "List-Id": self.list_id_header,
        }
        unsubscribe_url = values.get("UNSUBSCRIBE_URL")
        if unsubscribe_url:
            targets = [f"<{unsubscribe_url}>"]
            if self.mailto:
                targets.append(f"<{self.mailto}>")
            headers["List-Unsubscribe"] = ", ".join(targets)
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        return headers

    def raw_bytes(self, recipient: Recipient) -> bytes:
        """The complete message, ready for ``smtplib.SMTP.sendmail`` (CRLF line ends)."""
        values = placeholder_values(recipient)
        subject = (
            _encode_header(substitute(self.rendered.subject, values))
            if self.subject_dynamic else self.subject_header
        )
        text_qp = self.text_qp if self.text_qp is not None else _qp(
            substitute(self.rendered.text, values))
        html_qp = self.html_qp if self.html_qp is not None else _qp(
            substitute(self.rendered.html, values, escape=True))
        lines = [
            f"From: {self.from_header}",
            f"To: {_ascii_address(recipient.email)}",
            f"Subject: {subject}",
            f"Date: {formatdate(usegmt=True)}",
        ]
        lines += [f"{name}: {value}" for name, value in self.headers(recipient, values).items()]
        boundary = self.boundary
        lines += [
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            'Content-Type: text/plain; charset="utf-8"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
        ]
        raw = b"".join((
            CRLF.join(lines).encode("ascii") + b"\r\n",
            text_qp,
            (f"--{boundary}{CRLF}"
             f'Content-Type: text/html; charset="utf-8"{CRLF}'
             f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}").encode("ascii"),
            html_qp,
            f"--{boundary}--{CRLF}".encode("ascii"),
        ))
        if self.dkim:
            raw = dkim_sign(raw, self.dkim)
        return raw

    def django_message(self, recipient: Recipient, connection=None):
        """The same message as a Django EmailMultiAlternatives (ESP / file / locmem backends)."""
        from django.core.mail import EmailMultiAlternatives

        values = placeholder_values(recipient)
        message = EmailMultiAlternatives(
            subject=" ".join(substitute(self.rendered.subject, values).split()),
            body=substitute(self.rendered.text, values),
            from_email=self.from_email,
            to=[recipient.email],
            headers=self.headers(recipient, values),
            connection=connection,
        )
        message.attach_alternative(substitute(self.rendered.html, values, escape=True), "text/html")
        return message
