"""Word lists: verbs of saying, titles, and the nouns that name speakers.

General English news vocabulary, not the words of any one article: what a
speech verb looks like, which nouns are people, bodies, groups or documents,
and which capitalised words are titles rather than names.
"""

from __future__ import annotations

# Verbs whose subject is the claimant. Irregular forms are listed; regular ones are generated.
_SPEECH_BASES = (
    "state add note announce declare claim allege insist argue warn pledge vow promise reaffirm affirm "
    "emphasise emphasize stress express confirm deny accuse acknowledge admit report reveal disclose suggest "
    "estimate predict conclude testify contend maintain assert describe call praise criticise criticize "
    "condemn thank urge demand question respond reply explain recall tweet post boast concede highlight "
    "blame welcome caution complain expect believe fear dispute reject dismiss mention indicate observe "
    "remark comment threaten assure lament recommend advise propose hail slam decry tout repeat "
    "reiterate echo cite quote charge calculate reckon project recount mention acknowledge announce answer "
    "counter retort stress underline inform brief allege assert forecast warn appeal plead"
).split()
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "writing", "written"),
    "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "showing", "shown"),
    "think": ("think", "thinks", "thought", "thinking"),
    "forecast": ("forecast", "forecasts", "forecasting", "forecasted"),
    "speak": ("speak", "speaks", "spoke", "speaking"),
}
_DOUBLE = {"admit", "regret", "slam", "commit"}
# Acts that are not claims about the world (a plea is a procedural step).
_NOT_CLAIMS = {"plead", "appeal", "speak", "call", "question", "answer", "inform", "brief", "welcome", "hail"}


def _regular(base: str) -> tuple[str, ...]:
    if base in _DOUBLE:
        return base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"
    if base.endswith("e"):
        return base, base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base, base + "es", base + "ed", base + "ing"
    return base, base + "s", base + "ed", base + "ing"


def _speech_forms() -> dict[str, str]:
    forms = {}
    for base in _SPEECH_BASES:
        if base in _NOT_CLAIMS:
            continue
        for form in _IRREGULAR.get(base) or _regular(base):
            forms[form] = base
    for base, irregular in _IRREGULAR.items():
        if base not in ("speak",):
            for form in irregular:
                forms[form] = base
    forms["welcomed"] = forms["welcomes"] = "welcome"
    forms["hailed"] = "hail"
    forms["questioned"] = "question"
    forms["called"] = forms["calls"] = "call"
    return forms


SPEECH_BASE = _speech_forms()
SPEECH_FORMS = frozenset(SPEECH_BASE)
# A participle that hangs the claim on the main clause's subject ("..., saying it would").
PARTICIPLES = frozenset(
    "saying adding claiming calling describing arguing warning insisting noting accusing vowing pledging "
    "stressing citing telling explaining promising denying urging acknowledging admitting blaming "
    "reaffirming emphasising emphasizing declaring announcing alleging writing".split()
)
# "made the remarks", "in remarks", "expressed support": speech by a noun.
SPEECH_NOUNS = frozenset(
    "remarks comments statement announcement pledge speech address claim claims allegation allegations "
    "promise vow warning assurance assurances appeal".split()
)

AUXILIARIES = frozenset(
    "has have had will would could may might should shall must did does do is was are were been be being "
    "also later earlier previously recently repeatedly again then now still already publicly privately "
    "separately further first initially subsequently once twice formally officially reportedly "
    "allegedly apparently clearly explicitly today yesterday tonight just even only both all each "
    "himself herself itself themselves long often always widely consistently frequently since".split()
)
NEGATIONS = frozenset("not never n't declined refused failed".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}

