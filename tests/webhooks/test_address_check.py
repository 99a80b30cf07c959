"""Endpoints resolving to private, loopback or link-local addresses are refused when saved
and again when sent (a DNS answer that changes after the save is caught), unless
``HELPDESK_WEBHOOKS_ALLOW_PRIVATE``; the request goes to the address that was checked."""

import ipaddress
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
        # IPv6 forms that carry a private IPv4 address (issue 26 item 6)
        "http://[::127.0.0.1]/hook",  # IPv4-compatible
        "http://[64:ff9b::7f00:1]/hook",  # NAT64 well-known prefix
        "http://[64:ff9b:1::7f00:1]/hook",  # NAT64 local-use prefix
        "http://[2002:7f00:1::1]/hook",  # 6to4
        "http://[::169.254.169.254]/latest/meta-data",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
        "http://[2002:a9fe:a9fe::1]/latest/meta-data",
        "http://[::10.0.0.1]/hook",
        "http://[64:ff9b::c0a8:114]/hook",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",  # Teredo, client 127.0.0.1
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


@pytest.mark.parametrize(
    "ip", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "::a9fe:a9fe", "2002:a9fe:a9fe::"]
)
def test_a_name_resolving_to_a_wrapped_private_address_is_refused_at_send(
    settings, monkeypatch, make_endpoint, make_ticket, receiver, ip
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    fake_dns(monkeypatch, {"wrapped.example": [PUBLIC]})
    make_endpoint("http://wrapped.example/hook")
    make_ticket()
    fake_dns(monkeypatch, {"wrapped.example": [ip]})
    outcome = tasks.attempt(Delivery.objects.get().pk)
    assert outcome.sent and not outcome.ok
    row = Delivery.objects.get()
    assert f"({ipaddress.ip_address(ip)})" in row.last_error and row.last_status_code is None
    assert receiver.wait_for(1, timeout=0.3) == []


def test_nat64_and_6to4_forms_of_public_addresses_stay_allowed(settings, monkeypatch):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    fake_dns(monkeypatch, {"v6.example": ["64:ff9b::5db8:d70e", "2002:5db8:d70e::1"]})
    assert sender.check_url("https://v6.example/in").addresses == (
        "64:ff9b::5db8:d70e",
        "2002:5db8:d70e::1",
    )


def test_the_next_checked_address_is_tried_when_the_first_does_not_answer(
    monkeypatch, make_endpoint, make_ticket, receiver
):
    port = receiver.server.server_address[1]
    # 127.0.0.2: nothing listens there on this port (the receiver binds 127.0.0.1 only).
    fake_dns(monkeypatch, {"two.test": ["127.0.0.2", "127.0.0.1"]})
    make_endpoint(f"http://two.test:{port}/hook")
    make_ticket()
    assert tasks.attempt(Delivery.objects.get().pk).ok
    assert len(receiver.wait_for(1)) == 1


def test_the_peer_actually_connected_to_is_checked_before_sending(settings, receiver):
    """Whatever produced the address list, a connection whose peer is private is closed
    before a byte of the request is written."""
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    port = receiver.server.server_address[1]
    target = sender.Target("http", "hooks.example", port, "/", ("127.0.0.1",))
    with pytest.raises(sender.Refused):
        sender.connect_checked(target, 2.0)
    assert receiver.wait_for(1, timeout=0.3) == []
