"""News is not debate: reported speech is a claim, the writer's analysis is not."""

import pytest

from annotations.splitting import checkworthiness, data, news, split_text


def flagged(sentence):
    candidate, = split_text(sentence)
    return candidate.checkworthy


@pytest.mark.parametrize("sentence", [
    "In the message, Xi said China was ready to \u201cdeepen strategic communication\u201d with Vietnam.",
    "\u201cIt is a dream come true to play for Real Madrid,\u201d Mbapp\u00e9 wrote on social media.",
    "Bangladesh's foreign adviser said the country could not take in any more refugees.",
    "Russia has vowed to erect a monument in Moscow for the soldiers deployed by Pyongyang.",
])
def test_named_sources_reported_speech_and_pledges_are_checkworthy(sentence):
    assert news.is_reported_speech(sentence)
    assert flagged(sentence)


@pytest.mark.parametrize("sentence", [
    "The message reflects the alignment of North Korea with Russia amidst growing tensions since February 2022.",
    "The meeting underscored deepening ties between Moscow and Pyongyang.",
    "The restrictions may accelerate China's push for self-sufficiency.",
    "The disaster has become a symbol of lax rail safety in the United States.",
    "Analysts say the latest curbs are unlikely to be the last.",
])
def test_analysis_and_commentary_are_not_checkworthy(sentence):
    assert not news.is_reported_speech(sentence)
    assert not flagged(sentence)


def test_nobody_in_particular_is_not_a_named_source():
    assert not news.is_reported_speech("Many protesters say they have nothing left to lose.")
    assert not news.is_reported_speech("Experts say the figures could rise.")


def test_the_month_of_may_is_not_speculation():
    assert news.adjusted("The channel will reopen by the end of May.", 0.8) == 0.8
    assert news.adjusted("The channel may reopen soon.", 0.8) < 0.8 * 0.5


def test_reported_speech_keeps_the_models_order_in_the_upper_half():
    low, high = (news.adjusted("The ministry said the dam held.", p) for p in (0.1, 0.9))
    assert 0.5 <= low < high <= 1.0


@pytest.mark.parametrize("part", ["test", "fresh", "tune", "heldout"])
def test_news_sets_meet_the_targets(part):
    """Recall >= 0.95 and precision >= 0.90 on every news part not fitted on (heldout never tuned on)."""
    rows = data.news(part)
    scores = checkworthiness.score([t for t, _ in rows])
    flags = [s >= checkworthiness.threshold() for s in scores]
    tp = sum(f and y for f, (_, y) in zip(flags, rows, strict=True))
    assert tp / sum(flags) >= 0.90
    assert tp / sum(y for _, y in rows) >= 0.95
