"""The whole life of a ticket opened by e-mail is one thread for an independent threader
(Debian's notmuch): the requester's messages, the desk's mail to the requester and to the
agent, the agent's answer from their mail client and a reply whose client dropped its
headers. Real servers: Dovecot (intake), the SMTP sink (what the desk sent)."""

import shutil
import subprocess
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from mail.inbound import imap
from tests.worker import skip_or_fail
from tickets import services
from tickets.models import Ticket
from tickets.services.rating import current_resolution_key

pytestmark = [
    pytest.mark.imap,
    pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a"),
]
REQUESTER = "Laura Gómez <laura@example.com>"


def _notmuch_threads(tmp_path, messages: list[bytes]) -> tuple[int, int]:
    """(threads, messages) notmuch counts in a maildir holding ``messages``."""
    if not shutil.which("notmuch"):
        skip_or_fail("needs notmuch (Debian's package; .ci/run installs it)")
    root = tmp_path / "maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for i, raw in enumerate(messages):
        (root / "cur" / f"{i}.helpdesk:2,S").write_bytes(raw)
    config = tmp_path / "notmuch-config"
    config.write_text(
        f"[database]\npath={root}\n[user]\nname=Test\nprimary_email=test@example.com\n"
        "[new]\ntags=\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n"
    )
    env = {"NOTMUCH_CONFIG": str(config), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> str:
        done = subprocess.run(  # noqa: S603
            ["notmuch", *args], env=env, capture_output=True, text=True, check=True, timeout=60
        )
        return done.stdout.strip()

    run("new", "--quiet")
    return int(run("count", "--output=threads", "*")), int(run("count", "*"))


def _reply(to_mail, *, sender: str, body: str, keep_headers: bool = True) -> bytes:
    """What a mail client sends when its user answers ``to_mail`` (a message the desk sent)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to_mail["Reply-To"]
    msg["Subject"] = f"RE: {to_mail['Subject']}"
    msg["Message-ID"] = make_msgid(domain="client.example")
    if keep_headers:
        refs = f"{to_mail['References'] or ''} {to_mail['Message-ID']}".strip()
        msg["In-Reply-To"] = to_mail["Message-ID"]
        msg["References"] = refs
    else:  # a client that drops the threading headers and writes to the plain address
        msg.replace_header("To", "helpdesk@localhost")
    msg.set_content(f"{body}\n\n> lo que dijo la mesa")
    return msg.as_bytes()


@pytest.fixture
def desk(settings, smtp_sink, send_queued_mail):
    """The desk's mail goes through the real SMTP sink; ``desk.sent()`` is what arrived."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_sink.host, smtp_sink.port
    settings.HELPDESK_MAIL_AGENT_ALERTS = True  # the agent's own notification mail
    smtp_sink.clear()

    class Desk:
        def sent(self) -> list:
            send_queued_mail()
            return smtp_sink.received()

    yield Desk()
    smtp_sink.clear()


def test_a_tickets_whole_mail_life_is_one_thread_for_notmuch(
    tmp_path, mailbox, desk, mesa_user, django_capture_on_commit_callbacks
):
    def receive(raw: bytes) -> dict:
        mailbox.deliver(raw)
        with django_capture_on_commit_callbacks(execute=True):
            return imap.poll()

    def act(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    opening = EmailMessage()
    opening["From"], opening["To"], opening["Subject"] = (
        REQUESTER,
        "helpdesk@localhost",
        "Impresora",
    )
    opening["Message-ID"] = make_msgid(domain="client.example")
    opening.set_content("La impresora del segundo piso no imprime.")
    written = [opening.as_bytes()]
    assert receive(written[0]) == {"ticket": 1}
    ticket = Ticket.objects.get()
    for text in ("Vamos a revisarla hoy.", "Pedimos el tóner de repuesto."):
        act(services.ticket_reply, actor=mesa_user, ticket=ticket, text=text)
    to_requester = [m for m in desk.sent() if m["To"] == "laura@example.com"]
    assert len(to_requester) == 3  # acknowledgement and the two replies
    written.append(_reply(to_requester[-1], sender=REQUESTER, body="Gracias, espero."))
    assert receive(written[-1]) == {"comment": 1}
    act(
        services.ticket_update,
        actor=mesa_user,
        ticket=ticket,
        status="RESUELTO",
        response="Tóner cambiado, ya imprime.",
    )
    ticket.refresh_from_db()
    act(
        services.ticket_record_rating,
        ticket_id=ticket.pk,
        resolution_key=current_resolution_key(ticket),
        score="good",
        comment="Rápidos.",
    )
    [alert] = [m for m in desk.sent() if m["To"] == mesa_user.email]
    written.append(_reply(alert, sender=mesa_user.email, body="Queda registrado, gracias."))
    assert receive(written[-1]) == {"comment": 1}  # the agent, from their mailbox
    last = [m for m in desk.sent() if m["To"] == "laura@example.com"][-1]
    assert "Queda registrado" in last.get_body().get_content()
    written.append(_reply(last, sender=REQUESTER, body="Volvió a fallar.", keep_headers=False))
    assert receive(written[-1]) == {"comment": 1}  # by the label; it reopens the ticket
    ticket.refresh_from_db()
    assert ticket.status == "EN_PROCESO"

    sent = desk.sent()
    everything = written + [m.as_bytes() for m in sent]
    assert len(written) == 4 and len(sent) >= 8
    assert _notmuch_threads(tmp_path, everything) == (1, len(everything))


def test_notmuch_keeps_an_unrelated_conversation_apart(tmp_path):
    first, second = EmailMessage(), EmailMessage()
    for msg, subject in ((first, "Impresora"), (second, "Impresora")):
        msg["From"], msg["Subject"] = REQUESTER, subject
        msg["Message-ID"] = make_msgid(domain="client.example")
        msg.set_content("x")
    assert _notmuch_threads(tmp_path, [first.as_bytes(), second.as_bytes()]) == (2, 2)
