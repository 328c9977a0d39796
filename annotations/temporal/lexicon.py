"""Words for dates: months, weekdays, numbers, units, seasons, parts of the day."""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "half a": 0.5, "half an": 0.5,
    "a half": 0.5,
}
# Counts that TIMEX3 writes as X: "a few weeks" is PXW.
VAGUE_COUNTS = ("a few", "few", "several", "a couple of", "couple of", "some", "many", "a number of")
# unit word -> (TIMEX3 letter, whether it takes the T of time units, granularity)
UNITS = {
    "second": ("S", True, None), "minute": ("M", True, None), "hour": ("H", True, None),
    "day": ("D", False, "day"), "week": ("W", False, "week"), "weekend": ("WE", False, "weekend"),
    "fortnight": ("W", False, "week"), "month": ("M", False, "month"), "quarter": ("Q", False, "quarter"),
    "year": ("Y", False, "year"), "decade": ("DE", False, "decade"), "century": ("CE", False, "century"),
}
UNIT_PLURALS = {"centuries": "century", "fortnights": "fortnight"}

NUMBER_WORDS = sorted((k for k in NUMBERS if " " not in k), key=len, reverse=True)


def number(words: str) -> float | None:
    """"two" -> 2, "twenty-five" -> 25, "48" -> 48, "a few" -> None (vague)."""
    words = words.lower().strip()
    if words in NUMBERS:
        return NUMBERS[words]
    if words.replace(",", "").isdigit():
        return int(words.replace(",", ""))
    if "-" in words or " " in words:
        parts = words.replace("-", " ").split()
        if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
            return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def unit(word: str) -> str:
    """The singular unit for "years", "Centuries", "month" ..."""
    word = word.lower()
    if word in UNIT_PLURALS:
        return UNIT_PLURALS[word]
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word
