"""The fetch cannot be pointed at this server, its network or its cloud: every refusal, with its message.

Each refused URL is refused before any connection is made (``connections``
stays empty), and no test here ever connects beyond the loopback interface.
"""

import re

import pytest

from annotations.intake import FetchConfig, FetchFailed, FetchRefused, address_problem, check_url, fetch

from .conftest import fake_dns

SCHEME = "Refused: only http:// and https:// addresses can be fetched (this one is {})."
USERINFO = "Refused: the address contains a user name or password (before @), which are never sent."


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", SCHEME.format("file:")),
    ("ftp://example.org/story.html", SCHEME.format("ftp:")),
    ("javascript:alert(document.cookie)", SCHEME.format("javascript:")),
    ("data:text/html,<h1>Breaking</h1>", SCHEME.format("data:")),
    ("gopher://127.0.0.1:6379/_FLUSHALL", SCHEME.format("gopher:")),
    ("example.org/story", "Refused: only http:// and https:// addresses can be fetched (this one has none)."),
    ("http://editor:hunter2@example.org/story", USERINFO),
    ("https://token@example.org/story", USERINFO),
    ("http:///story", "Refused: the address has no host name."),
    ("http://example.org:99999/", "Refused: 'http://example.org:99999/' is not a valid address."),
])
def test_urls_that_are_not_plain_web_addresses_are_refused(url, message, connections):
    with pytest.raises(FetchRefused) as refused:
        fetch(url)

    assert str(refused.value) == message
    assert connections == []
    with pytest.raises(FetchRefused, match=re.escape(message)):
        check_url(url)  # the same refusal, for a form, without touching the network


LOOPBACK = "a loopback address"
PRIVATE = "a private address"
LINK_LOCAL = "a link-local address"


@pytest.mark.parametrize("url, host, kind", [
    ("http://127.0.0.1/", "127.0.0.1", LOOPBACK),
    ("http://127.1.2.3:8080/admin", "127.1.2.3", LOOPBACK),
    ("http://10.0.0.5/", "10.0.0.5", PRIVATE),
    ("http://10.255.255.254/", "10.255.255.254", PRIVATE),
    ("http://172.16.0.1/", "172.16.0.1", PRIVATE),
    ("http://172.31.255.254/", "172.31.255.254", PRIVATE),
    ("http://192.168.1.1/router", "192.168.1.1", PRIVATE),
    ("http://100.64.0.1/", "100.64.0.1", PRIVATE),
    ("http://169.254.169.254/latest/meta-data/iam/", "169.254.169.254",
     "a link-local address (the cloud metadata service)"),
    ("http://169.254.10.10/", "169.254.10.10", LINK_LOCAL),
    ("http://0.0.0.0:8000/", "0.0.0.0", "an unspecified address (it reaches this server itself)"),
    ("http://224.0.0.1/", "224.0.0.1", "a multicast address"),
    ("http://239.255.255.250:1900/", "239.255.255.250", "a multicast address"),
    ("http://255.255.255.255/", "255.255.255.255", "a reserved address"),
    ("http://240.0.0.1/", "240.0.0.1", "a reserved address"),
    ("http://192.0.2.10/", "192.0.2.10", "not a public address"),
    ("http://[::1]/", "::1", LOOPBACK),
    ("http://[::]/", "::", "an unspecified address (it reaches this server itself)"),
    ("http://[fe80::1]/", "fe80::1", LINK_LOCAL),
    ("http://[fc00::1]/", "fc00::1", PRIVATE),
    ("http://[fd12:3456:789a::1]/", "fd12:3456:789a::1", PRIVATE),
    ("http://[ff02::1]/", "ff02::1", "a multicast address"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", f"{LOOPBACK} (IPv4 127.0.0.1 inside IPv6)"),
    ("http://[::ffff:10.0.0.5]/", "::ffff:10.0.0.5", f"{PRIVATE} (IPv4 10.0.0.5 inside IPv6)"),
    ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254",
     "a link-local address (the cloud metadata service) (IPv4 169.254.169.254 inside IPv6)"),
    ("http://[::127.0.0.1]/", "::127.0.0.1", f"{LOOPBACK} (IPv4 127.0.0.1 inside IPv6)"),
    ("http://[2002:7f00:1::]/", "2002:7f00:1::", f"{LOOPBACK} (IPv4 127.0.0.1 inside IPv6)"),
    ("http://[64:ff9b::a00:5]/", "64:ff9b::a00:5", f"{PRIVATE} (IPv4 10.0.0.5 inside IPv6)"),
    ("http://[64:ff9b:1::a00:5]/", "64:ff9b:1::a00:5", "a reserved address"),  # local-use NAT64
])
def test_an_address_that_is_not_public_is_refused_before_connecting(url, host, kind, connections):
    with pytest.raises(FetchRefused) as refused:
        fetch(url)

    assert str(refused.value) == f"Refused: {host} is {kind}."
    assert connections == []


