"""Page furniture from sites other than the seeds' is dropped; article text never is."""

import pytest

from annotations.splitting import split_text
from annotations.splitting.boilerplate import furniture, is_boilerplate
from annotations.splitting.evaluate import chrome_lines


@pytest.mark.parametrize("line", [
    # time stamps, alone or beside a place or a byline
    "Published 3 hours ago", "Updated 1 hour ago", "Updated 6:42 AM EST, Tue February 13, 2026",
    "14 November 2026", "New Delhi | Updated: April 20, 2026 09:15 IST", "Posted on March 4, 2026 by admin",
    "November 28, 20262:41 PM GMTUpdated 2 hours ago", "First Published: Apr 20 2026 | 9:15 AM IST",
    # bylines with a role or a desk, contributor lines
    "By Maria Lopez, Environment correspondent", "By John Carter and Priya Nair, CNN",
    "CNN's Manu Raju contributed to this report.",
    # breadcrumbs, menus and footers
    "Home » Health » Vaccine study", "Terms of Use | Privacy Policy | Ad Choices | Cookie Settings",
    "Terms of Use Privacy Policy Cookies Accessibility Help Contact us",
    "About Us Contact Us Privacy Policy Disclaimer",
    # sections, tags, buttons and agency names alone
    "World", "Reuters", "Live TV", "IPL 2026", "Related Topics", "Paid Content",
    # prompts and notices
    "Story continues below advertisement", "Enter your email", "Log in to comment", "You may also like",
    "Comments (12)", "Purchase Licensing Rights, opens new tab", 'In "Local News"', "Like Loading...",
    "Our Standards: The Thomson Reuters Trust Principles.", "Search CNN...",
    # added after the held-out pages were scored (see docs/splitting.md)
    "More from The Magazine", "Most Watched News Videos", "Illustration by Sam Ortiz",
    "Elena Fischer is a staff writer covering energy and mining.", "Sign up for The Weekly",
    "By submitting your email, you agree to our Terms and Privacy Notice.",
    "The comments below have not been moderated.", "Please turn on JavaScript to use this feature",
    "This article appears in the January 2027 issue.", "Share or comment on this article:",
    # added after the second held-out pages were scored
    "You have 2 free articles remaining this month.", "Already a subscriber? Log in", "$1 for 6 months",
    "FOR IMMEDIATE RELEASE", "About the Global Water Alliance", "Media contact:", "Member-only story",
    "Tom Becker, +41 22 555 0199, press@gwa.example.org", "Written by Chris Nguyen", "Responses (3)",
    "Jessica Moreno covers health care for The Valley Herald. Reach her at jmoreno@valleyherald.com.",
    "ab/rm (Reuters, AFP)", "Skip next section Navigation", "Open in app", "Type your email...",
    "Thanks for reading! Subscribe for free to receive new posts and support my work.",
])
def test_furniture_of_other_sites_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Kim resigns", "Trump Indicted",
    "By Tuesday, the army had left the town, officials said.",
    "By Tuesday the army had 3,000 soldiers in the area, officials said.",
    "Voter turnout hits 66% | Elections 2026",
    "Temperatures reached 45C on 3 June 2026.",
    "At 8pm on Tuesday the river burst its banks, flooding 300 homes.",
    "Terms of the deal were not disclosed.",
    "The privacy policy was changed in 2024, the company said.",
    "Senate Passes Aid Package After Overnight Session",
    "Updated figures show 12 people died.",
    "More in August than July.",
    "Evan Gershkovich is a reporter for the Wall Street Journal who was detained in Russia.",
    "Photos by the agency showed 12 bodies.",
    "Sign up numbers fell 12% in May, the company said.",
    "About half of the residents left.",
    "Anyone with information should contact police at tips@police.gov, officials said.",
    "Written by hand, the letter was found in 1990.",
])
def test_headlines_and_sentences_that_share_words_with_furniture_are_kept(line):
    assert not is_boilerplate(line)


def test_links_under_a_read_more_header_are_dropped_until_the_article_resumes():
    lines = [
        "Floods force 40,000 from homes",
        "More than 40,000 people have left their homes, officials said.",
        "Read more:",
        "Spain's drought: reservoirs at 20%",
        "What is a Dana weather system?",
        "Critics say the warning system failed.",
    ]
    assert furniture(lines) == [False, False, True, True, True, False]


