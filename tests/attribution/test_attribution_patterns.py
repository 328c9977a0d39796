"""Who made a claim: each way news reports speech, specified by short articles written for these tests."""

import pytest

from annotations.attribution import attribute


def who(text, sentence, publisher="Example Wire"):
    """The attribution of ``sentence``, which must occur once in ``text``."""
    assert text.count(sentence) == 1, sentence
    start = text.index(sentence)
    (found,) = attribute(text, [(start, start + len(sentence))], publisher=publisher)
    return found


KIM = (
    "North Korean leader Kim Jong Un met the Russian defence minister in Pyongyang on Tuesday.\n\n"
    "{}\n"
)


@pytest.mark.parametrize("sentence", [
    "Kim said the two countries would fight imperialism together.",
    "The two countries will fight imperialism together, Kim said.",
    "“The two countries will fight imperialism together,” said Kim.",
    "Kim stated, “The two countries will fight imperialism together.”",
    "Kim told reporters that the two countries would fight imperialism together.",
    "In a statement, Kim said the two countries would fight imperialism together.",
    "Kim wrote in a statement that the two countries would fight imperialism together.",
    "Kim has pledged that the two countries will fight imperialism together.",
    "He said the two countries would fight imperialism together.",
])
def test_the_speaker_of_reported_speech_is_named_in_full(sentence):
    found = who(KIM.format(sentence), sentence)
    assert (found.claimant, found.kind, found.own) == ("Kim Jong Un", "person", False)


@pytest.mark.parametrize(("sentence", "claimant", "kind"), [
    ("North Korea fired two ballistic missiles into the sea, according to KCNA.", "KCNA", "organization"),
    ("According to the Korean Central News Agency, the missiles flew 600 km.", "Korean Central News Agency",
     "organization"),
    ("North Korea fired two missiles, as reported by the North’s state media.", "North’s state media",
     "organization"),
    ("U.S. officials say the launch was a test of a new solid-fuel engine.", "U.S. officials", "group"),
    ("A report by the International Atomic Energy Agency found that the reactor had restarted.",
     "International Atomic Energy Agency", "organization"),
    ("Figures from the Bank of Korea showed the North's economy grew 3.1% last year.", "Bank of Korea",
     "organization"),
    ("South Korean officials have reported the arrival of 3,000 more troops.", "South Korean officials", "group"),
    ("U.S., South Korean, and Ukrainian intelligence sources suggest that 12,000 troops were sent.",
     "U.S., South Korean, and Ukrainian intelligence sources", "group"),
    ("The missiles landed outside Japan's economic zone, the Japanese Defence Ministry said.",
     "Japanese Defence Ministry", "organization"),
    ("A spokesperson for the Pentagon said the launch posed no immediate threat.", "Pentagon", "organization"),
    ("Sergei Lavrov, Russia's foreign minister, said Moscow had not been told in advance.", "Sergei Lavrov",
     "person"),
    ("The head of the U.N. nuclear watchdog, Rafael Moreno, told reporters the site was active.",
     "Rafael Moreno", "person"),
    ("Analysts at the Asan Institute said the launch was aimed at Washington.", "Analysts at the Asan Institute",
     "group"),
    ("People familiar with the matter said a second launch was being prepared.", "People familiar with the matter",
     "group"),
])
def test_sources_and_groups_are_named_as_written(sentence, claimant, kind):
    found = who(KIM.format(sentence), sentence)
    assert (found.claimant, found.kind, found.own) == (claimant, kind, False)


def test_the_acronym_of_a_body_named_earlier_gives_its_full_name():
    text = ("The International Committee of the Red Cross sent two convoys on Monday.\n"
            "The ICRC said both sides had shelled residential areas.\n")
    found = who(text, "The ICRC said both sides had shelled residential areas.")
    assert (found.claimant, found.kind) == ("International Committee of the Red Cross", "organization")


def test_a_quotation_continues_across_sentences_and_paragraphs():
    text = (
        "North Korean leader Kim Jong Un sent a message to Moscow on Thursday.\n\n"
        "In his letter, Kim expressed solidarity with Russia. He stated, “I express firm support for the sacred "
        "cause of Russia. Your victory is our victory.”\n\n"
        "“We will stand together until the end.”\n\n"
        "The message was published by state media.\n"
    )
    for sentence in ("He stated, “I express firm support for the sacred cause of Russia.",
                     "Your victory is our victory.”", "“We will stand together until the end.”"):
        found = who(text, sentence)
        assert (found.claimant, found.kind) == ("Kim Jong Un", "person"), sentence
    assert who(text, "The message was published by state media.").own


def test_a_quotation_takes_the_attribution_after_its_last_sentence():
    text = (
        "City manager Ingrid Solberg praised her players after the match.\n\n"
        "“We showed character today. At half-time I told the players to stay calm,” Solberg said.\n"
    )
    found = who(text, "“We showed character today.")
    assert found.claimant == "Ingrid Solberg"


def test_a_document_is_claimed_by_its_author():
    text = (
        "Housing Minister Derek Collins resigned on Friday.\n\n"
        "In his resignation letter, Collins wrote that he had made an honest mistake.\n\n"
        "A memo from the Finance Ministry, seen by the Herald, said the scheme had cost £2bn.\n"
    )
    assert who(text, "In his resignation letter, Collins wrote that he had made an honest mistake.").claimant \
        == "Derek Collins"
    memo = who(text, "A memo from the Finance Ministry, seen by the Herald, said the scheme had cost £2bn.")
    assert (memo.claimant, memo.kind) == ("Finance Ministry", "organization")


def test_the_main_clause_speaks_not_the_subordinate_one():
    text = ("While Russia claimed in April that it had regained the region, Ukraine maintains that its troops "
            "are still there.\n")
    found = who(text, text.strip())
    assert (found.claimant, found.kind) == ("Ukraine", "organization")


