"""What the date tagger finds and how it anchors each kind of expression (TIMEX3 values, TimeML extents)."""

import datetime as dt
from dataclasses import fields

import pytest

from annotations.temporal import TYPES, Timex, find_dates

# A Thursday, in ISO week 36.
DCT = dt.date(2025, 9, 4)


def only(text, dct=DCT):
    """The one expression found in ``text``, checked for exact offsets."""
    found = find_dates(text, dct=dct)
    assert len(found) == 1, found
    timex = found[0]
    assert text[timex.start:timex.end] == timex.text
    return timex


def values(text, dct=DCT):
    return [(t.text, t.value) for t in find_dates(text, dct=dct)]


@pytest.mark.parametrize(("sentence", "surface", "kind", "value"), [
    # The seeds' two tellings of the Beijing meeting name the same day.
    ("Kim met Putin in Beijing on Wednesday.", "Wednesday", "DATE", "2025-09-03"),
    ("They met in Beijing on September 3, 2025.", "September 3, 2025", "DATE", "2025-09-03"),
    ("They met on 3 September 2025.", "3 September 2025", "DATE", "2025-09-03"),
    ("The leaders met on Sept. 3 in Beijing.", "Sept. 3", "DATE", "2025-09-03"),
    ("The meeting was logged as 2025-09-03.", "2025-09-03", "DATE", "2025-09-03"),
    ("Last April, the ministry confirmed the deployment.", "Last April", "DATE", "2025-04"),
    ("The offensive ended in March.", "March", "DATE", "2025-03"),
    ("Exports have grown this year.", "this year", "DATE", "2025"),
    ("The minister resigned yesterday.", "yesterday", "DATE", "2025-09-03"),
    ("The court rules today.", "today", "DATE", "2025-09-04"),
    ("Talks collapsed earlier this week.", "earlier this week", "DATE", "2025-W36"),
    ("Prices rose last month.", "last month", "DATE", "2025-08"),
    ("Elections are due next year.", "next year", "DATE", "2026"),
    ("The plant was built in the 1990s.", "the 1990s", "DATE", "199"),
    ("Sales fell in 2024.", "2024", "DATE", "2024"),
    ("Wages have been frozen since 2022.", "2022", "DATE", "2022"),
    ("The talks began Monday morning.", "Monday morning", "TIME", "2025-09-01TMO"),
    ("The union warned last week that it would strike.", "last week", "DATE", "2025-W35"),
    ("The company was founded two years ago.", "two years ago", "DATE", "2023"),
    ("Production starts in mid-2024 at the earliest.", "mid-2024", "DATE", "2024"),
    ("A decision is expected early next month.", "early next month", "DATE", "2025-10"),
    ("Shipments resumed last fall.", "last fall", "DATE", "2024-FA"),
    ("Profits doubled in the third quarter of 2024.", "the third quarter of 2024", "DATE", "2024-Q3"),
    ("The bridge was completed in the 20th century.", "the 20th century", "DATE", "19"),
    ("Turnout is now higher than ever.", "now", "DATE", "PRESENT_REF"),
    ("Prices recently fell.", "recently", "DATE", "PAST_REF"),
    ("The strike lasted 48 hours.", "48 hours", "DURATION", "PT48H"),
    ("The war went on for two months.", "two months", "DURATION", "P2M"),
    ("The levy raises $40 million a year.", "a year", "SET", "P1Y"),
    ("The museum stays open late every Thursday.", "every Thursday", "SET", "XXXX-WXX-4"),
])
def test_each_kind_of_expression_gets_its_timex3_value_against_the_article_date(sentence, surface, kind, value):
    timex = only(sentence)
    assert (timex.text, timex.type, timex.value) == (surface, kind, value)


def test_a_bare_weekday_follows_the_verb_past_or_future_within_a_week_of_the_article():
    assert values("The council voted Wednesday.") == [("Wednesday", "2025-09-03")]
    assert values("The council will vote Friday.") == [("Friday", "2025-09-05")]
    # Said on the publication day itself: the same day, not a week earlier.
    assert values("The mayor said Thursday that the levy would pass.") == [("Thursday", "2025-09-04")]
    assert values("Talks resume Monday.", dct=dt.date(2025, 9, 5)) == [("Monday", "2025-09-08")]


def test_a_bare_month_lies_before_the_article_for_past_verbs_and_after_it_for_future_ones():
    assert values("The plan was approved in November.") == [("November", "2024-11")]
    assert values("Voters will decide in November.") == [("November", "2025-11")]
    # "last April" is the latest April before the publication month, even in April.
    assert values("It happened last April.", dct=dt.date(2025, 4, 20)) == [("last April", "2024-04")]


