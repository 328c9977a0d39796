"""The boilerplate shortcut: a line without any of the necessary words cannot match the slow searches."""

import pytest

from annotations.splitting import boilerplate as bp

# One line per alternative of _FORM_SENTENCE and of _CAPTION_CREDIT.
FORM_LINES = [
    "Your email address will not be published.", "Required fields are marked *", "Save my name, email, and site",
    "Notify me of new posts by email.", "Notify me of follow-up comments", "This site uses Akismet to reduce spam.",
    "You must be logged in to post a comment.", "We use cookies to improve your experience.",
    "By continuing to use this site you agree", "By continuing to browse, you accept",
    "Sign up for our morning newsletter", "Subscribe to the weekly newsletter", "All rights reserved",
    "© Example Media", "(c) 2024 Example", "Copyright 2024 Example", "Click here to read the report",
    "Download our app", "Download the app today", "Follow us on Twitter", "Follow Reuters on Facebook",
    "Get the latest news in your inbox", "This article was originally published by AP",
    "This article has been published with permission", "With inputs from agencies", "(With reporting from AFP)",
    "(Reporting by Jane Doe)", "Writing by Tom Smith", "Editing by Alex Roe",
]
CREDIT_LINES = [
    "Troops march (AP Photo/Jon Chol Jin)", "Soldiers in Kursk. Getty Images", "Fire in Kyiv Reuters/Staff",
    "Fire in Kyiv. Staff/Reuters", "Protest in Paris AFP/Staff", "Protest in Paris Staff/AFP",
    "Leaders meet EPA-EFE/POOL", "A beach Shutterstock", "A beach iStock", "Photo credit: Jane Roe",
    "Image credit: NASA", "Photo courtesy of the ministry", "Image courtesy of NASA", "Photo by Jane Roe",
    "Image by NASA", "From the ship, Pictured:Kim", "Crowds in Seoul (Photo: Yonhap)", "Crowds (image: Yonhap) .",
    "Crowds (picture alliance)", "The summit (file)", "The summit (credit: Yonhap)",
]


def _has_word(line, words):
    lowered = line.lower()
    return any(word in lowered for word in words)


@pytest.mark.parametrize("line", FORM_LINES)
def test_every_form_alternative_holds_a_shortcut_word(line):
    assert bp._FORM_SENTENCE.search(line)
    assert _has_word(line, bp._FORM_WORDS)
    assert bp.is_boilerplate(line)


@pytest.mark.parametrize("line", CREDIT_LINES)
def test_every_credit_alternative_holds_a_shortcut_word(line):
    assert bp._CAPTION_CREDIT.search(line)
    assert _has_word(line, bp._CREDIT_WORDS)
    assert bp.is_boilerplate(line)


@pytest.mark.parametrize("line", ["ſign up for our newsletter", "Photo by K. Roe", "İmage credit: AP"])
def test_letters_that_only_ignorecase_folds_to_ascii_skip_the_shortcut(line):
    assert bp.is_boilerplate(line)