@pytest.mark.parametrize("url, name", [
    ("http://2130706433/", "2130706433"),  # 127.0.0.1 as one decimal number
    ("http://0x7f.1/", "0x7f.1"),  # and in hex shorthand
])
def test_numeric_spellings_of_loopback_are_resolved_then_refused(url, name, connections):
    with pytest.raises(FetchRefused) as refused:
        fetch(url)

    assert str(refused.value) == f"Refused: {name} resolves to 127.0.0.1, a loopback address."
    assert connections == []


def test_localhost_is_refused_by_what_it_resolves_to(connections):
    with pytest.raises(FetchRefused) as refused:
        fetch("http://localhost:8000/")

    assert re.fullmatch(r"Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address\.", str(refused.value))
    assert connections == []


def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch, connections):
    lookups = fake_dns(monkeypatch, {"evil.example": ["10.0.0.5"]})

    with pytest.raises(FetchRefused) as refused:
        fetch("https://evil.example/story")

    assert str(refused.value) == "Refused: evil.example resolves to 10.0.0.5, a private address."
    assert lookups == ["evil.example"]
    assert connections == []


def test_a_name_with_one_public_and_one_private_address_is_refused(monkeypatch, connections):
    """Checking only the first answer would let the connection land on the second."""
    fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "192.168.0.10"]})

    with pytest.raises(FetchRefused, match=re.escape("mixed.example resolves to 192.168.0.10, a private address.")):
        fetch("http://mixed.example/")
    assert connections == []


def test_a_name_whose_ipv6_answer_carries_a_private_ipv4_is_refused(monkeypatch, connections):
    fake_dns(monkeypatch, {"mapped.example": ["::ffff:10.0.0.5"]})

    with pytest.raises(FetchRefused) as refused:
        fetch("http://mapped.example/")

    assert str(refused.value) == ("Refused: mapped.example resolves to ::ffff:10.0.0.5, "
                                  "a private address (IPv4 10.0.0.5 inside IPv6).")
    assert connections == []


def test_the_connection_goes_to_the_address_that_was_checked_after_one_lookup(site, monkeypatch, connections):
    """A resolver that answers differently the second time (DNS rebinding) is never asked again."""
    lookups = fake_dns(monkeypatch, {"news.test": lambda n: ["127.0.0.1"] if n == 1 else ["127.0.0.2"]})
    config = FetchConfig(allowed_hosts={f"news.test:{site.port}"})

    page = fetch(f"http://news.test:{site.port}/pages/riverside-courier-water-bills", config)

    assert lookups == ["news.test"]
    assert page.address == "127.0.0.1"
    assert connections == [("127.0.0.1", site.port)]
    assert site.requests[-1].headers["Host"] == f"news.test:{site.port}"
    assert b"Water bills in Riverside will rise by 21%" in page.body


def test_a_redirect_to_a_loopback_service_is_refused_and_the_service_never_hears_of_it(site, internal_service,
                                                                                       connections):
    target = internal_service.url("/admin/flush")
    start = site.url(f"/redirect?to={target}")

    with pytest.raises(FetchRefused) as refused:
        fetch(start, site.config())

    assert str(refused.value) == f"Refused: {start} redirects to {target}, and 127.0.0.1 is a loopback address."
    assert internal_service.requests == []
    assert connections == [("127.0.0.1", site.port)]