def test_extents_leave_prepositions_out_and_keep_determiners_and_modifiers():
    text = "Rainfall has been low since July 2022, and in the 1990s, until the end of January."
    found = find_dates(text, dct=DCT)
    assert [t.text for t in found] == ["July 2022", "the 1990s", "the end of January"]
    assert [(t.start, t.end) for t in found] == [(28, 37), (46, 55), (63, 81)]
    assert found[2].mod == "END"


def test_anaphoric_expressions_count_from_the_last_date_the_article_gave():
    text = ("The treaty was signed in June 2024. Two months later, troops crossed the border. "
            "A court ruled on September 30, 2021; the next day, the government appealed. "
            "The drought of 2021 ended only after storms that spring.")
    assert values(text) == [
        ("June 2024", "2024-06"), ("Two months later", "2024-08"),
        ("September 30, 2021", "2021-09-30"), ("the next day", "2021-10-01"),
        ("2021", "2021"), ("that spring", "2021-SP"),
    ]


def test_units_keep_their_granularity_when_counted_from_an_anchor():
    text = "The ministers met on January 17, 2023; six weeks later a draft was ready. A year later it was signed."
    assert values(text)[1:] == [("six weeks later", "2023-W09"), ("A year later", "2024")]


def test_anaphora_without_an_earlier_date_stays_unresolved():
    assert values("Two months later, the troops withdrew.") == [("Two months later", None)]


def test_event_anchored_phrases_are_found_and_left_unresolved():
    timex = only("The parade marked the 80th anniversary of the end of the war.")
    assert (timex.text, timex.type, timex.value) == ("the 80th anniversary", "DATE", None)


def test_without_a_publication_date_relative_values_stay_unresolved_and_explicit_ones_resolve():
    text = "On Wednesday, September 3, 2025, the leaders met; last month talks failed; the war lasted 3 years."
    assert values(text, dct=None) == [
        ("Wednesday, September 3, 2025", "2025-09-03"), ("last month", None), ("3 years", "P3Y"),
    ]
    assert values("Kim met Putin on Wednesday.", dct=None) == [("Wednesday", None)]


def test_no_publication_date_still_lets_anaphora_count_from_an_explicit_date():
    assert values("Troops arrived in August 2024. Two months later they left.", dct=None) == [
        ("August 2024", "2024-08"), ("Two months later", "2024-10")]


def test_a_clock_time_takes_the_day_of_its_sentence():
    assert values("The polls close at 8 p.m. on Sunday, March 9.", dct=dt.date(2025, 3, 7)) == [
        ("8 p.m.", "2025-03-09T20:00"), ("Sunday, March 9", "2025-03-09")]
    assert values("Trading opened at 7 a.m.") == [("7 a.m.", "2025-09-04T07:00")]


def test_counts_and_names_are_not_dates():
    assert find_dates("The army sent 2000 troops and $1500 in aid.", dct=DCT) == []
    assert find_dates("Theresa May said the fall in prices may continue.", dct=DCT) == []
    assert find_dates("April Ryan asked the president a question.", dct=DCT) == []


def test_empty_and_blank_text_give_nothing():
    assert find_dates("", dct=DCT) == []
    assert find_dates(" \n\t", dct=None) == []


def test_the_same_text_gives_the_same_answer_every_time():
    text = "Kim met Putin on Wednesday; two months later, on 3 November 2025, they met again."
    first = find_dates(text, dct=DCT)
    assert all(find_dates(text, dct=DCT) == first for _ in range(5))
    assert find_dates(text, dct=dt.datetime(2025, 9, 4, 18, 30)) == first


def test_timex_fields_are_the_published_contract():
    assert [f.name for f in fields(Timex)] == ["start", "end", "text", "type", "value", "mod"]
    assert TYPES == ("DATE", "TIME", "DURATION", "SET")
    assert set(only("It lasted two weeks.").as_dict()) == {"start", "end", "text", "type", "value", "mod"}


def test_searching_near_trigger_words_finds_what_a_scan_of_the_whole_text_finds(monkeypatch):
    import annotations.temporal as temporal
    from annotations.temporal.corpus import news_set

    docs = [(d.text, d.dct) for d in news_set("dev") + news_set("heldout")]
    docs.append(("Every 2 weeks, about a year and a half ago, at 10:30 GMT Friday, the '90s, Q3 2024, "
                 "the first half of next year, several months later, twice a week, for years.", DCT))
    fast = [find_dates(text, dct=dct) for text, dct in docs]
    monkeypatch.setattr(temporal, "_candidates", temporal._candidates_full_scan)
    assert [find_dates(text, dct=dct) for text, dct in docs] == fast
