"""The splitter on input that real imports contain: empty, huge, odd line breaks, odd characters."""

from dataclasses import fields

import pytest

from annotations.splitting import Candidate, checkworthiness, split_text
from tests.scores import assert_same_as_seen


def assert_exact(text, candidates):
    for c in candidates:
        assert text[c.start:c.end] == c.text
        assert c.text == c.text.strip() and c.text


def test_empty_and_blank_text_give_no_candidates():
    assert split_text("") == []
    assert split_text(" \n\t\r\n\u2028 \u00a0\n") == []


def test_candidate_fields_are_the_published_contract():
    assert [f.name for f in fields(Candidate)] == [
        "start", "end", "text", "kind", "checkworthiness", "checkworthy", "claim_type"]


def test_windows_and_old_mac_line_breaks_never_end_up_in_a_candidate():
    text = "Headline here\r\n\r\nThe mayor resigned on Monday. Police said two people died.\rLast line"
    candidates = split_text(text)
    assert_exact(text, candidates)
    assert [c.text for c in candidates] == [
        "Headline here", "The mayor resigned on Monday.", "Police said two people died.", "Last line"]


def test_offsets_count_code_points_after_emoji_and_combining_marks():
    text = "🔥👍🏽 Cafe\u0301 owners said 12 shops closed. The fire spread."
    candidates = split_text(text)
    assert_exact(text, candidates)
    assert candidates[-1].text == "The fire spread."


def test_text_without_any_terminator_is_one_candidate():
    text = "officials said the bridge would reopen next week"
    candidate, = split_text(text)
    assert (candidate.start, candidate.end) == (0, len(text))


def test_markup_is_kept_verbatim_as_text():
    text = "<script>alert('x')</script> The minister said 40 people were hurt. <img src=x onerror=alert(1)>"
    candidates = split_text(text)
    assert_exact(text, candidates)
    assert "".join(c.text for c in candidates).replace(" ", "") == text.replace(" ", "")


def test_a_page_of_only_chrome_has_nothing_checkworthy():
    text = "Join Us\n0\nLeave a Reply\nShare this article\n[End of article]\n"
    candidates = split_text(text)
    assert {c.kind for c in candidates} == {"boilerplate"}
    assert not any(c.checkworthy for c in candidates)


def test_a_300_000_character_article_splits_with_exact_offsets():
    paragraph = "The central bank raised rates by 0.25 points on Tuesday, the governor said. " * 12
    text = ("\n\n".join([paragraph.strip()] * 400))[:300_000]
    candidates = split_text(text)
    assert len(candidates) > 3_900
    assert_exact(text, candidates[:50] + candidates[-50:])
    assert all(a.end <= b.start for a, b in zip(candidates, candidates[1:], strict=False))


def test_one_enormous_line_without_punctuation_is_kept_whole():
    text = "word " * 50_000
    candidate, = split_text(text)
    assert candidate.end - candidate.start == len(text.strip())


def fresh_score(sentences):
    """The model's scores, none of them remembered from an earlier call."""
    checkworthiness.forget_scores()
    return checkworthiness.score(sentences)


def test_scores_do_not_depend_on_batching_or_order():
    sentences = [f"The ministry said {n} people were evacuated on Monday." for n in range(300)]
    sentences += ["Unemployment rose to 7.2 percent in March.", "Read more", "She smiled."]
    together = fresh_score(sentences)
    alone = [fresh_score([s])[0] for s in sentences[:5] + sentences[-3:]]
    assert_same_as_seen(together[:5] + together[-3:], alone)
    assert_same_as_seen(together, fresh_score(sentences[::-1])[::-1])


def test_a_sentence_seen_before_is_not_scored_again_and_keeps_its_score(monkeypatch):
    checkworthiness.forget_scores()
    first = checkworthiness.score(["The port handled 4.2 million containers.", "She smiled."])
    scored = []
    probabilities = checkworthiness.Model.probabilities
    monkeypatch.setattr(checkworthiness.Model, "probabilities",
                        lambda self, sentences: scored.extend(sentences) or probabilities(self, sentences))

    again = checkworthiness.score(
        ["She smiled.", "Read more", "She smiled.", "The port handled 4.2 million containers."])

    assert scored == ["Read more"]  # once, and only the sentence not seen before
    assert again[0] == again[2] == first[1] and again[3] == first[0]
    assert again[1] == fresh_score(["Read more"])[0]


def test_the_remembered_scores_are_bounded_and_the_oldest_go_first(monkeypatch):
    checkworthiness.forget_scores()
    monkeypatch.setattr(checkworthiness, "PROBABILITY_CACHE_SIZE", 3)
    checkworthiness.score(["One said 1.", "Two said 2.", "Three said 3.", "Four said 4."])
    checkworthiness.score(["Five said 5."])

    assert list(checkworthiness._remembered) == ["Three said 3.", "Four said 4.", "Five said 5."]


def test_batch_tolerance_would_catch_a_real_difference():
    """The comparison above is not vacuous: a score off by a hundredth fails it."""
    with pytest.raises(AssertionError):
        assert_same_as_seen([0.5, 0.9], [0.51, 0.9])


def test_non_english_and_unknown_tokens_still_get_a_score_in_range():
    for sentence in ["Москва заявила о новых санкциях.", "東京で地震があった。", "zxqv qqqq 12345 !!!"]:
        candidate, = split_text(sentence)
        assert 0.0 <= candidate.checkworthiness <= 1.0
