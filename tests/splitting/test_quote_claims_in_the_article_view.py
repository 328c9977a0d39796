"""Issue 19, item 1 in the product: the reported quote and abbreviation cases are separate claims on
the article page, each highlight exactly its sentence."""

import re
from html import unescape

from tests.splitting.test_quotes_and_abbreviations import ISSUE_ARTICLE, ISSUE_CLAIMS

CLAIM_ELEMENT = re.compile(r'<(?:span|a)\b[^>]*\bdata-claim="(\d+)"[^>]*>(.*?)</(?:span|a)>', re.S)


def test_the_article_page_highlights_each_reported_sentence_as_its_own_claim(client, reviewer_a, split_article):
    article = split_article(ISSUE_ARTICLE)
    claims = list(article.claims.order_by("start"))
    assert [claim.text for claim in claims] == ISSUE_CLAIMS
    assert all(ISSUE_ARTICLE[claim.start:claim.end] == claim.text for claim in claims)

    client.force_login(reviewer_a)
    page = client.get(article.get_absolute_url()).content.decode()
    highlighted = {int(pk): unescape(re.sub(r"<[^>]+>", "", inner)) for pk, inner in CLAIM_ELEMENT.findall(page)}
    for claim in claims:
        assert claim.text in highlighted[claim.pk], claim.text
    # The two sentences around each closing quote are two highlights, not one.
    ending, following = claims[1], claims[2]
    assert following.text not in highlighted[ending.pk]