def test_a_trending_bar_above_the_headline_does_not_take_the_headline():
    lines = ["Trending:", "Budget 2026 live", "Voter turnout hits 66% in first phase, says Election Commission",
             "The first phase recorded a turnout of 66.1%, the commission said."]
    assert furniture(lines) == [True, False, False, False]


def test_an_unrecognised_menu_line_above_the_headline_does_not_start_a_link_list():
    # The second held-out pages lost a headline this way: a menu line of four
    # words counted as article text, so "Topics" above the headline opened a list.
    lines = ["Our network of sites", "Topics", "Africa", "Kenya's parliament approves tax bill amid protests",
             "Kenya's parliament passed a finance bill on Tuesday that raises taxes on bread."]
    assert furniture(lines) == [False, True, True, False, False]


def test_a_numbered_most_popular_list_is_dropped():
    text = ("Oil falls 3% as OPEC+ signals output increase\n"
            "Brent crude fell $2.40 to $79.80 a barrel, traders said.\n"
            "Most Popular\n1. Stocks fall as inflation rises\n2. Gold hits record high on rate cut bets\n")
    kinds = [(c.text, c.kind) for c in split_text(text)]
    assert kinds[2:] == [("Most Popular", "boilerplate"), ("1. Stocks fall as inflation rises", "boilerplate"),
                         ("2. Gold hits record high on rate cut bets", "boilerplate")]


def test_a_link_list_ends_after_a_bounded_number_of_lines():
    lines = ["A headline about the floods", "The river rose 3 metres overnight, officials said.", "Related",
             *[f"Link number {i} about rain" for i in range(20)]]
    assert furniture(lines).count(True) == 1 + 12


def test_tuning_pages_lose_no_article_line_and_flag_no_furniture():
    result = chrome_lines("tune")
    assert result["article_dropped"] == []
    assert result["chrome_flagged"] == []
    assert result["chrome_caught"] == result["chrome"]


def test_held_out_pages_lose_no_article_line():
    # Scored once before any rule was changed for them: 62 of 83 furniture
    # lines dropped, 3 flagged check-worthy, no article line dropped. Rules
    # were then added for the shapes it missed (80 of 83, 1 flagged), so
    # this part is no longer held out.
    result = chrome_lines("heldout")
    assert result["article_dropped"] == []
    assert result["chrome_caught"] >= 80
    assert len(result["chrome_flagged"]) <= 1


def test_second_held_out_pages_lose_no_article_line():
    # Scored once, with the rules above fixed: 39 of 60 furniture lines
    # dropped, 5 flagged check-worthy, and one article line dropped (a headline
    # taken as a link; see the menu-line test). Then fixed: 57 of 60, 2 flagged.
    result = chrome_lines("fresh")
    assert result["article_dropped"] == []
    assert result["chrome_caught"] >= 57
    assert len(result["chrome_flagged"]) <= 2


@pytest.mark.parametrize("line", [
    "[Read more](https://example.com/x)", "![Rescue workers in Valencia](https://img.example.com/a.jpg)",
    "* [Home](/) | [World](/world)", "**Related:** [Floods kill 12](https://example.com/f)",
    "- Share on Facebook", "## Related", "**Advertisement**",
])
def test_markdown_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "# Storm floods force 40,000 from homes", "- At least 9 people were killed",
    "• A magnitude 6.1 quake struck near Malatya, AFAD said.", "**Kim said the talks had failed.**",
    "The report ([PDF](https://example.org/r.pdf)) says 12 people died.",
])
def test_markdown_headlines_list_items_and_sentences_are_kept(line):
    assert not is_boilerplate(line)


def test_a_markdown_related_list_is_dropped_until_the_article_resumes():
    lines = ["# Floods force 40,000 from homes", "More than 40,000 people have left their homes, officials said.",
             "## Related stories", "- [Spain drought: reservoirs at 20%](https://example.com/a)",
             "- Dozens killed in Valencia floods", "Critics say the warning system failed."]
    assert furniture(lines) == [False, False, True, True, True, False]
