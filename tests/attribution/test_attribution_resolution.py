"""Short forms, pronouns and roles resolve to the full name given elsewhere in the article."""

from annotations.attribution import attribute


def who(text, sentence, publisher=""):
    assert text.count(sentence) == 1, sentence
    start = text.index(sentence)
    (found,) = attribute(text, [(start, start + len(sentence))], publisher=publisher)
    return found


def test_he_is_the_subject_of_the_sentence_before_not_its_object():
    text = ("Putin thanked Kim Jong Un for North Korea's support.\n"
            "He described the operation as a joint fight against neo-Nazism.\n"
            "Russian President Vladimir Putin spoke first.\n")
    found = who(text, "He described the operation as a joint fight against neo-Nazism.")
    assert found.claimant == "Vladimir Putin"


def test_she_skips_a_man_mentioned_in_between():
    text = ("Health Secretary Naomi Fairbanks visited the hospital with Mr Tom Akinola.\n"
            "Mr Akinola said little during the visit.\n"
            "She said the results showed that grades meant what they should.\n")
    assert who(text, "She said the results showed that grades meant what they should.").claimant == \
        "Naomi Fairbanks"


def test_the_minister_is_the_person_who_carries_that_title():
    text = ("Interior Minister Selin Arslan flew to the province with governor Ali Demirel.\n"
            "Demirel said 212 people had been injured.\n"
            "The minister said tents were being flown in.\n")
    found = who(text, "The minister said tents were being flown in.")
    assert (found.claimant, found.kind) == ("Selin Arslan", "person")


def test_the_president_with_a_nationality_is_the_matching_president():
    text = ("Russian President Vladimir Putin met North Korean leader Kim Jong Un in Beijing.\n"
            "The Russian president expressed gratitude for the help of North Korean troops.\n")
    assert who(text, "The Russian president expressed gratitude for the help of North Korean troops.").claimant \
        == "Vladimir Putin"


def test_the_body_named_by_its_kind_is_the_one_named_before():
    text = ("The European Space Agency launched the probe in 2024.\n"
            "The agency said radar soundings suggested a large body of ice.\n")
    found = who(text, "The agency said radar soundings suggested a large body of ice.")
    assert (found.claimant, found.kind) == ("European Space Agency", "organization")


def test_a_role_with_modifiers_never_takes_a_body_that_does_not_share_them():
    text = ("The national weather service said 140mm of rain had fallen.\n"
            "Fire crews rescued 46 people by boat, the regional fire service said.\n")
    found = who(text, "Fire crews rescued 46 people by boat, the regional fire service said.")
    assert (found.claimant, found.kind) == ("Regional fire service", "organization")


def test_a_surname_alone_gives_the_full_name():
    text = ("Former school principal Grace Okonkwo was elected mayor on Tuesday.\n"
            "“This city told us tonight that it wants change,” Okonkwo said.\n")
    found = who(text, "“This city told us tonight that it wants change,” Okonkwo said.")
    assert (found.claimant, found.kind) == ("Grace Okonkwo", "person")


def test_it_is_the_body_that_spoke_last():
    text = ("The national weather service said 140mm of rain had fallen in two days.\n"
            "It issued a red warning for the area and said more rain was expected.\n")
    found = who(text, "It issued a red warning for the area and said more rain was expected.")
    assert (found.claimant, found.kind) == ("National weather service", "organization")


def test_the_age_stands_for_the_person_just_named():
    text = ("Kwame Mensah scored the winner in the 93rd minute.\n"
            "“I have dreamed about this since I was a kid,” the 24-year-old said.\n")
    assert who(text, "“I have dreamed about this since I was a kid,” the 24-year-old said.").claimant == \
        "Kwame Mensah"


def test_a_spokesperson_speaks_for_the_body_named_before():
    text = ("Eastbridge Borough Council approved its budget on Wednesday.\n"
            "A council spokesperson said staff would be offered other jobs.\n")
    found = who(text, "A council spokesperson said staff would be offered other jobs.")
    assert (found.claimant, found.kind) == ("Eastbridge Borough Council", "organization")


def test_the_study_is_claimed_by_the_research_team_the_story_names():
    text = ("Antarctic ice shelf thinning faster than thought, study finds\n\n"
            "The researchers, led by glaciologist Priya Raman of the University of Tromsø, combined satellite "
            "data with sensors drilled into the ice.\n")
    found = who(text, "Antarctic ice shelf thinning faster than thought, study finds")
    assert (found.claimant, found.kind) == ("Researchers led by Priya Raman", "group")


def test_the_spokesperson_and_the_statement_refer_back_to_whom_they_came_from():
    text = ("A spokesperson for the Health Ministry said 40 people had died.\n"
            "The spokesperson added that the figure could rise.\n"
            "The ministry said in a statement that hospitals were full. The statement also said fuel was short.\n")
    for sentence in ("The spokesperson added that the figure could rise.", "The statement also said fuel was short."):
        found = who(text, sentence)
        assert (found.claimant, found.kind) == ("Health Ministry", "organization"), sentence


def test_a_time_after_the_subject_is_not_part_of_its_name():
    text = ("The Competition and Markets Board reviewed the deal for a year.\n"
            "The country's competition authority on Monday blocked the merger, saying fares would rise.\n")
    found = who(text, text.split("\n")[1])
    assert (found.claimant, found.kind) == ("Competition and Markets Board", "organization")


def test_a_survey_with_modifiers_is_a_body_and_the_survey_refers_back_to_it():
    text = ("The quake hit at a depth of 10 kilometres, the national geological survey said.\n"
            "Aftershocks were felt throughout the day, according to the survey.\n")
    for sentence in text.strip().split("\n"):
        found = who(text, sentence)
        assert (found.claimant, found.kind) == ("National geological survey", "organization"), sentence


def test_the_two_leaders_are_the_people_named_together_and_the_two_nations_are_not():
    text = ("Russian President Vladimir Putin and Kim Jong Un reaffirmed their partnership in Beijing.\n"
            "The two leaders emphasized mutual support.\n"
            "The two nations signed a defence pact in 2024, pledging mutual assistance.\n")
    assert who(text, "The two leaders emphasized mutual support.").claimant == "Vladimir Putin and Kim Jong Un"
    nations = who(text, "The two nations signed a defence pact in 2024, pledging mutual assistance.")
    assert (nations.claimant, nations.kind) == ("Two nations", "group")
