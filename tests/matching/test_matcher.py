"""The pure matcher: paraphrases link, different events and changed numbers do not."""

import json
import subprocess
import sys
from pathlib import Path

from annotations.matching import POSSIBLE_RELATION, SAME_RELATION, article_context, fingerprint, score
from annotations.matching.diff import word_diff
from annotations.services import matching as matching_services

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _fp(name, sentence):
    body = (SEEDS / name).read_text(encoding="utf-8")
    assert sentence in body
    return fingerprint(sentence, context=article_context(body))


def test_treaty_paraphrase_across_seed_articles_is_at_least_suggested():
    a = _fp("001_c3850ad936affd85.txt",
            "In June 2024, Moscow and Pyongyang signed a comprehensive cooperation treaty that included provisions "
            "for mutual defence.")
    b = _fp("002_79e60d9cf25f061a.txt",
            "The two nations signed a landmark defense agreement in June 2024, pledging mutual assistance in case "
            "of external threats.")
    assert score(a, b).relation in (SAME_RELATION, POSSIBLE_RELATION)


def test_same_expulsion_report_in_two_tellings_is_linked():
    a = _fp("000_d4310d7f9539d477.txt", "The Russian military reported the complete expulsion of Ukrainian troops "
            "by April, acknowledging for the first time the role of North Korean troops in the operation.")
    b = _fp("001_c3850ad936affd85.txt", "The Russian military later reported the full expulsion of Ukrainian "
            "troops in April and, for the first time, acknowledged the role played by North Korean soldiers in "
            "the operation.")
    assert score(a, b).relation == SAME_RELATION


def test_three_kim_pledges_on_three_occasions_are_never_linked():
    beijing = _fp("000_d4310d7f9539d477.txt", "North Korean leader Kim Jong-un has pledged to provide any "
                  "assistance Russia may need, calling it a fraternal duty.")
    victory_day = _fp("003_e61bda8cfd107c65.txt", "North Korean Leader Kim Jong Un Expresses Support for Russia "
                      "on Victory Day")
    shoigu = _fp("004_eee3009524595d1e.txt", "North Korea’s Kim Jong Un has pledged unconditional support for "
                 "Russia’s war in Ukraine during a meeting with Russian Security Council Secretary Sergei Shoigu.")
    for a, b in ((beijing, victory_day), (beijing, shoigu), (victory_day, shoigu)):
        match = score(a, b)
        assert match.relation != SAME_RELATION, (a.text, b.text, match)
        assert "articles report different events" in match.reasons


def test_different_numbers_are_never_the_same_claim():
    a = fingerprint("The Central Bank of Norland raised its benchmark interest rate to 5.25 percent.")
    b = fingerprint("The Central Bank of Norland raised its benchmark interest rate to 4.75 percent.")
    match = score(a, b)
    assert match.relation != SAME_RELATION
    assert "numbers differ" in match.reasons


def test_different_dates_are_never_the_same_claim():
    a = fingerprint("The two countries signed a defence treaty in June 2024.")
    b = fingerprint("The two countries signed a defence treaty in March 2023.")
    match = score(a, b)
    assert match.relation != SAME_RELATION
    assert "dates differ" in match.reasons


def test_unrelated_claims_are_not_matched():
    a = fingerprint("Inflation reached 6.1 percent in October, the highest level since 2008.")
    b = fingerprint("Survivors said two emergency exits had been locked.")
    assert score(a, b).relation is None


def test_scoring_is_deterministic():
    a = fingerprint("Twelve people died in Saturday's factory fire in Port Arden.")
    b = fingerprint("At least 12 workers were killed when a fire swept through a textile factory in Port Arden.")
    assert score(a, b) == score(fingerprint(a.text), fingerprint(b.text))


def test_empty_text_matches_nothing():
    assert score(fingerprint(""), fingerprint("Inflation hit 6.1 percent in October.")).relation is None


def test_word_diff_marks_changed_words_and_attribution():
    diff = word_diff(
        "Moscow accuses the government in Kiev of glorifying wartime nationalist leaders.",
        "The government in Kiev glorifies wartime nationalist leaders.",
    )
    assert "attribution" in diff.marks
    assert any(op == "delete" and "accuses" in text for op, text in diff.a)


