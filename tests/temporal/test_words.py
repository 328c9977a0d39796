"""What a reviewer reads beside a date mention: its resolved value in words, not in TimeML."""

import pytest

from annotations.temporal import find_dates
from annotations.temporal.words import timex_words


@pytest.mark.parametrize(("value", "mod", "type_", "words"), [
    ("2025-09-03", None, "DATE", "Wed 3 Sep 2025"),
    ("2025-09-03T14:30", None, "TIME", "Wed 3 Sep 2025, 14:30"),
    ("2025-09-03T24:00", None, "TIME", "Wed 3 Sep 2025, midnight"),
    ("2025-09-03TMO", None, "TIME", "Wed 3 Sep 2025, morning"),
    ("T09:15", None, "TIME", "09:15"),
    ("2025-09", None, "DATE", "September 2025"),
    ("2025-09", "END", "DATE", "late September 2025"),
    ("2025-W36", None, "DATE", "the week of Mon 1 Sep 2025"),
    ("2025-W36-WE", None, "DATE", "the weekend of Sat 6 Sep 2025"),
    ("2025-Q3", None, "DATE", "the third quarter of 2025"),
    ("2025-H1", None, "DATE", "the first half of 2025"),
    ("2024-WI", None, "DATE", "winter 2024"),
    ("2025", None, "DATE", "2025"),
    ("199", None, "DATE", "the 1990s"),
    ("199", "START", "DATE", "the early 1990s"),
    ("19", None, "DATE", "the 1900s"),
    ("PRESENT_REF", None, "DATE", "the time of the article"),
    ("PAST_REF", None, "DATE", "some time before the article"),
    ("FUTURE_REF", None, "DATE", "some time after the article"),
    ("P2M", None, "DURATION", "2 months"),
    ("P1Y", "APPROX", "DURATION", "about 1 year"),
    ("P18M", "MORE_THAN", "DURATION", "more than 18 months"),
    ("PT48H", None, "DURATION", "48 hours"),
    ("PT30M", None, "DURATION", "30 minutes"),
    ("PXY", None, "DURATION", "years"),
    ("P1D", None, "SET", "every day"),
    ("P2W", None, "SET", "every 2 weeks"),
    ("XXXX-WXX-4", None, "SET", "every Thursday"),
    ("XXXX-WXX-1TEV", None, "SET", "every Monday evening"),
    ("XXXX-09", None, "SET", "every September"),
    ("XXXX-XX-XXTMO", None, "SET", "every morning"),
])
def test_each_kind_of_value_reads_as_words(value, mod, type_, words):
    assert timex_words(value, mod, type_) == words


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13", "P3ZZ", "XXXX-13", "<script>", "2025-W36-XX", "2025-W54"])
def test_a_value_it_does_not_know_or_an_impossible_date_is_shown_as_stored(value):
    assert timex_words(value, "START", "DATE") == value


def test_no_value_is_no_words():
    assert timex_words(None) == "" and timex_words("") == ""


def test_every_value_the_date_finder_gives_for_news_text_reads_as_words():
    text = ("On Wednesday, two months after the early 1990s talks, officials met at 3 p.m. They meet every "
            "Thursday and each morning, as they did in the third quarter of 2024, last summer, this week "
            "and recently, for about 48 hours, in September 2025 and on 2025-09-01.")
    timexes = [t for t in find_dates(text, dct=__import__("datetime").date(2025, 9, 4)) if t.value]
    assert len(timexes) >= 10
    for timex in timexes:
        words = timex_words(timex.value, timex.mod, timex.type)
        assert words and words != timex.value or timex.value.isdigit(), (timex.text, timex.value, words)
