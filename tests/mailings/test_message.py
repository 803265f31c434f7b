"""Message building, DKIM signing and the rate limiter (no waiting: injected clock)."""

import base64

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from assonum.mailings.message import Recipient, RenderedMessage, SegmentTemplate, substitute
from assonum.mailings.sending import RateLimiter, Worker

from .factories import make_campaign
from .test_sending import begin

pytestmark = pytest.mark.django_db


def test_placeholders_are_substituted_and_escaped_in_html_only():
    values = {"UNSUBSCRIBE_URL": "https://x.test/d/?a=1&b=<2>", "EMAIL": "a@b.test"}
    assert substitute("%%UNSUBSCRIBE_URL%% %%EMAIL%% %%OTHER%%", values) == (
        "https://x.test/d/?a=1&b=<2> a@b.test %%OTHER%%")
    assert substitute('<a href="%%UNSUBSCRIBE_URL%%">', values, escape=True) == (
        '<a href="https://x.test/d/?a=1&amp;b=&lt;2&gt;">')


def test_long_lines_and_accents_survive_quoted_printable(settings):
    import email
    import email.policy

    long_line = "é" * 500 + " fin"
    template = SegmentTemplate(campaign_id=1, list_id="L <l.test>",
                               rendered=RenderedMessage("Été", long_line, f"<p>{long_line}</p>"))
    raw = template.raw_bytes(Recipient("1", "a@b.test", {}))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Été"
    assert message.get_body(("plain",)).get_content().strip() == long_line


@pytest.fixture
def dkim_key(tmp_path, settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "dkim.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.TraditionalOpenSSL,
                                       serialization.NoEncryption()))
    settings.DKIM_PRIVATE_KEY_PATH = str(path)
    settings.DKIM_SELECTOR = "lettre"
    settings.DKIM_DOMAIN = "assonum.test"
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def test_dkim_signature_verifies_and_covers_the_list_headers(smtp_settings, dkim_key):
    def dns(name, timeout=5):
        assert name == b"lettre._domainkey.assonum.test."
        return dkim_key

    campaign = begin(make_campaign(2))
    Worker(campaign).run()
    raw = smtp_settings.handler.received[0].content
    assert dkim.verify(raw, dnsfunc=dns)
    signature = smtp_settings.handler.received[0].message["DKIM-Signature"]
    signed = {h.strip().lower() for h in signature.split("h=")[1].split(";")[0].split(":")}
    assert {"from", "to", "subject", "date", "message-id", "list-id", "list-unsubscribe",
            "list-unsubscribe-post"} <= signed
    # a tampered unsubscribe link breaks the signature
    tampered = raw.replace(b"desabonnement/tok", b"desabonnement/TOK", 1)
    assert not dkim.verify(tampered, dnsfunc=dns)


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_spaces_messages():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    waits = [limiter.wait() for _ in range(5)]
    assert waits[0] == 0
    assert waits[1:] == pytest.approx([0.1] * 4)
    assert clock.now == pytest.approx(100.4)  # 5 messages in 0.4 s: 10 per second


def test_rate_limiter_allows_a_burst_then_paces():
    clock = FakeClock()
    limiter = RateLimiter(2, burst=3, clock=clock, sleep=clock.sleep)
    assert [limiter.delay() for _ in range(3)] == [0, 0, 0]
    assert limiter.delay() == pytest.approx(0.5)
    clock.now += 10  # a long pause refills at most the burst
    assert [limiter.delay() for _ in range(3)] == [0, 0, 0]
    assert limiter.delay() > 0


def test_unlimited_rate_never_waits():
    clock = FakeClock()
    limiter = RateLimiter(0, clock=clock, sleep=clock.sleep)
    assert all(limiter.wait() == 0 for _ in range(1000))
    assert clock.slept == []


def test_worker_shares_the_global_rate_between_parallel_tasks(settings):
    from assonum.mailings.sending import worker_rate

    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 50
    settings.MAILINGS_PARALLEL_TASKS = 2
    assert worker_rate() == 25
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0
    assert worker_rate() == 0