def test_a_reporting_channel_beside_the_speaker_is_kept_as_via():
    sentence = "Kim has declared that his nation will back Russia, as reported by the North’s state media."
    found = who(KIM.format(sentence), sentence)
    assert (found.claimant, found.via) == ("Kim Jong Un", "North’s state media")


def test_a_headline_names_the_speaker_the_story_names_in_full():
    text = ("Kim Pledges Unconditional Support for Russia\n\n"
            "North Korean leader Kim Jong Un has pledged unconditional support for Russia's war in Ukraine.\n")
    found = who(text, "Kim Pledges Unconditional Support for Russia")
    assert (found.claimant, found.kind) == ("Kim Jong Un", "person")


def test_a_headline_role_takes_the_body_the_story_names():
    text = ("Fitness app exposed data of two million users, regulator says\n\n"
            "The personal data of two million users was left online for five months, Ireland's Data "
            "Protection Commission said on Wednesday.\n")
    found = who(text, "Fitness app exposed data of two million users, regulator says")
    assert (found.claimant, found.kind) == ("Data Protection Commission", "organization")


def test_two_named_speakers_together_are_a_group():
    text = "Russian President Vladimir Putin and Kim Jong Un reaffirmed their partnership in Beijing.\n"
    found = who(text, text.strip())
    assert (found.claimant, found.kind) == ("Vladimir Putin and Kim Jong Un", "group")


def test_a_negated_speech_act_is_the_authors_own_statement():
    text = ("StrideTrack said the database had been secured.\n"
            "Its parent company, Athlon, did not respond to a request for comment.\n")
    found = who(text, "Its parent company, Athlon, did not respond to a request for comment.")
    assert found.own


def test_an_agentless_passive_is_attributed_to_nobody_known():
    text = "The victim was taken to hospital, where his condition is described as serious.\n"
    found = who(text, text.strip())
    assert (found.claimant, found.kind, found.own) == ("", "unknown", False)


@pytest.mark.parametrize(("text", "claimant"), [
    ("‘We will not back down’: Zelensky defiant as strikes go on\n\nPresident Volodymyr Zelensky spoke on Sunday.\n",
     "Volodymyr Zelensky"),
    ("Police: suspect fled on foot\n\nGreater Manchester Police said a man was seen running.\n",
     "Greater Manchester Police"),
])
def test_a_headline_quotation_or_label_before_a_colon_names_its_speaker(text, claimant):
    headline = text.split("\n")[0]
    assert who(text, headline).claimant == claimant


def test_a_title_case_subheading_inside_the_story_is_a_headline_too():
    text = ("President Volodymyr Zelensky spoke in Kyiv.\n\n"
            "Zelensky Urges Allies to Send More Air Defences\n\n"
            "\u201cEvery day of delay costs lives,\u201d Zelensky said.\n")
    assert who(text, "Zelensky Urges Allies to Send More Air Defences").claimant == "Volodymyr Zelensky"
    assert who(text, "\u201cEvery day of delay costs lives,\u201d Zelensky said.").claimant == "Volodymyr Zelensky"


def test_a_nationality_stands_for_the_person_just_quoted():
    text = ("Barcelona coach Hansi Flick said his team had made too many mistakes.\n"
            "\u201cWe gave them two goals,\u201d the German said.\n")
    assert who(text, "\u201cWe gave them two goals,\u201d the German said.").claimant == "Hansi Flick"


def test_a_senators_party_and_state_are_not_the_speaker():
    text = "\u201cShe understands working people,\u201d said Sen. Mark Ellison, D-Mich., who introduced her.\n"
    assert who(text, text.strip()).claimant == "Mark Ellison"


def test_people_named_together_speak_together_and_they_refers_to_them():
    text = ("BMA committee co-chairs Dr Robert Laurenson and Dr Sumi Manirajan said members had no choice.\n"
            "In a joint statement, they said: \u201cPay has fallen by a fifth since 2008.\u201d\n")
    first = who(text, text.split("\n")[0])
    assert (first.claimant, first.kind) == ("Robert Laurenson and Sumi Manirajan", "group")
    assert who(text, text.split("\n")[1]).claimant == "Robert Laurenson and Sumi Manirajan"


def test_the_union_is_the_labour_body_named_before():
    text = ("Junior doctors will strike for five days, the British Medical Association has announced.\n"
            "The union said the government had failed to make a credible offer.\n")
    found = who(text, "The union said the government had failed to make a credible offer.")
    assert (found.claimant, found.kind) == ("British Medical Association", "organization")


def test_a_forecast_is_claimed_by_whoever_makes_it():
    text = ("The Bank of Norland kept its rate at 4.25% on Thursday.\n"
            "The bank raised its forecast for growth this year to 1.1%.\n")
    assert who(text, "The bank raised its forecast for growth this year to 1.1%.").claimant == "Bank of Norland"


@pytest.mark.parametrize("sentence", [
    "It is understood that ministers are drawing up emergency plans.",
    "The minister is said to be furious about the leak.",
])
def test_it_is_understood_is_attributed_to_nobody_named(sentence):
    found = who(sentence + "\n", sentence)
    assert (found.own, found.claimant, found.kind) == (False, "", "unknown")


@pytest.mark.parametrize("sentence", [
    "The law says employers must give 14 days' notice.",
    "The storm, called Hurricane Ada, made landfall on Friday.",
    "Three players are expected to testify next week.",
    "State media published the message on Thursday.",
])
def test_things_that_say_and_verbs_used_otherwise_leave_the_statement_the_authors(sentence):
    assert who(sentence + "\n", sentence).own
