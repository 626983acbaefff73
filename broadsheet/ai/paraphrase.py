"""Words a reader's question and a news sentence use for the same thing.

A question is rarely phrased with the article's words: "Who will replace
him?" for "succeed", "What was the plane carrying?" for "bringing meat",
"Iran" for "Iranian". Two general means bridge some of it, both applied the
same way to the question and to every sentence:

- groups of news words that stand for one another (``canonical``): written
  from general usage, not from any article, each group a plain list below,
  looked up by dictionary lemma first ("plane" and "plan" are two words even
  though the light stemmer makes one of them);
- a place and its people or adjective (``related``): a name of four letters or
  more and the same name with a demonym ending ("Iran"/"Iranian",
  "Kenya"/"Kenyan", "Japan"/"Japanese"), or a body and its members ("Senate"/
  "Senator"), or a verb and the noun made from it ("inject"/"injection",
  "explore"/"exploration", "deliver"/"delivery"), 0.8 of a match; lemmas
  already join "arrest"/"arrested".
"""

from __future__ import annotations

from functools import lru_cache

from broadsheet.ai.answer_types import lemma_stem

# Each line: words that news copy and readers use for one another (first = canonical).
_GROUPS = """
die dead death fatal fatality toll perish succumb kill murder assassinate assassination slay
injure injury wound hurt
buy purchase acquire acquisition
begin start launch commence
end finish conclude
quit resign resignation depart leave retire retirement
replace succeed successor
lead head chief boss ceo chairman chairperson chair
carry bring transport haul
plane aircraft jet airliner airplane flight
car vehicle automobile
company firm business corporation
worth value cost price
build construct construction
arrest detain detention
charge accuse indict
convict guilty
ban prohibit bar
win victory beat defeat
rise increase climb gain grow jump
fall drop decline decrease slump plunge lose
steal theft rob robbery burgle burglary
fire blaze
storm hurricane cyclone typhoon
people person individual
worker employee staff workforce
child kid
woman female
man male
meet meeting talk
elect election vote ballot
hold host stage organise organize
make produce manufacture create
found establish
electricity power
cut reduce slash eliminate
sue lawsuit suit
marry wed wedding
own owner belong
shut close closure
outage blackout shutoff
survive survivor
protest demonstration demonstrator protester
crash collision accident wreck
hit strike
board aboard onboard
arrive come
newspaper paper
film movie
song
match game
say tell announce comment
want seek demand request
job position role
salary pay wage
money fund funding
attack assault raid
bomb explosive blast explosion explode
quake earthquake tremor
flood flooding
evacuate evacuation
speak speech spokesperson spokesman spokeswoman
visit tour
criticise criticize condemn
support endorse
agreement deal accord contract
investigate investigation probe inquiry
find discover uncover
plan intend
warn warning alert
forecast predict
rain rainfall
hire recruit employ
doctor physician
soldier troop
prison jail imprison sentence
lawyer attorney
profit earnings income
revenue turnover
grow expand
unveil reveal
teenager teen
resident inhabitant
crowd spectator audience
winner champion
prize award
poll survey
law legislation
home house residence
road highway
boat vessel ferry ship
railway rail
missing disappear vanish
rescue save
fine penalty
weapon gun firearm
drug narcotic
ill illness sick disease
help aid assist
receive deliver delivery
born birth
wife widow spouse
admit acknowledge confess concede
publish release
watch view viewer
seize confiscate
supply provide
send dispatch deploy
leak spill
cancel scrap
need require
allow permit
try attempt
choose select pick appoint nominate
give grant donate
live reside
damage destroy
rich wealthy
aim goal target
deny reject refuse
claim allege
police cop
firefighter fireman
shop store retailer
use utilise utilize
show display exhibit
discuss debate
""".strip().splitlines()

# Phrasal verbs read as the plain verb of a group above (every form: "broke out", "stepping
# down"); only phrases with one sense in news copy ("go down" is a crash or a fall: not here).
PHRASAL_VERBS = (
    (r"(?:break|breaks|broke|broken|breaking) out", "began"),
    (r"(?:take|takes|took|taken|taking) the place of", "replaced"),
    (r"(?:step|steps|stepped|stepping) down", "resigned"),
    (r"(?:set|sets|setting) up", "founded"),
    (r"(?:pass|passes|passed|passing) away", "died"),
    (r"(?:shut|shuts|shutting) down|(?:turn|turns|turned|turning|switch|switches|switched) off",
     "shut"),
    (r"(?:look|looks|looked|looking) into", "investigate"),
    (r"(?:blow|blows|blew|blown|blowing) up", "exploded"),
    (r"(?:lock|locks|locked|locking) up", "jailed"),
    (r"(?:own|owns|owned|owning) up", "admitted"),
    # Phrases whose verb is another word: custody is an arrest, a post filled is a replacement.
    (r"(?:take|takes|took|taken|taking) into custody", "arrested"),
    (r"(?:take|takes|took|taken|taking) over (?=as |from )", "succeeded "),
    (r"(?:fill|fills|filled|filling) (?:the|his|her|their) (?:post|position|role|vacancy|seat)",
     "replaced"),
    (r"(?:stop|stops|stopped|stopping|quit|quits|quitting) (?:playing|competing|racing)|"
     r"(?:hang|hangs|hung|hanging) up (?:his|her|their) (?:boots|gloves)", "retired"),
    (r"(?:go|goes|went|gone|going|shot|shoots) up", "rose"),
    (r"(?:call|calls|called|calling) off", "cancelled"),
)  # fmt: skip

_PREFIX_MIN = 4
# Endings that make a people or an adjective of a place name: Kenya-n, Iran-ian, Japan-ese.
_DERIVED = frozenset(["n", "an", "ian", "ese", "i", "ns", "ans", "ians", "or", "ors"])
# Endings that make a noun of a verb: inject-ion, explor-ation, deliv-ery, depart-ure.
_NOMINAL = frozenset(["ion", "ation", "ment", "ery", "ure"])


def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Groups keyed by dictionary lemma ("plane", "plan": two groups) and, for forms the
    lemmatizer misses, by stem (where "plane" and "plan" would meet, so lemmas go first)."""
    by_lemma: dict[str, str] = {}
    by_stem: dict[str, str] = {}
    for line in _GROUPS:
        group = line.split()
        for word in group:
            by_lemma.setdefault(word, f"={group[0]}")
            by_stem.setdefault(lemma_stem(word), f"={group[0]}")
    return by_lemma, by_stem


_BY_LEMMA, _BY_STEM = _tables()


def canonical(term: str, lemma: str | None = None) -> str:
    """The shared key of a word's group ("=" + the group's first word), looked up by the
    word's dictionary ``lemma`` first, then by its stem ``term``; the stem outside every group."""
    if lemma is not None and lemma in _BY_LEMMA:
        return _BY_LEMMA[lemma]
    return _BY_STEM.get(term, term)


@lru_cache(maxsize=1 << 15)
def related(a: str, b: str) -> bool:
    """Whether two different terms are a name and the word made from it ("iran"/"iranian"),
    or a verb and its noun ("inject"/"injection")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < _PREFIX_MIN or not long_.startswith(short) or not short.isalpha():
        return False
    return long_[len(short) :] in _DERIVED | _NOMINAL
