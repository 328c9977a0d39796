"""Duplicates are found by canonical URL or by content hash."""

import pytest

from annotations.intake import canonical_url, content_hash, draft_from_text
from annotations.models import content_hash_of


@pytest.mark.parametrize("url, canonical", [
    ("HTTPS://WWW.Example.ORG/News/Story?id=7#comments", "https://www.example.org/News/Story?id=7"),
    ("https://example.org/story?utm_source=twitter&utm_medium=social&id=7&fbclid=IwAR0x",
     "https://example.org/story?id=7"),
    ("https://example.org/story?gclid=abc&UTM_Campaign=spring&msclkid=1&mc_cid=2&_ga=3", "https://example.org/story"),
    ("https://example.org/story?b=2&a=1&a=0", "https://example.org/story?b=2&a=1&a=0"),
    ("https://example.org/story?q=caf%C3%A9+bar&ref_=x", "https://example.org/story?q=caf%C3%A9+bar&ref_=x"),
    ("http://example.org:80/story", "http://example.org/story"),
    ("https://example.org:443/story", "https://example.org/story"),
    ("https://example.org:8443/story", "https://example.org:8443/story"),
    ("https://example.org", "https://example.org/"),
    ("https://editor:secret@example.org/story", "https://example.org/story"),
    ("https://example.org./story", "https://example.org/story"),
    ("https://bücher.example/straße", "https://xn--bcher-kva.example/straße"),
    ("http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
    ("  https://example.org/story?  ", "https://example.org/story"),
])
def test_canonical_urls_lowercase_the_host_and_drop_ports_fragments_and_tracking(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize("url", ["", "ftp://example.org/a", "javascript:alert(1)", "/relative/path",
                                 "https://example.org:notaport/"])
def test_anything_but_an_absolute_http_url_has_no_canonical_form(url):
    assert canonical_url(url) == ""


def test_the_content_hash_is_the_one_articles_store():
    body = "Water bills will rise by 21% from April.\n\nThe council approved it on Thursday."

    assert content_hash(body) == content_hash_of(body)
    assert draft_from_text(body).content_hash == content_hash_of(body)
    assert content_hash(body) != content_hash(body + " ")
