"""Endpoints resolving to private, loopback or link-local addresses are refused when saved
and again when sent (a DNS answer that changes after the save is caught), unless
``HELPDESK_WEBHOOKS_ALLOW_PRIVATE``; the request goes to the address that was checked."""

import socket

import pytest
from django.core.exceptions import ValidationError

from webhooks import sender, tasks
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"


def fake_dns(monkeypatch, answers: dict[str, list[str]]):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port),
                )
                for ip in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.9/hook",
        "http://192.168.1.20/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_private_addresses_are_refused_at_save(settings, make_endpoint, url):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as error:
        make_endpoint(url)
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "http:///nohost"])
def test_other_schemes_are_refused_even_when_private_is_allowed(make_endpoint, url):
    with pytest.raises(ValidationError):
        make_endpoint(url)


def test_a_name_with_any_private_answer_is_refused(settings, monkeypatch, make_endpoint):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    fake_dns(monkeypatch, {"mixed.example": [PUBLIC, "10.0.0.7"]})
    with pytest.raises(ValidationError):
        make_endpoint("https://mixed.example/hook")


def test_public_name_is_accepted(settings, monkeypatch, make_endpoint):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    fake_dns(monkeypatch, {"hooks.example": [PUBLIC]})
    endpoint = make_endpoint("https://hooks.example/in")
    assert sender.check_url(endpoint.url).address == PUBLIC


def test_loopback_is_accepted_when_the_setting_allows_it(make_endpoint, receiver):
    assert make_endpoint(receiver.url).pk


def test_rebinding_to_a_private_address_after_the_save_is_refused_at_send(
    settings, monkeypatch, make_endpoint, make_ticket, receiver
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    fake_dns(monkeypatch, {"rebind.example": [PUBLIC]})
    make_endpoint(f"http://rebind.example:{receiver.server.server_address[1]}/hook")
    make_ticket()
    fake_dns(monkeypatch, {"rebind.example": ["127.0.0.1"]})  # the attacker's DNS flips
    delivery = Delivery.objects.get()
    outcome = tasks.attempt(delivery.pk)
    assert outcome.sent and not outcome.ok
    row = Delivery.objects.get(pk=delivery.pk)
    assert "(127.0.0.1)" in row.last_error and row.last_status_code is None
    assert receiver.wait_for(1, timeout=0.5) == []


def test_the_connection_goes_to_the_checked_address_with_the_hosts_name(
    monkeypatch, make_endpoint, make_ticket, receiver
):
    port = receiver.server.server_address[1]
    fake_dns(monkeypatch, {"receiver.test": ["127.0.0.1"]})
    make_endpoint(f"http://receiver.test:{port}/hook?x=1")
    make_ticket()
    real = socket.getaddrinfo
    answers = iter([["127.0.0.1"]])  # one answer: a second lookup would get 192.0.2.1

    def once(host, port_, *args, **kwargs):
        if host == "receiver.test":
            ip = next(answers, ["192.0.2.1"])[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port_))]
        return real(host, port_, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", once)
    assert tasks.attempt(Delivery.objects.get().pk).ok
    [request] = receiver.wait_for(1)
    assert request.headers["host"] == f"receiver.test:{port}"
    assert request.path == "/hook?x=1"