# Capitalised words that are titles or honorifics, never a name's first word.
TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. professor sir dame lord lady sen sen. senator rep rep. "
    "representative gov gov. governor president vice prime minister secretary chancellor premier mayor judge "
    "justice chief deputy general gen gen. lt lt. col col. colonel major maj capt capt. captain commander "
    "admiral sergeant sgt sgt. det det. detective inspector insp insp. superintendent supt constable pc "
    "officer agent attorney assistant associate district u.s. us king queen prince princess pope cardinal "
    "bishop archbishop rabbi imam father sister brother sheikh emir sultan ambassador envoy commissioner "
    "councillor councilman councilwoman alderman speaker leader chairman chairwoman chair director manager "
    "coach boss head officer spokesperson spokesman spokeswoman economist analyst striker midfielder "
    "defender goalkeeper forward winger ceo cfo coo founder owner editor correspondent reporter "
    "minister-president first state foreign home interior defence defense finance health education "
    "transport environment justice labour labor trade energy economy housing culture sports security "
    "treasury attorney-general solicitor-general senior junior acting interim former incoming outgoing "
    "opposition shadow party group union executive general-secretary commander-in-chief".split()
)
# Titles proper (a person follows), as opposed to the department words above that also open org names.
PERSON_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. professor sir dame lord lady sen sen. senator rep rep. "
    "representative gov gov. governor president minister secretary chancellor premier mayor judge justice "
    "chief general gen gen. lt lt. col col. colonel maj capt capt. captain commander admiral sergeant sgt "
    "sgt. det det. detective inspector insp insp. superintendent supt constable officer agent attorney "
    "king queen prince princess pope cardinal bishop archbishop rabbi imam sheikh emir sultan ambassador "
    "envoy commissioner councillor councilman councilwoman alderman speaker leader chairman chairwoman "
    "director manager coach boss spokesperson spokesman spokeswoman economist analyst ceo founder owner "
    "editor correspondent reporter striker midfielder defender goalkeeper winger secretary-general "
    "director-general attorney-general solicitor-general general-secretary chief-executive vice-president "
    "president-elect chair chairperson executive".split()
)
FEMALE_TITLES = frozenset("mrs mrs. ms ms. miss dame lady queen princess chairwoman spokeswoman councilwoman".split())
MALE_TITLES = frozenset("mr mr. sir lord king prince chairman spokesman councilman".split())