def test_word_diff_marks_number_date_and_person_changes():
    diff = word_diff(
        "Governor Elena Marsh said 12 workers died on June 3, 2024.",
        "Governor Tomas Berg said 7 workers died on May 2, 2023.",
    )
    assert {"number", "date", "person"} <= set(diff.marks)


def test_cli_prints_one_json_object_per_matched_pair_across_files():
    files = [str(SEEDS / "000_d4310d7f9539d477.txt"), str(SEEDS / "001_c3850ad936affd85.txt")]
    out = subprocess.run(
        [sys.executable, "-m", "annotations.matching", *files], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows
    bodies = {f: Path(f).read_text(encoding="utf-8") for f in files}
    for row in rows:
        assert set(row) == {"a", "b", "score", "relation"}
        assert row["relation"] in ("same", "possible")
        assert set(row["a"]) == set(row["b"]) == {"file", "start", "end"}
        assert row["a"]["file"] != row["b"]["file"]
        for side in (row["a"], row["b"]):
            assert 0 <= side["start"] < side["end"] <= len(bodies[side["file"]])
    assert any(row["relation"] == "same" for row in rows)


def test_cli_without_files_exits_with_usage():
    result = subprocess.run([sys.executable, "-m", "annotations.matching"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 2
    assert "FILE" in result.stderr


def test_drift_marks_attribution_but_not_a_person_for_place_names():
    diff = word_diff(
        "The current government in Kiev has glorified nationalist figures who collaborated with Nazi Germany.",
        "Moscow accuses the government in Kiev of glorifying nationalist leaders who collaborated with Nazi Germany.",
    )
    assert diff.marks == ["attribution"]


def test_drift_marks_a_weekday_against_a_calendar_date():
    diff = word_diff("Kim met Putin in Beijing on Wednesday.", "Kim met Putin in Beijing on September 3, 2025.")
    assert "date" in diff.marks
    assert "number" not in diff.marks


# The failure classes of matcher 1.0 on its held-out set (docs/matching.md), in
# sentences of their own: each has a control that is linked, so the rule, not a
# low score, is what keeps the look-alike at "possible".

def test_a_number_dropped_on_one_side_keeps_the_pair_a_suggestion():
    control = score(fingerprint("Unemployment was 7 percent."), fingerprint("Unemployment was 7 percent."))
    assert control.relation == SAME_RELATION
    match = score(fingerprint("Unemployment was 7 percent, down from 9 percent a year earlier."),
                  fingerprint("Unemployment was 9 percent."))
    assert match.relation == POSSIBLE_RELATION
    assert "a number on one side only" in match.reasons


def test_a_date_stated_on_one_side_only_keeps_the_pair_a_suggestion():
    control = score(fingerprint("The museum was closed on Tuesday after a water leak damaged the roof."),
                    fingerprint("The museum was closed on Tuesday when a water leak damaged its roof."))
    assert control.relation == SAME_RELATION
    match = score(fingerprint("The museum was closed on Tuesday after a water leak damaged the roof."),
                  fingerprint("The museum was closed in June 2021 after a water leak damaged the roof."))
    assert match.relation == POSSIBLE_RELATION
    assert "a date on one side only" in match.reasons


def test_the_same_speaker_on_two_subjects_is_not_the_same_claim():
    paraphrase = score(fingerprint("Health Minister Sara Lindqvist said the new clinic would open in spring."),
                       fingerprint('"The new clinic will open in the spring," Health Minister Sara Lindqvist '
                                   "told reporters."))
    assert paraphrase.relation == SAME_RELATION
    match = score(fingerprint("Health Minister Sara Lindqvist said the new clinic would open in spring."),
                  fingerprint("Health Minister Sara Lindqvist said waiting lists had grown longer."))
    assert match.relation != SAME_RELATION
    assert "same speaker, different subject" in match.reasons


def test_speakers_are_the_quoted_person_or_body_not_what_they_say():
    from annotations.matching.text import remainder, speakers

    assert {"sara", "lindqvist"} <= speakers("Health Minister Sara Lindqvist said the clinic would open.")
    assert {"fire", "officials"} <= speakers("Fire officials said a gas leak started the blaze.")
    assert "hart" in speakers("Police arrested the captain, according to Interior Minister Lena Hart.")
    assert remainder('"We will open," Governor Elena Marsh told reporters.',
                     frozenset({"elena", "marsh"})) == "We will open"


STORM = ("Storm Kills 5 in Dunmore\n\nA storm killed 5 people in Dunmore on Tuesday night, the fire service said. "
         "Mayor Nadia Olsen declared a state of emergency in the city. Schools will stay closed on Wednesday.")
STORM_RETOLD = ("Five Dead After Dunmore Storm\n\nFive people died when a storm hit Dunmore on Tuesday night, "
                "according to the fire service. Mayor Nadia Olsen declared a state of emergency in the city.")
STORM_EARLIER = ("Storm Kills 2 in Dunmore\n\nA storm killed 2 people in Dunmore in March 2019, the fire service "
                 "said. Mayor Nadia Olsen declared a state of emergency in the city.")
EMERGENCY = "Mayor Nadia Olsen declared a state of emergency in the city."


def _storm_pairs(first, second):
    a = [fingerprint(s, context=article_context(first)) for s in (first.split("\n\n")[1].split(". ")[0], EMERGENCY)]
    b = [fingerprint(s, context=article_context(second)) for s in (second.split("\n\n")[1].split(". ")[0], EMERGENCY)]
    return [("x", "y", score(fa, fb)) for fa in a for fb in b]


def test_a_word_for_word_sentence_in_a_short_article_about_another_occasion_is_not_linked():
    from annotations.matching import separate_events

    pairs = _storm_pairs(STORM, STORM_EARLIER)
    verbatim = pairs[-1][2]
    assert verbatim.relation == SAME_RELATION  # alone, the sentence cannot tell
    separated = separate_events(pairs)
    assert separated[-1].relation == POSSIBLE_RELATION
    assert "articles disagree on a number or date" in separated[-1].reasons


def test_a_word_for_word_sentence_in_two_tellings_of_one_occasion_stays_linked():
    from annotations.matching import separate_events

    separated = separate_events(_storm_pairs(STORM, STORM_RETOLD))
    assert separated[-1].relation == SAME_RELATION


def test_cli_keeps_twin_articles_about_different_occasions_apart(tmp_path):
    paths = []
    for name, body in (("now.txt", STORM), ("earlier.txt", STORM_EARLIER)):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        paths.append(str(path))
    out = subprocess.run([sys.executable, "-m", "annotations.matching", *paths], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    emergency = [r for r in rows if STORM[r["a"]["start"]:r["a"]["end"]] == EMERGENCY]
    assert emergency and all(r["relation"] == POSSIBLE_RELATION for r in emergency)


def test_stored_fingerprints_keep_what_the_speaker_rule_needs():
    from annotations.matching import fingerprint_features, fingerprint_from_stored

    a = fingerprint("Health Minister Sara Lindqvist said the new clinic would open in spring.")
    b = fingerprint("Health Minister Sara Lindqvist said waiting lists had grown longer.")
    stored = [fingerprint_from_stored(fp.text, fp.vector, json.loads(json.dumps(fingerprint_features(fp))))
              for fp in (a, b)]
    assert score(*stored) == score(a, b)
    assert score(*stored).relation != SAME_RELATION


def _article_pairs(first: list[str], second: list[str]):
    """Every pair between two short articles, scored as the CLI scores them."""
    context_a, context_b = article_context(" ".join(first)), article_context(" ".join(second))
    return [("x", "y", score(fingerprint(a, context=context_a), fingerprint(b, context=context_b)))
            for a in first for b in second]


def test_a_repeated_sentence_without_a_figure_that_pins_the_occasion_is_only_suggested():
    from annotations.matching import UNCONFIRMED, separate_events

    # Two signings by one club: the boilerplate sentence is word for word in both, and nothing
    # the two articles state alike (a fee, a date) shows that they report one signing.
    first = ["Dunmore Rovers have signed the winger Tomas Lehner from Elbach for an undisclosed fee.",
             "He has signed a four-year contract."]
    second = ["Dunmore Rovers have completed the signing of the goalkeeper Ivo Marek from Quimper.",
              "He has signed a four-year contract."]
    pairs = _article_pairs(first, second)
    assert pairs[-1][2].relation == SAME_RELATION  # alone, the sentence cannot tell
    separated = separate_events(pairs)
    assert separated[-1].relation == POSSIBLE_RELATION
    assert UNCONFIRMED in separated[-1].reasons


def test_a_repeated_sentence_is_linked_when_another_statement_agrees_on_the_figure():
    from annotations.matching import separate_events

    first = ["Dunmore Rovers have signed the winger Tomas Lehner from Elbach for 14 million euros.",
             "He has signed a four-year contract."]
    second = ["Dunmore Rovers signed winger Tomas Lehner from Elbach for a fee of 14 million euros.",
              "He has signed a four-year contract."]
    separated = separate_events(_article_pairs(first, second))
    assert separated[0].relation == SAME_RELATION
    assert separated[-1].relation == SAME_RELATION


def test_two_statements_alike_only_in_the_company_name_are_not_linked():
    # fresh2's wrong link under 1.2: a headline and a sentence that share only "Brenna Health".
    a = fingerprint("Brenna Health said it would not pay.")
    b = fingerprint("Brenna Health Hit by Cyberattack")
    match = score(a, b)
    assert match.relation != SAME_RELATION
    assert "alike only in the names" in match.reasons


def test_the_pair_model_counts_a_changed_figure_against_and_an_agreeing_one_for_a_link():
    from annotations.matching import FEATURES, pair_model

    weights, _ = pair_model()
    weight = dict(zip(FEATURES, weights, strict=True))
    assert weight["numbers_differ"] < 0 and weight["dates_differ"] < 0
    assert weight["number_agrees"] > 0 and weight["cosine"] > 0 and weight["dice"] > 0


def test_the_evaluation_counts_as_many_suggestions_per_claim_as_the_linker_stores():
    from annotations.matching import evaluate

    assert evaluate.MAX_SUGGESTIONS_PER_CLAIM == matching_services.MAX_SUGGESTIONS_PER_CLAIM


def test_suggestion_scores_rise_with_the_pair_models_probability_and_stay_below_the_link_threshold():
    from annotations.matching import POSSIBLE, SAME, Match, suggestion_score, suggestion_signals

    def scored(probability):
        match = Match(0.5, POSSIBLE_RELATION, ("a number on one side only",), probability=probability, pins=True)
        return suggestion_score(suggestion_signals(match))

    scores = [scored(p) for p in (POSSIBLE, 0.5, 0.8, SAME, 0.99, 1.0)]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert POSSIBLE <= scores[0] and scores[-1] < SAME


def test_a_suggestion_between_articles_about_different_occasions_scores_below_one_between_tellings():
    from annotations.matching import Match, suggestion_score, suggestion_signals
    from annotations.matching.suggest import SHOW_THRESHOLD

    alike = Match(0.5, POSSIBLE_RELATION, ("a number on one side only",), probability=0.999, pins=True)
    apart = Match(0.5, POSSIBLE_RELATION, ("a number on one side only", "articles report different events"),
                  probability=0.999, pins=True)
    assert suggestion_score(suggestion_signals(apart)) < SHOW_THRESHOLD <= suggestion_score(suggestion_signals(alike))


def test_a_stored_fingerprint_scores_as_the_fresh_one_with_or_without_1_3_fields():
    from annotations.matching import fingerprint_features, fingerprint_from_stored

    body = "Dunmore Storm Kills Five\n\nFive people died when a storm hit Dunmore on Tuesday night."
    a = fingerprint("Dunmore Storm Kills Five", context=article_context(body))
    b = fingerprint("A storm killed 5 people in Dunmore on Tuesday night.", context=article_context(body))
    stored = fingerprint_features(a)
    assert stored["headline"] is True and stored["words"] == 4
    older = {k: v for k, v in stored.items() if k not in ("words", "headline")}  # written by 1.2
    for kept in (stored, older):
        assert score(fingerprint_from_stored(a.text, a.vector, kept), b) == score(a, b)


def test_a_constant_overridden_for_a_measurement_is_put_back_even_after_an_error():
    import pytest

    import annotations.matching as matching

    with matching.overridden(SAME=0.5):
        assert matching.relation_for(0.6) == SAME_RELATION
    assert matching.SAME == 0.9 and matching.relation_for(0.6) == POSSIBLE_RELATION
    with pytest.raises(RuntimeError), matching.overridden(SAME=0.5):
        raise RuntimeError("measurement failed")
    assert matching.SAME == 0.9
