"""Word lists behind the sentence rules in segment.py (lower case, no final full stop)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Never end a sentence: titles and other words that precede what they modify.
PREPOSITIVE = _words(
    "mr mrs ms mx dr prof gen col lt sgt capt cmdr cpl adm maj brig gov sen rep rev hon "
    "st mt ft pres supt det insp messrs mme mlle sr sra fr pvt amb atty rt "
    "vs v fig figs sec art op vol ch pt no nos n° nr approx ca cf pp p ed eds"
)
MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
# End a sentence only when a new sentence follows ("Apple Inc. The", "Ford Motor Co. Ford said").
POSTPOSITIVE = _words("inc ltd co corp jr sr bros llc plc al ave blvd rd esq")
# Dotted abbreviations that can end a sentence; other dotted words are initials
# ("J.D. Vance said"), which a name always follows.
DOTTED_FINAL = _words("u.s u.k u.n e.u d.c a.m p.m u.s.a n.y l.a n.j")
ARTICLES_AND_PRONOUNS = _words("a an the he she it they we i his her its their this these those")
OPENER_WORDS = _words(
    "a an the he she it they we i you his her its their our my this that these those there "
    "how what why when where who which but and or so yet if in on at as for from by with "
    "after before while meanwhile however also then still now mr mrs ms dr"
)
# Titles of people: "Ambassador to the U.N. Mike Waltz said" names the ambassador.
PERSON_TITLES = _words(
    "president vice prime minister secretary ambassador envoy attorney general judge justice "
    "magistrate senator sen rep representative congressman congresswoman gov governor mayor chief "
    "executive officer chairman chairwoman chair ceo cfo director commissioner adviser advisor "
    "spokesman spokeswoman spokesperson deputy acting assistant undersecretary gen adm lt col maj capt "
    "sgt cmdr commander admiral colonel captain sergeant marshal"
)
# Words that follow "U.S.", "U.N.", "Inc." and the like inside one noun phrase:
# titles and institutions ("U.S. Central Command said", "Apple Inc. Chief
# Executive Tim Cook"). A capitalised run holding one of them is not a new sentence.
NOUN_PHRASE_HEADS = PERSON_TITLES | _words(
    "ministry marshals trade treasury state defense defence homeland commerce labor energy health "
    "education interior agriculture transportation veterans foreign home supreme district circuit "
    "appeals court federal fed reserve command forces force army navy air marine marines corps coast "
    "guard naval military capitol police census bureau customs immigration border patrol postal service "
    "survey administration agency department office embassy consulate mission senate house congress "
    "government parliament cabinet council security committee commission chamber conference olympic "
    "open soccer steel bank bancorp airways cellular securities intelligence centers institute "
    "institutes academy mint team cup dollar constitution party authority fund foundation school "
    "schools university college library museum hospital center centre memorial boulevard park airport "
    "station bridge stadium association union united league federation organization organisation board "
    "network company corporation exchange programme program coalition alliance caucus delegation "
    "inc corp co ltd llc plc group holdings"
)
# A finite verb soon after a capitalised run: "Russia called", "Results are",
# "Analysts expect" (lower-case words ending in "-ed" count too).
FINITE_VERBS = _words(
    "is are was were has have had will would could should can may might must did does do said says say "
    "told tells want wants plan plans deny denies insist insists warn warns argue argues claim claims "
    "remain remains expect expects hope hopes seek seeks face faces believe believes fear fears "
    "think thinks know knows need needs agree agrees "
    "fell rose made took went came gave won lost left met held paid sold bought set put hit cut led saw "
    "began grew ran spoke wrote struck sought brought thought became fought kept sent spent built found "
    "stood knew got felt broke drove chose threw shot fled flew"
)
# "At 5 a.m. Mr. Smith went": a phrase led by one of these has not reached its verb.
INTRODUCTORY = _words("at by before after until till from since around about near shortly")
SPEECH_VERBS = (
    "said says told added stated asked wrote replied declared insisted warned noted explained tweeted "
    "posted argued claimed continued announced responded recalled cautioned conceded admitted "
    "acknowledged emphasized emphasised stressed quipped shouted yelled screamed cried exclaimed "
    "demanded wondered chanted pleaded roared whispered interjected joked countered observed remarked "
    "concluded maintained vowed promised"
).split()
# After a question or an exclamation in quotes, verbs of manner take the rest
# of the sentence with them ("“Get down!” Molina shouted as the shots rang out").
MANNER_VERBS = _words(
    "asked shouted yelled screamed cried exclaimed demanded wondered chanted pleaded roared "
    "whispered interjected joked quipped declared"
)
# What may follow the verb in an attribution that ends the sentence: when, where,
# to whom and in what ("Lindqvist told reporters in Brussels on Monday."). Anything
# else after a full stop in quotes is a reported clause, so a new sentence.
ATTRIBUTION_TAIL = _words(
    "on in at to during after before from with via through for of outside inside near late early earlier "
    "later last this next a an the his her their its our reporters journalists lawmakers legislators "
    "supporters crowd audience statement interview news conference briefing press release speech address "
    "post video message email phone telephone call television radio broadcast hearing meeting rally summit "
    "session event ceremony gathering day week month year morning afternoon evening night today yesterday "
    "tonight local prepared written televised joint brief separate social media platform website online "
    "letter court parliament committee panel board council podcast show appearance visit also again "
    "response reply answer remarks comments testimony"
)