# Nouns whose singular names one person.
PERSON_NOUNS = frozenset(
    "leader minister president premier chancellor governor mayor senator secretary spokesperson spokesman "
    "spokeswoman official chief director executive ceo chairman chairwoman chair head manager coach boss "
    "captain player striker midfielder defender goalkeeper forward winger driver rider athlete champion "
    "runner lawyer attorney prosecutor judge justice magistrate defendant witness victim doctor surgeon "
    "nurse scientist researcher professor economist analyst expert historian author writer journalist "
    "reporter editor diplomat ambassador envoy general commander officer inspector detective sergeant "
    "constable colonel councillor councilor lawmaker legislator mp congressman congresswoman "
    "representative candidate founder owner investor shopkeeper teacher student resident farmer worker "
    "employee activist campaigner protester adviser advisor aide commissioner ombudsman glaciologist "
    "oceanographer geophysicist physicist epidemiologist virologist allergist paediatrician pediatrician "
    "psychologist sociologist engineer pilot survivor father mother husband wife son daughter brother "
    "sister king queen prince princess pope cardinal bishop archbishop rabbi imam priest monarch emir "
    "sheikh sultan counterpart deputy successor predecessor incumbent challenger nominee opponent rival star "
    "actor actress singer musician artist producer chef strategist consultant pollster trader banker "
    "broker organiser organizer volunteer patient parent principal headteacher dean lecturer speaker "
    "president-elect spokesperson chairperson pensioner mother-of-two father-of-two grandmother "
    "grandfather man woman boy girl person official source insider negotiator mediator scholar cleric "
    "astronaut biologist chemist geologist climatologist meteorologist seismologist astronomer "
    "epidemiologist physician dentist pharmacist vet veterinarian campaigner organiser owner landlord "
    "tenant manager umpire referee batsman bowler quarterback pitcher skipper defenceman winger".split()
)
FEMALE_NOUNS = frozenset(
    "spokeswoman chairwoman congresswoman mother wife daughter sister queen princess actress woman girl "
    "grandmother mother-of-two businesswoman policewoman".split()
)
MALE_NOUNS = frozenset(
    "spokesman chairman congressman father husband son brother king prince man boy grandfather "
    "father-of-two businessman policeman".split()
)
# Plural nouns whose phrase names a group of people or of bodies.
GROUP_NOUNS = frozenset(
    "officials sources authorities analysts experts economists scientists researchers residents witnesses "
    "survivors protesters campaigners activists critics opponents supporters lawmakers legislators "
    "senators ministers leaders diplomats negotiators mediators prosecutors investigators detectives "
    "officers doctors nurses teachers parents students workers employees members fans players voters "
    "observers monitors inspectors historians people groups unions companies countries nations "
    "governments states agencies banks firms retailers airlines carriers insurers allies partners judges "
    "justices jurors scholars commentators pundits forecasters pollsters traders investors owners farmers "
    "locals villagers families people relatives neighbours neighbors passengers patients users customers "
    "consumers shoppers drivers athletes coaches organisers organizers authors team teams staff "
    "engineers executives managers directors insiders aides advisers advisors spokespeople "
    "representatives delegates delegations candidates rescuers troops soldiers police-officers "
    "health-officials academics physicians epidemiologists virologists lawyers attorneys defendants "
    "plaintiffs regulators lenders manufacturers producers exporters importers operators developers "
    "landlords tenants employers unionists demonstrators rebels militants fighters commanders".split()
)
# Singular nouns whose phrase names an organisation.
ORG_NOUNS = frozenset(
    "ministry department agency office bureau service commission committee council board authority "
    "inspectorate regulator watchdog government administration cabinet parliament congress senate "
    "assembly court tribunal police force military army navy company firm group corporation business "
    "retailer chain maker manufacturer airline carrier bank insurer lender fund union association "
    "federation league club charity organisation organization foundation institute university college "
    "school hospital trust network broadcaster newspaper paper magazine channel outlet media party "
    "campaign movement coalition alliance embassy consulate secretariat observatory survey utility "
    "operator provider developer platform startup palace kremlin presidency opposition junta "
    "regime industry sector prosecutor's prosecution defence defense team studio publisher "
    "conglomerate consortium cartel syndicate agency brand label giant multinational nonprofit "
    "non-profit think-tank tank lab laboratory centre center clinic station ministry".split()
)
# Capitalised words that make a name an organisation's ("Bank of Norland", "Carrow Bank").
ORG_NAME_WORDS = frozenset(
    "ministry department agency office bureau service services commission committee council board "
    "authority inspectorate government administration parliament congress senate assembly court "
    "tribunal police force forces military army navy company corporation corp corp. inc inc. ltd ltd. "
    "plc llc group holdings partners capital securities bank fund union association federation league "
    "club charity organisation organization foundation institute university college school hospital "
    "trust network news times herald post chronicle gazette journal tribune courier telegraph guardian "
    "observer standard independent express mail press radio television tv broadcasting media party "
    "campaign movement coalition alliance embassy secretariat observatory survey airlines airways "
    "pharma pharmaceuticals motors energy industries systems technologies labs laboratory laboratories "
    "centre center clinic house street palace kremlin pentagon whitehall vatican nations "
    "conference cross crescent exchange centers centres reserve treasury fc united city athletics olympic "
    "committee church synod review wire agency unicef unesco who".split()
)
NEWSPAPER_WORDS = frozenset(
    "news times herald post chronicle gazette journal tribune courier telegraph guardian observer "
    "standard independent express mail press wire review".split()
)
# Role nouns that stand for other words of a name ("the force" for "Northshire Police").
ORG_SYNONYMS = {
    "force": {"police"},
    "watchdog": {"commission", "authority", "inspectorate", "board", "office", "regulator", "agency", "council"},
    "regulator": {"commission", "authority", "inspectorate", "board", "office", "agency", "administration"},
    "authority": {"commission", "authority", "inspectorate", "board", "office", "agency", "administration"},
    "newspaper": NEWSPAPER_WORDS,
    "paper": NEWSPAPER_WORDS,
    "broadcaster": {"radio", "television", "tv", "broadcasting", "news", "channel"},
    "company": {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "plc", "llc", "group", "holdings", "pharma"},
    "firm": {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "plc", "llc", "group", "holdings", "partners",
             "capital", "securities"},
    "government": {"ministry", "department", "office", "administration"},
    "bank": {"bank", "reserve"},
    "team": {"researchers", "scientists", "authors"},
    "researchers": {"team", "scientists", "authors"},
    "scientists": {"team", "researchers", "authors"},
    "authors": {"team", "researchers", "scientists"},
}
# Nouns for documents: the claim is the author's (a report *by* someone, *their* statement).
DOCUMENT_NOUNS = frozenset(
    "report reports study studies survey poll polls analysis statement statements data figures results "
    "bulletin filing filings documents document records minutes letter memo ruling indictment complaint "
    "lawsuit affidavit estimate estimates forecast forecasts review audit assessment investigation "
    "research paper release notice message post tweet transcript testimony footage images video photos "
    "evidence numbers statistics census index tally count projections model communique communiqué "
    "paperwork documentation guidance advisory order decision verdict judgment judgement opinion "
    "dissent findings calculations research note update account accounts papers".split()
)
# Documents whose authors are the research team the story names.
RESEARCH_DOCUMENTS = frozenset("study studies research paper analysis findings".split())