@pytest.mark.parametrize("location, reason", [
    ("http://localhost:{port}/", r"localhost resolves to (127\.0\.0\.1|::1), a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", r"169\.254\.169\.254 is a link-local address \(the cloud metadata"),
    ("http://[::ffff:127.0.0.1]:{port}/", r"::ffff:127\.0\.0\.1 is a loopback address \(IPv4 127\.0\.0\.1 inside"),
    ("file:///etc/passwd", r"only http:// and https:// addresses can be fetched \(this one is file:\)"),
    ("http://admin:admin@example.org/", r"the address contains a user name or password"),
])
def test_every_redirect_is_checked_like_the_first_url(site, internal_service, location, reason):
    location = location.format(port=internal_service.port)

    with pytest.raises(FetchRefused, match=rf"^Refused: .* redirects to .*, and {reason}"):
        fetch(site.url(f"/redirect?to={location}&status=307"), site.config())
    assert internal_service.requests == []


def test_the_allowed_hosts_setting_admits_only_the_host_and_port_it_names(site, internal_service):
    with pytest.raises(FetchRefused, match=re.escape("Refused: 127.0.0.1 is a loopback address.")):
        fetch(internal_service.url("/pages/riverside-courier-water-bills"), site.config())
    with pytest.raises(FetchRefused, match=re.escape("Refused: 127.0.0.1 is a loopback address.")):
        fetch(site.url("/pages/riverside-courier-water-bills"))  # no setting, no exception for the test server

    assert fetch(site.url("/pages/riverside-courier-water-bills"), site.config()).address == "127.0.0.1"
    assert internal_service.requests == []


def test_https_connects_to_the_checked_address_and_verifies_the_certificate_for_the_host_name(
        tls_site, tls_files, monkeypatch, connections):
    lookups = fake_dns(monkeypatch, {"news.test": ["127.0.0.1"]})
    config = FetchConfig(allowed_hosts={f"news.test:{tls_site.port}"}, ca_certs=str(tls_files / "ca.pem"))

    page = fetch(f"https://news.test:{tls_site.port}/pages/riverside-courier-water-bills", config)

    assert (lookups, page.address, connections) == (["news.test"], "127.0.0.1", [("127.0.0.1", tls_site.port)])
    assert tls_site.server_names == ["news.test"]  # SNI names the host, not the address
    assert tls_site.requests[-1].headers["Host"] == f"news.test:{tls_site.port}"


def test_https_refuses_a_certificate_for_another_host_name(tls_site, tls_files, monkeypatch):
    fake_dns(monkeypatch, {"other.test": ["127.0.0.1"]})
    config = FetchConfig(allowed_hosts={f"other.test:{tls_site.port}"}, ca_certs=str(tls_files / "ca.pem"))

    with pytest.raises(FetchFailed, match=r"the secure connection to other\.test failed \(.*other\.test"):
        fetch(f"https://other.test:{tls_site.port}/pages/riverside-courier-water-bills", config)
    assert tls_site.requests == []


def test_https_refuses_a_certificate_from_an_unknown_authority(tls_site, monkeypatch):
    fake_dns(monkeypatch, {"news.test": ["127.0.0.1"]})
    config = FetchConfig(allowed_hosts={f"news.test:{tls_site.port}"})  # the system's CAs only

    with pytest.raises(FetchFailed, match=r"the secure connection to news\.test failed \(.*certificate"):
        fetch(f"https://news.test:{tls_site.port}/", config)
    assert tls_site.requests == []


@pytest.mark.parametrize("address", [
    "93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34", "2002:5db8:d822::",
    "64:ff9b::5db8:d822",
])
def test_public_addresses_pass_the_address_check(address):
    from ipaddress import ip_address

    assert address_problem(ip_address(address)) is None


def test_allowed_hosts_are_compared_without_case_or_surrounding_space():
    assert FetchConfig(allowed_hosts=[" News.Test:8000 ", "", "intranet.local"]).allowed_hosts == {
        "news.test:8000", "intranet.local"}