# Words that open a clause, so the subject of a verb never reaches back past them.
CLAUSE_OPENERS = frozenset(
    "that who whom whose which while as because after before when although though since if unless until "
    "where whereas whether but and so than once yet or nor despite".split()
)
# Words that start an introductory phrase, never a subject ("In a statement, ...").
INTRO_WORDS = frozenset(
    "in on at during after before by for from with without under over since until amid among across "
    "following despite speaking asked writing responding addressing however meanwhile separately "
    "earlier later last next this yesterday today also additionally moreover furthermore still yet "
    "instead overall but and so then now thus hence indeed nevertheless nonetheless".split()
)
DETERMINERS = frozenset(
    "the a an this that these those its his her their our my your some many several most all both other "
    "few any each every no one two three four five six seven eight nine ten dozens hundreds thousands".split()
)
# Kept in a group's name: "Some economists", "all 22 economists".
QUANTIFIERS = frozenset(
    "some many several most all both other few two three four five six seven eight nine ten dozens "
    "hundreds thousands".split()
)
PREPOSITIONS = frozenset(
    "of for at in from by with on to about over under into across among between near within outside "
    "inside via per".split()
)
# Lower-case words inside a name ("Bank of England", "Ursula von der Leyen", "Ali bin Hassan").
NAME_JOINERS = frozenset("of for the and & de del della der den van von la le du da dos das bin al el y".split())
PERSON_PARTICLES = frozenset(
    "de del della der den van von la le du da dos das bin bint ibn al el y ten ter te zu af".split()
)

# Sentence-initial capitalised words that are not names.
NOT_NAMES = frozenset(
    "the a an in on at during after before by for from with without under over since until amid among "
    "following despite he she it they we i you his her its their our my this that these those there "
    "here what when where why how who which while as because although though if but and or so yet "
    "also however meanwhile separately earlier later last next yesterday today tonight tomorrow monday "
    "tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december both all some many most few several each every no one two "
    "three four five six seven eight nine ten more less other such only even just still instead "
    "additionally moreover furthermore overall thus hence indeed nevertheless nonetheless speaking "
    "asked writing according under unlike like beyond despite once then now not never reports officials "
    "sources analysts experts critics residents police".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
