"""People mentioned in an article, as canonical names.

Three sources of evidence, since no trained tagger is available:

1. the gazetteer (``corpus/data/gazetteer.tsv``): every n-gram of a capitalized run is looked
   up by its folded form, so ``Kim Jong-un`` and ``KIM JONG UN`` both find ``Kim Jong Un``;
2. person cues in the text: a title before the name (``Treasury Secretary James Baker``,
   ``analyst John Smith``, ``Mr Volcker``), a reporting verb or an apposition after it
   (``Nazer said``, ``Paye, Director General of ...``), a common given name in front;
3. propagation: a later ``Volcker`` or ``Kim`` is the full name met elsewhere in the article
   (``PeopleFinder``), or the one full name with that surname in the whole corpus
   (``CorpusNames``).

Bylines, photo credits (``REUTERS/Jason Lee``, ``(Photo by X)``) and the closing lines about
the writer (``corpus.authorlines``) are not mentions.
Nor are firms named after people: a word before a company word (``Ford Motor Co``) or a
stock ticker (``Ford <F>``) names a firm, and so does a bare ``Ford`` in that article, unless a
title of office says otherwise (``President Ford``) or the full name appears.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from corpus.authorlines import author_lines
from corpus.gazetteer import Gazetteer
from corpus.names import (
    ABBREVIATIONS,
    NAME_SUFFIXES,
    OFFICE_TITLES,
    PARTICLES,
    UPPERCASE,
    Token,
    WordLists,
    fold,
    is_shouting,
    run_tokens,
    word_lists,
)

__all__ = ["CorpusNames", "Found", "Gazetteer", "PeopleFinder", "leaders_of"]

#: Bump when a change of the rules changes the people an article gets: an index built with
#: another version finds the people of its stored articles again (``index.build``).
FINDER_VERSION = 4

#: Verbs of saying that follow (``Volcker said``) or precede (``said Bob Bannon``) a speaker.
SAY_VERBS = frozenset(
    """said says say told tells added adds stated noted notes explained argued argues warned warns
    predicted predicts estimated estimates commented wrote writes asked asks replied replies
    announced announces declared insisted insists suggested suggests acknowledged conceded
    cautioned recalled responded testified complained urged urges disclosed confirmed denied
    believes thinks thought maintained contended observed remarked""".split()
)
#: Lowercase words linking a title to the run holding the name (``Secretary of State George Shultz``).
_CONNECTORS = frozenset({"of", "the", "for", "and", "on", "to"})
#: A word after ``Name,`` that makes the run a person (``Paye, Director General``, ``Hess, 45,``).
_ARTICLES = frozenset({"The", "A", "An"})
#: Endings of lowercase role nouns (anchor, presenter, economist, defendant, historian, chairwoman).
_ROLE_NOUN = re.compile(r"^[a-z]{3,}(?:er|or|ist|ant|ent|ian|man|woman)$")
#: Words with those endings that are no role: adverbs, prepositions, comparatives.
_NOT_ROLES = frozenset(
    """never ever however whatever whenever wherever whoever over under after other another either
    neither whether rather later further together per nor former latter better bigger greater larger
    longer older younger earlier higher lower newer fewer closer sooner faster than consider remember
    enter order offer differ suffer gather deliver discover recover cover answer register monitor
    represent present prevent want meant spent sent went""".split()
)
#: Days and months: a capitalized run they open ("Tuesday Mitch McConnell") is no longer proper noun.
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()
)
#: Relatives: a given name after one shares a family name (``Nogar's son Stephen``, ``his brother Ed``).
_KIN = frozenset(
    "brother sister son daughter wife husband father mother widow stepson stepdaughter".split()
)
#: Nouns after a surname that make it a person's: "the Clinton administration", "the McCarthy era".
_ERA_NOUNS = frozenset("administration presidency premiership era years doctrine regime probe inquiry investigation".split())
#: An adjective that may stand as a nickname before a name: Crooked, Sleepy, Lyin', Crazy.
_EPITHET = re.compile(r"^[a-z]{3,}(?:ed|y|in'|ing)$")
#: Adjective endings: a first word with one is no given name (Judicial Watch, National Review).
_ADJECTIVE = re.compile(r"^[a-z]{3,}(?:ial|ical|ic|ive|ous|ary|ful|less|able|ible|al)$")
#: Titles that stand before a name only: after "X, " they open another person's name.
_HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady messrs mme mlle herr".split())
_APPOSITION_LEADS = frozenset({"who", "whose", "a", "an", "the", "his", "her", "aged"})
#: ``X and Co``, ``X & Sons``: the run names a firm.
_FIRM_ENDINGS = frozenset({"co", "cos", "company", "sons", "son", "partners", "associates", "brothers", "cie"})
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_APOS = "'\u2019"
_WORD_TAIL = rf"[\w{_APOS}]*(?:[-\u2010\u2011][\w{_APOS}]+)*"
_CAPITAL_WORD = rf"[{UPPERCASE}]{_WORD_TAIL}"
_ANY_WORD_TAIL = rf"[\w{_APOS}.]*(?:[-\u2010\u2011][\w{_APOS}.]+)*"
_ANY_WORD = rf"[^\W\d_]{_ANY_WORD_TAIL}"
_ABBREVIATION = "(?:" + "|".join(sorted(ABBREVIATIONS)) + r")\."
#: An abbreviation less its first letter, checked behind (by length: a lookbehind is of fixed width).
_ABBREVIATION_TAIL = "(?:" + "|".join(
    rf"\w{{{size - 1}}}\.(?<=(?i:{'|'.join(sorted(a for a in ABBREVIATIONS if len(a) == size))})\.)"
    for size in sorted({len(a) for a in ABBREVIATIONS})
) + ")"
#: An Arabic article joined to a family name: "al-Assad", "el-Sisi", "bin-Salman".
_JOINED_PARTICLE = rf"(?:al|el|ad|as|ash|ul|bin|ibn)[-\u2010\u2011]{_CAPITAL_WORD}"
_ITEM = rf"(?:(?i:{_ABBREVIATION})(?<=[{UPPERCASE}]\w\.)|(?:[{UPPERCASE}]\.)+|{_CAPITAL_WORD}|{_JOINED_PARTICLE})"
#: The first item of a run, as _ITEM but opening with its capital, so that ``re`` skips to the
#: next capital in C (a pattern opening with a lookaround is tried at every position).
_FIRST_ITEM = rf"[{UPPERCASE}](?<![\w{_APOS}].)(?:{_ABBREVIATION_TAIL}(?<=[{UPPERCASE}]\w\.)|\.(?:[{UPPERCASE}]\.)*|{_WORD_TAIL})"
_SEPARATOR = r"(?:[ \t]+|[ \t]*\n[ \t]*(?=\S))"
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES)) + ")"
#: A capitalized run: capitalized words, initials and abbreviations, with name particles inside.
_RUN = re.compile(rf"{_FIRST_ITEM}(?:{_SEPARATOR}(?:{_PARTICLE}{_SEPARATOR})*{_ITEM})*")
#: In an all-capitals text every run of words is a candidate.
_SHOUTED_RUN = re.compile(rf"[^\W\d_](?<![\w{_APOS}].){_ANY_WORD_TAIL}(?:[ \t]+{_ANY_WORD})*")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_HYPHEN_LOWER = re.compile(r"[-\u2010\u2011][a-z]")  # "Seventeen-year-old": no name
_GAP = re.compile(r"\s+(?:(?:of|the|for|and|on|to)\s+){1,3}")
_OPENERS = frozenset('.!?:;"\u201c\u201d\u2018\u2019([\n-')
_POSSESSIVE_END = re.compile(rf"\w[{_APOS}]s?$")
_POSSESSIVE_TAIL = re.compile(rf"[{_APOS}]s?$")
#: Words that cannot be part of a name in mixed-case text: contractions ("Kevin I'd") and
#: acronyms ("Mario Kart DS"), but not Roman numerals.
_NOT_A_NAME_PART = re.compile(rf"[{_APOS}](?i:d|ll|re|ve|m|t)$|^(?![IVX]+$)[A-Z]{{2,}}$")
_NEXT_WORDS = re.compile(rf"[ \t]*(,|&|[\w{_APOS}]+)[ \t]*([\w{_APOS}]+)?")
#: A stock ticker after a name makes it a listed company: "Ford <F>", "Chrysler Corp <C>".
_TICKER = re.compile(r"[ \t]*<[A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,3})?>")
#: Strength of the evidence that a capitalized run is a person.
NONE, WEAK, STRONG, OFFICE = 0, 1, 2, 3  # OFFICE: a title of office, see OFFICE_TITLES
FIRM = -1
ERA = -3  # after the run: "administration", "era" (see _ERA_NOUNS)
PLACE = -2  # after "in", "at", "the": "in Da Nang", "the Red Cross" are no given name and surname
_PLACE_LEADS = frozenset({"in", "at", "near", "into", "across", "outside", "around", "via"})
#: Credits and bylines: the names in them are not mentions. A credit's names are a few
#: capitalized words ("REUTERS/Jason Lee/File Photo"), so prose after an unpunctuated credit survives.
_CREDITED = rf"(?:(?:[{UPPERCASE}]\.|[{UPPERCASE}][\w{_APOS}-]*)(?:[ \t]+|/|(?=[^\w{_APOS}-])|$)){{1,4}}"
#: Photo agencies as they appear in credits ("REUTERS/Jason Lee", "Saul Loeb/AFP/Getty Images").
_AGENCIES = "REUTERS|Reuters|AFP|AP|EPA(?:-EFE)?|Getty Images|Getty|Xinhua|KCNA|Yonhap|Kyodo|Pool|POOL|Bloomberg|Anadolu|Sipa|NurPhoto"
#: What _CREDIT cannot match without (a cheap search before the costly regex).
_CREDIT_HINT = re.compile(
    rf"/[ \t]*(?:{_AGENCIES})|(?:{_AGENCIES}|File)[ \t]*/|hoto|HOTO|icture|mage|creen|(?:riting|diting|eporting) by|\(@"
)
#: Substrings every match of _CREDIT_HINT contains (one per alternative: "/", "hoto", ...,
#: "ing by"): looked for with ``in`` (no regex), four times faster on wire copy.
_CREDIT_KEYS = ("/", "hoto", "HOTO", "icture", "mage", "creen", "ing by", "(@")


def _may_hold_credit(text: str) -> bool:
    """Whether ``text`` may hold a photo credit or byline (``_CREDIT_HINT``, run only when
    one of its literal pieces is there)."""
    return any(key in text for key in _CREDIT_KEYS) and _CREDIT_HINT.search(text) is not None


_CREDIT = re.compile(
    rf"(?:\b(?:{_AGENCIES}|File)[ \t]*/[ \t]*{_CREDITED}"
    rf"|\((?:[Pp]hoto|[Pp]icture|[Ii]mage|[Ff]ile photo|[Ss]creen ?(?:shot|grab)|[Vv]ideo|[Ii]llustration)s?[ \t]*(?::|by|credit:?)[^)\n]{{0,80}}\)"
    # an embedded post's signature: "— Jane Doe (@janedoe) October 9, 2016", "shared by X (@x)"
    rf"|(?:[\u2014\u2013-]|\bby)[ \t]+[^\n()\u2014\u2013]{{1,60}}\(@\w{{1,40}}\)"
    rf"|\b(?:[Pp]hoto(?:graph)?s?|[Pp]ictures?)[ \t]+by[ \t]+{_CREDITED}"
    rf"|(?:^|(?<=[.!?\"\u201d)] ))[ \t]*(?:Photo(?:graph)?s?|Picture|Image|PHOTO)[ \t]*(?:[Cc]redit)?:[ \t]*{_CREDITED}"
    rf"|{_CREDITED}[ \t]*/[ \t]*(?:{_AGENCIES})\b"
    rf"|\b(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Aa]dditional reporting)[ \t]+by[ \t]+[^\n;)]{{1,120}})",
    re.MULTILINE,
)


#: Titles that are part of the name they stand before: "Lord Ashcroft", "Prince Harry".
PEERAGE_TITLES = frozenset("lord lady baroness baron viscount earl countess duke duchess marquess prince princess".split())
#: A nickname quoted inside a name: ``Howard "The Scream" Dean``, ``Tionne 'T-Boz' Watkins``.
_NICKNAME = re.compile(
    rf"([{UPPERCASE}](?<!\w.)[\w{_APOS}-]+)[ \t]+[\"\u201c\u2018'][{UPPERCASE}][^\"\u201d\u2019'\n]{{0,30}}[\"\u201d\u2019'][ \t]+(?=[{UPPERCASE}])"
)
#: A list of capitalized names: "Madonna, Sir Elton John, Nelly and Usher" (three items or more).
#: (These patterns open with the capital and look behind it after: a pattern that opens with a
#: character class lets ``re`` skip to the next capital in C, one that opens with a lookaround
#: tries every position.)
_LIST_ITEM_TAIL = rf"[\w{_APOS}-]*(?:[ \t]+[{UPPERCASE}][\w{_APOS}-]*){{0,3}}"
_LIST_ITEM = rf"[{UPPERCASE}]{_LIST_ITEM_TAIL}"
_LIST = re.compile(rf"[{UPPERCASE}](?<![\w{_APOS}-].){_LIST_ITEM_TAIL}(?:(?:,[ \t]+|,?[ \t]+and[ \t]+){_LIST_ITEM}){{2,}}(?![\w{_APOS}-]|[ \t]+\d)")
_LIST_SEPARATOR = re.compile(r",[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+")
_SHARED_SURNAME = re.compile(rf"([{UPPERCASE}](?<![\w{_APOS}-].)[a-z]+) and ([{UPPERCASE}][a-z]+) ([{UPPERCASE}][\w{_APOS}-]+)(?![\w{_APOS}-]|[ \t]+[{UPPERCASE}])")
#: A team sheet: a paragraph of "R de Marigny; W Pozzebon, A Masi" items, initial then surname.
_SHEET_ITEM = re.compile(
    rf"^(?P<initials>[{UPPERCASE}]{{1,2}})\.?[ \t]+(?P<surname>(?:(?:de|del|dal|di|da|van|von|le|la)[ \t]+)?[{UPPERCASE}][\w{_APOS}-]+(?:[ \t]+[{UPPERCASE}][\w{_APOS}-]+)?)(?:[ \t]*\([^)]{{0,12}}\))?\.?$"
)


def _may_be_team_sheet(text: str) -> bool:
    return text.count(";") + text.count(",") >= 4 and text.count(".") <= text.count(";") + text.count(",")


def _team_sheet(text: str) -> list[str]:
    """Players of a team sheet (``G Thomas (capt); H Luscombe, T Shanklin``), initials dotted;
    nothing unless most items read initial-and-surname."""
    items = [item.strip() for item in re.split(r"[;,]", text.replace("\n", " ")) if item.strip()]
    matches = [_SHEET_ITEM.match(item) for item in items]
    hits = [m for m in matches if m]
    if len(hits) < 4 or len(hits) < 0.6 * len(items):
        return []
    names = []
    for match in hits:
        initials = match.group("initials")
        names.append(f"{initials}{'.' if len(initials) == 1 else ''} {match.group('surname')}")
    return names


@dataclass(frozen=True)
class Found:
    """People found in one article.

    ``people`` are canonical full names; ``loose`` are single-word surnames with a person cue
    that nothing in the article resolved (``CorpusNames.resolve`` may resolve them).
    """

    people: tuple[str, ...] = ()
    loose: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Single:
    text: str
    cued: bool
    shouting: bool
    titled: bool = False  # the cue was a title of office ("President Carter"), not "Carter said"


class _Mentions:
    """What one article says about people, before resolution."""

    def __init__(self, date: _dt.date | None = None) -> None:
        self.date = date
        self.known: Counter[str] = Counter()  # gazetteer canonical names
        self.named: Counter[str] = Counter()  # full names found from the text itself
        self.singles: list[_Single] = []
        self.firms: set[str] = set()  # folded words met as firm names ("Ford Motor Co", "Ford <F>")
        #: uncued runs of two or three name words ("Ramdhan Yadav Kotamaraja is"), full names if
        #: the article settles their last word with an honorific ("Mr Kotamaraja")
        self.unsettled: list[tuple[str, ...]] = []
        self.honored: set[str] = set()  # folded words met after an honorific


#: How many run readings a finder remembers (``PeopleFinder._reading``); all are dropped when full.
_READINGS_KEPT = 1 << 16


class _Marks:
    """What ``_roles`` records while reading a run: gazetteer people, full names it settles
    (``Donald Trump Jr.``), multi-word short forms, firm words (``date``: the article's)."""

    __slots__ = ("date", "known", "named", "singles", "firms")

    def __init__(self, date: _dt.date | None) -> None:
        self.date = date
        self.known: list[str] = []
        self.named: list[str] = []
        self.singles: list[_Single] = []
        self.firms: set[str] = set()

    def frozen(self) -> _FrozenMarks:
        if not (self.known or self.named or self.singles or self.firms):
            return ()
        singles = tuple((single.text, single.cued, single.shouting, single.titled) for single in self.singles)
        return tuple(self.known), tuple(self.named), singles, tuple(self.firms)


# A run's reading is remembered in plain tuples (``PeopleFinder._reading``): the garbage collector
# stops tracking a tuple of strings, but walked a dataclass per remembered run at every full
# collection (a tenth of the finder's time on Reuters).
#: Marks of a run: (known, named, singles as (text, cued, shouting, titled), firms), or ().
_FrozenMarks = tuple
#: A run's words up to a possessive ("Japan's | Nakasone"): (words, roles, ends in a possessive, marks).
_Part = tuple[tuple[str, ...], tuple[str, ...], bool, _FrozenMarks]
#: (plain, parts, dated, date): ``plain`` when the run is ordinary words alone (``_plain_run``);
#: ``dated`` when a word of it opens a dated gazetteer form, the reading then holding for ``date`` only.
_Reading = tuple[bool, tuple[_Part, ...], bool, "_dt.date | None"]


def _record(marks: _FrozenMarks, mentions: _Mentions) -> None:
    """Add the marks of a run's reading to an article's mentions."""
    known, named, singles, firms = marks
    mentions.known.update(known)
    mentions.named.update(named)
    mentions.singles.extend(_Single(*single) for single in singles)
    mentions.firms.update(firms)


class PeopleFinder:
    """Finds the people mentioned in an article (see the module docstring for the rules)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self.words = word_lists()
        self._first_words = self.gazetteer.first_words | {phrase.split()[0] for phrase in self.words.stop_phrases}
        self._name_starts = self.words.given_names | self.words.titles  # a full name's first word
        #: words that alone make a run of no interest (``_roles`` gives them "stop" or "common")
        self._plain_words = frozenset(
            word for word in self.words.stop_words if word not in self.words.titles and not self.gazetteer.is_form(word)
        )
        self._readings: dict[tuple[str, bool, bool], _Reading] = {}

    def find(self, headline: str, body: str, date: _dt.date | None = None) -> Found:
        """People in an article; ``date`` (the article's) picks who a dated name means
        (``George Bush`` in 2004 is George W. Bush, see ``Gazetteer.full``)."""
        mentions = _Mentions(date)
        body = "\n\n".join(author_lines(body.split("\n\n"), headline or "").story) if body else ""
        for in_headline, text in ((True, headline or ""), (False, body)):
            before = len(mentions.singles)
            if _may_hold_credit(text):
                text = _CREDIT.sub(" . ", text)
            if '"' in text or "\u201c" in text or "\u2018" in text or "'" in text:
                text = _NICKNAME.sub(r"\1 ", text)
            for segment, shouting in _segments(text):
                if not shouting and _may_be_team_sheet(segment):
                    for name in _team_sheet(segment):
                        mentions.named[name] += 1
                self._scan(segment, shouting, mentions)
                if not shouting and "," in segment:
                    for name in self._listed_mononyms(segment):
                        mentions.named[name] += 1
                if not shouting and " and " in segment:
                    for name in self._shared_surnames(segment):
                        mentions.named[name] += 1
            if in_headline:
                ends = self._headline_ends(text)
                mentions.singles[before:] = (self._headline_single(single, ends) for single in mentions.singles[before:])
        return self._resolve(mentions)

    def _listed_mononyms(self, text: str) -> Iterator[str]:
        """One-word names in a list of people (``Madonna, Sir Elton John, Nelly and Usher``):
        every item is a full name (a given name or title first) or one word that is no ordinary,
        proper-noun or common given name, and one item at least is a full name."""
        words = self.words
        for match in _LIST.finditer(text):
            items = [item.split() for item in _LIST_SEPARATOR.split(match.group())]
            full = [item for item in items if len(item) > 1 and fold(item[0]) in self._name_starts]
            single = [item[0] for item in items if len(item) == 1 and item[0].isalpha()]
            if len(full) + len(single) < len(items) or not full or not single:
                continue
            keys = [fold(word) for word in single]
            if all(k not in words.stop_words and k not in words.common_words and k not in words.common_given_names for k in keys):
                yield from single

    def _shared_surnames(self, text: str) -> Iterator[str]:
        """The first of two given names sharing a surname: "David and Victoria Beckham" names
        David Beckham (the second is found as any full name)."""
        given, stop = self.words.given_names, self.words.stop_words
        for match in _SHARED_SURNAME.finditer(text):
            first, second, surname = match.groups()
            previous = text[max(0, match.start() - 30):match.start()].split()[-1:]
            if previous and previous[0][:1].isupper():
                continue  # "Norah Jones and Brian Wilson": Jones is a surname already
            if fold(first) in given and fold(second) in given and fold(surname) not in stop:
                yield f"{first} {surname}"

    def _headline_single(self, single: _Single, ends: tuple[str, str]) -> _Single:
        """A surname alone in a headline ("Stoltenberg declines comment", "LAWSON FORECASTS
        DEFICIT", "... - Sumita") is cued by its place: a headline names people by surname.
        It stays loose unless the corpus knows one full name for it. A word that is also a
        given name is cued only at the headline's ends (``ends``: its first word and the word
        after a closing dash), where a surname stands alone: "SUMITA WELCOMES ...", not
        "DAYTON HUDSON ..." or "SALLIE MAE SETS ..."."""
        key, words = fold(single.text), self.words
        if single.cued or len(key) < 3 or not single.text.isalpha() or key in words.stop_words or key in words.common_words:
            return single
        if key in words.common_given_names or (key.endswith("s") and key[:-1] in words.common_words):
            return single  # "OUTPUT FALLS", "PRICE RISES": a verb or plural of an ordinary word
        if key in words.given_names and key not in ends:
            return single
        return dataclasses.replace(single, cued=True)

    def _headline_ends(self, headline: str) -> tuple[str, str]:
        """Where a headline names someone by surname alone: its first word when a verb follows
        ("LAWSON FORECASTS", "Sumita welcomes": a verb of saying, or the -s form of an
        ordinary word), and the word after a closing dash ("... - Sumita"); folded."""
        words = headline.split()
        first = ""
        if len(words) > 1 and words[0].isalpha():
            verb = fold(words[1])
            if verb in SAY_VERBS or (verb.endswith("s") and (verb[:-1] in self.words.common_words or verb[:-2] in self.words.common_words)):
                first = fold(words[0])
        last = fold(words[-1]) if len(words) > 2 and words[-2] in ("-", "\u2013", "\u2014") else ""
        return first, last

    # --- scanning
    def _reading(self, run: str, opens_sentence: bool, listed: bool, date: _dt.date | None) -> _Reading:
        """What ``_roles`` makes of a capitalized run (``listed``: a stock ticker follows it),
        remembered across articles: most runs recur ("U.S.", "Reagan", "New York"). A run holding
        a word of a dated gazetteer form is read again for each date."""
        key = (run, opens_sentence, listed)
        reading = self._readings.get(key)
        if reading is not None and (not reading[2] or reading[3] == date):
            return reading
        reading = self._read(run, opens_sentence, listed, date)
        if len(self._readings) >= _READINGS_KEPT:
            self._readings.clear()
        self._readings[key] = reading
        return reading

    def _read(self, run: str, opens_sentence: bool, listed: bool, date: _dt.date | None) -> _Reading:
        parts = []
        dated = False
        pieces = _split_possessives(run_tokens(run))
        for index, piece in enumerate(pieces):
            texts = [token.text for token in piece]
            marks = _Marks(date)
            roles, folded = self._roles(texts, marks, opens_sentence and index == 0, index == len(pieces) - 1 and listed)
            parts.append((tuple(texts), tuple(roles), piece[-1].possessive, marks.frozen()))
            dated = dated or not self.gazetteer.dated_first_words.isdisjoint(word for key in folded for word in key.split())
        return self._plain_run(run, opens_sentence), tuple(parts), dated, date if dated else None

    def _scan(self, text: str, shouting: bool, mentions: _Mentions) -> None:
        """Find the capitalized runs of a text (every run of words, when it is all capitals) and
        read the cues around each, only where a run holds a possible name."""
        awaiting = -1  # end of a run whose title still awaits its name ("Secretary of State X")
        for match in (_SHOUTED_RUN if shouting else _RUN).finditer(text):
            start, end = match.span()
            carried = awaiting >= 0 and _GAP.fullmatch(text, awaiting, start) is not None
            listed = _TICKER.match(text, end) is not None
            reading = self._reading(match.group(), shouting or _opens_sentence(text, start), listed, mentions.date)
            plain, parts = reading[:2]
            if not carried and plain and "<" not in text[end:end + 3]:
                awaiting = -1  # ordinary words only ("The", "Analysts", "Federal Reserve"): no name, as _roles would find
                continue
            waits = False
            for index, (texts, roles, possessive, marks) in enumerate(parts):
                if marks:
                    _record(marks, mentions)
                last = index == len(parts) - 1
                if "name" not in roles:
                    titled = (carried and index == 0) or "title" in roles
                    waits = titled and not shouting and roles[-1] in ("title", "stop")
                    continue
                post_cue = (FIRM if listed else self._post_cue(text, end)) if last else NONE
                if post_cue == FIRM:
                    mentions.firms.add(fold(texts[-1]))
                    break
                if len(texts) == 1 and not shouting and self._by_relation(text, start, texts[0], mentions, index, post_cue):
                    continue
                post_cue = NONE if post_cue == ERA else post_cue
                if index:
                    pre_cue = WEAK  # after a possessive: "Japan's Nakasone", "TREASURY'S BAKER"
                else:
                    pre_cue = STRONG if carried else self._pre_cue(text, start)
                    if pre_cue == PLACE and possessive:
                        pre_cue = NONE  # "in Mike Nichols' Closer": a place owns nothing
                waits = self._chunk(texts, roles, pre_cue, post_cue, shouting, mentions)
            awaiting = end if waits else -1

    def _by_relation(self, text: str, start: int, word: str, mentions: _Mentions, index: int, post_cue: int) -> bool:
        """Record a one-word run that another word settles, True if so: a given name after a
        kinship word is a relative's (``David Miliband and his brother Ed``: Ed Miliband, see
        ``_relative_of``); a surname before ``administration``, ``era``... is a person (``the
        Clinton administration``, ``the McCarthy era``), by title when the gazetteer knows it."""
        key = fold(word)
        if index == 0 and key in self.words.given_names:
            surname = self._relative_of(text, start, mentions)
            if surname and fold(surname) != key:
                mentions.named[f"{word} {surname}"] += 1
                return True
        if post_cue == ERA and key not in self.words.stop_words:
            known = bool(self.gazetteer.shorts(key, mentions.date))
            if known or key not in self.words.given_names:
                mentions.singles.append(_Single(word, True, False, known))
                return True
        return False

    def _relative_of(self, text: str, start: int, mentions: _Mentions) -> str:
        """The family name a kinship word before ``start`` gives: the possessor's (``Mr
        Nogar's son``, ``Edwards' sister`` after ``Richey Edwards``), or with ``his``/``her``/``their`` the surname
        of a person named earlier in the same sentence (``Ed Miliband and his brother``)."""
        before = text[max(0, start - 40):start].split()
        if len(before) < 2 or before[-1] not in _KIN:
            return ""
        owner = before[-2]
        if owner in ("his", "her", "their"):
            sentence = text[max(0, start - 200):start]
            sentence = re.split(r"[.!?]\s", sentence)[-1]
            return self._last_surname(sentence)
        match = _POSSESSIVE_END.search(owner)
        surname = owner[: match.start() + 1] if match else ""
        key = fold(surname)
        if not surname[:1].isupper() or key in self.words.stop_words or key in self.words.given_names:
            return ""
        # a family name: of the name just before ("John McCain's", "Mr Nogar's") or met as one
        if len(before) > 2 and before[-3][:1].isupper() or key in {fold(_POSSESSIVE_TAIL.sub("", name.split()[-1])) for name in (*mentions.named, *mentions.known)}:
            return surname
        return ""

    def _last_surname(self, sentence: str) -> str:
        """The surname of the last full name (a given name and a surname) in a sentence."""
        words = [_POSSESSIVE_TAIL.sub("", word.strip(",;:()\"'“”")) for word in sentence.split()]
        for first, last in reversed(list(zip(words, words[1:]))):
            if first[:1].isupper() and fold(first) in self.words.given_names and last[:1].isupper() and fold(last) not in self.words.stop_words:
                return last
        return ""

    def _plain_run(self, run: str, opens_sentence: bool) -> bool:
        """Whether a run is ordinary words alone, none of which ``_roles`` could read as a name
        part: no gazetteer form or phrase start, no title, no short word that may be a name
        syllable ("Liu He") unless it opens the sentence. A cheap test before the full reading."""
        words = run.split()
        for index, word in enumerate(words):
            key = fold(word)
            if not word.isalpha() or key not in self._plain_words or (len(words) > 1 and key in self._first_words):
                return False
            if len(word) <= 3 and not (index == 0 and opens_sentence):
                return False
        return True

    def _pre_cue(self, text: str, start: int) -> int:
        """Cue strength from the lowercase word before a run: a title, a verb of saying."""
        before = text[max(0, start - 40):start].split()
        if not before:
            return NONE
        word = before[-1].removesuffix(",")  # "his counterpart, No Kwang Chol"
        if not word:
            return NONE
        if _POSSESSIVE_END.search(word):
            return WEAK
        if not word[0].islower():
            return NONE
        if word in self.words.titles:
            # "The minister, Ongpin": an apposition cues a surname, not a title of office
            return OFFICE if word in OFFICE_TITLES and word == before[-1] else STRONG
        if _ROLE_NOUN.search(word) and word not in self.words.function_words and word not in _NOT_ROLES:
            return STRONG  # a role noun before a name: "anchor Jemele Hill", "striker Ade Bello"
        if word in SAY_VERBS or (word == "to" and len(before) > 1 and before[-2].lower() == "according"):
            return WEAK
        return PLACE if word in _PLACE_LEADS else NONE

    def _post_cue(self, text: str, end: int) -> int:
        """Cue strength from what follows a run; FIRM for ``X and Co`` / ``X & Sons``, ERA for
        ``X administration``."""
        after = _NEXT_WORDS.match(text, end)
        if after is None:
            return NONE
        word, follower = after.group(1).lower(), (after.group(2) or "").lower()
        if word in ("and", "&") and fold(follower) in _FIRM_ENDINGS:
            return FIRM
        if word in SAY_VERBS or (word == "as" and follower == "saying"):
            return WEAK
        if word in _ERA_NOUNS:
            return ERA
        if word == ",":
            if follower in self.words.titles and follower not in _HONORIFICS:
                return STRONG  # "Paye, Director General of ..." (but "At the Golden Globes, Mr Evans")
            if follower[:1].isdigit() or follower in _APPOSITION_LEADS:
                return WEAK
        return NONE

    def _chunk(
        self, run: tuple[str, ...], roles: tuple[str, ...], pre_cue: int, post_cue: int, shouting: bool, mentions: _Mentions
    ) -> bool:
        """Record the people in one capitalized run (its words, ``roles`` as ``_roles`` gives
        them); True when it ends in a title awaiting a name."""
        if shouting:
            self._shouted(run, roles, pre_cue, post_cue, mentions)
            return False
        cue = pre_cue
        glued = False  # the pending words follow a proper-noun piece: "San | Diego Union-Tribune"
        honorific = False  # the pending words follow "Mr", "Dr"...
        pending: list[str] = []
        for text, role in zip(run, roles):
            if role == "name":
                pending.append(text)
                continue
            if honorific and len(pending) == 1:
                mentions.honored.add(fold(pending[0]))
            if pending:
                # "George Washington University", "Commodity Futures Trading Commission": words
                # followed by an organization or place word belong to it, title or not
                proper = role == "stop" and fold(text) not in self.words.function_words
                self._name(pending, cue, mentions, whole=not proper and (cue >= STRONG or not glued))
            pending = []
            if role == "title" and fold(text) in PEERAGE_TITLES:
                pending = [text]  # "Lord Ashcroft", "Prince Harry": the title is part of the name
                cue = STRONG
            elif role == "title":
                cue = OFFICE if fold(text) in OFFICE_TITLES else STRONG
            elif role == "person":
                cue = NONE
            # stop words keep the cue: "Chancellor of the Exchequer Nigel Lawson"
            glued = role == "stop" and fold(text) not in self.words.function_words and not _loose_modifier(fold(text))
            honorific = role == "title" and fold(text) in _HONORIFICS
        if honorific and len(pending) == 1:
            mentions.honored.add(fold(pending[0]))
        if pending:
            self._name(pending, max(cue, post_cue) if post_cue > NONE else cue, mentions, whole=cue >= STRONG or not glued)
            return False
        return cue >= STRONG and roles[-1] in ("title", "stop")

    def _shouted(self, run: tuple[str, ...], roles: tuple[str, ...], pre_cue: int, post_cue: int, mentions: _Mentions) -> None:
        """An all-capitals run (a wire headline): case tells nothing, so each leftover word is a
        candidate surname, cued by a title before it, a possessive before the run (``TREASURY'S
        BAKER``) or a verb of saying after it."""
        for index, (word, role) in enumerate(zip(run, roles)):
            if role != "name":
                continue
            cued = pre_cue > NONE if index == 0 else roles[index - 1] == "title"
            titled = index > 0 and roles[index - 1] == "title" and fold(run[index - 1]) in OFFICE_TITLES
            if index + 1 < len(run):
                cued = cued or run[index + 1].lower() in SAY_VERBS
            else:
                cued = cued or post_cue > NONE
            mentions.singles.append(_Single(word, cued, True, titled))

    def _roles(self, texts: list[str], marks: _Marks, opens_sentence: bool, listed: bool = False) -> tuple[list[str], list[str]]:
        """Label each token of a run (person: a gazetteer match; title, stop or name), and give
        the tokens folded.

        Gazetteer full forms are recorded as they are matched (longest first); multi-word
        short forms (``Lopez Portillo``) are recorded as single mentions to resolve later.
        A short capitalized function word that does not open a sentence is a name syllable:
        ``Vice Premier Liu He``, ``his counterpart, No Kwang Chol``.
        A word followed by a company word (``Ford Motor Co``), or ending a ``listed`` run (one
        followed by a stock ticker), names a firm: it is recorded in ``marks.firms``, and a
        gazetteer name so placed is no mention of the person.
        """
        roles = ["name"] * len(texts)
        folded = [fold(text) for text in texts]
        gazetteer, words = self.gazetteer, self.words
        firm_ends = {i - 1 for i in range(1, len(texts)) if folded[i] in words.company_words}
        if listed:
            firm_ends.add(len(texts) - 1)
        marks.firms.update(folded[i] for i in firm_ends)
        index = 0
        while index < len(texts):
            size = self._phrase(texts, folded, index, marks, firm_ends) if folded[index] in self._first_words else 0
            if size:
                key = " ".join(folded[index:index + size])
                role = "stop" if key in words.stop_phrases or index + size - 1 in firm_ends else "person"
                roles[index:index + size] = [role] * size
                index += size
                continue
            word = folded[index]
            canonical = gazetteer.full(word, marks.date)
            if index == 0 and opens_sentence and self._lowercase_opener(word, folded):
                roles[index] = "common"
            elif canonical is not None and index in firm_ends:
                roles[index] = "stop"
            elif canonical is not None:
                marks.known.append(canonical)
                roles[index] = "person"
            elif word in words.titles:
                roles[index] = "title"
            elif word in words.stop_words:
                roles[index] = "name" if _syllable(texts[index], word, words) and not (opens_sentence and index == 0) else "stop"
                if index and roles[index - 1] == "title" and folded[index - 1] in PEERAGE_TITLES and word not in words.function_words:
                    roles[index] = "name"  # "Baroness Scotland": a place after a peer's title names the peer
            index += 1
        return roles, folded

    def _phrase(self, texts: list[str], folded: list[str], index: int, marks: _Marks, firm_ends: set[int]) -> int:
        """Length of the longest multi-word gazetteer form or stop phrase starting at ``index``;
        a gazetteer form ending where a firm name ends (``firm_ends``) is matched, not recorded."""
        for size in range(min(self.gazetteer.max_tokens, len(texts) - index), 1, -1):
            key = " ".join(folded[index:index + size])
            canonical = self.gazetteer.full(key, marks.date)
            firm = index + size - 1 in firm_ends
            if canonical is not None:
                after = index + size
                if after < len(texts) and folded[after] in NAME_SUFFIXES:
                    # "Donald Trump Jr.": the son, not the gazetteer's father
                    if not firm:
                        marks.named.append(f"{canonical} {_suffix(texts[after])}")
                    return size + 1
                if not firm:
                    marks.known.append(canonical)
                return size
            if self.gazetteer.shorts(key, marks.date):
                if not firm:
                    marks.singles.append(_Single(" ".join(texts[index:index + size]), True, False))
                return size
            if key in self.words.stop_phrases:
                return size
        return 0

    def _lowercase_opener(self, word: str, folded: list[str]) -> bool:
        """Whether the word opening a sentence is an ordinary word, not a name part: one the
        corpora write in lowercase (``Conductor``, ``Tell``), unless it is also a given name
        that a surname follows (``Will Young``, but not ``Will Trump``, a known person)."""
        if word not in self.words.common_words:
            return False
        if word not in self.words.given_names or len(folded) < 2:
            return True
        return self.gazetteer.is_form(folded[1]) or folded[1] in self.words.stop_words

    def _name(self, parts: list[str], cue: int, mentions: _Mentions, whole: bool = True) -> None:
        """Record a run of name-like tokens as a full name or a single surname.

        Two words or more are a full name after a title (strong cue) or when the first is a
        common given name; after a mere ``said`` only the last word is kept, as a surname,
        since ``Gelco Express said`` is as common as ``Satoshi Sumita said``. Words that may
        be the tail of a larger proper noun (not ``whole``) give at most that surname.
        """
        parts = _trim(parts)
        if len(parts) >= 3 and _loose_modifier(fold(parts[0])) and fold(parts[1]) in self.words.given_names:
            parts = parts[1:]  # "Kenyan Bernard Lagat" (but "Ramdhan Yadav Kotamaraja")
        if not parts or (len(parts) == 1 and fold(parts[0]) in PEERAGE_TITLES):
            return
        if not whole:
            if cue > NONE:
                mentions.singles.append(_Single(parts[-1], True, False))
            return
        if len(parts) == 1:
            mentions.singles.append(_Single(parts[0], cue > NONE, False, cue == OFFICE))
            return
        if len(parts) > 4 or _is_initial(parts[-1]) or any(map(_NOT_A_NAME_PART.search, parts)):
            return
        given = self.words.given_names
        if cue >= STRONG:
            # "Bundesbank Karl Otto Poehl": start at the first given name when junk comes first.
            leading = fold(parts[0])
            junk_first = leading not in PEERAGE_TITLES and leading not in given and leading not in self.words.function_words
            for index, part in enumerate(parts[:-1] if junk_first else ()):
                if fold(part) in given:
                    parts = parts[index:]
                    break
            else:
                if junk_first and len(parts) == 2 and _ADJECTIVE.search(leading):
                    return  # "the litigant Judicial Watch": an organization
        elif (
            fold(_given_slot(parts)) not in given
            or cue == PLACE
            or (cue <= WEAK and fold(parts[-1]) in self.words.common_words and not self._syllables(parts))
        ):
            # a given name alone is no proof when the last word is an ordinary one ("Marietta Liquor")
            if cue == WEAK or (len(parts) == 2 and self._epithet(parts, mentions)):
                mentions.singles.append(_Single(parts[-1], True, False))
            if cue in (NONE, WEAK) and len(parts) <= 3 and not any(fold(part) in self.words.common_words or _HYPHEN_LOWER.search(part) for part in parts):
                mentions.unsettled.append(tuple(parts))
            return
        mentions.named[_display(parts)] += 1

    def _syllables(self, parts: list[str]) -> bool:
        """A name of short syllables after the family name, which may be ordinary words
        (``Kim Hak Song``; not ``Lincoln Town Car``, ``Brendan Eich Steps Down``)."""
        rest = [fold(part) for part in parts[1:]]
        return len(parts) >= 3 and all(len(word) <= 4 for word in rest) and not any(word in self.words.common_words for word in rest[:-1])

    def _epithet(self, parts: list[str], mentions: _Mentions) -> bool:
        """A nickname before a known one-word form: ``Crooked Hillary``, ``Sleepy Biden``."""
        first = fold(parts[0])
        if first in self.words.given_names or first in self.words.stop_words or not _EPITHET.search(first):
            return False
        return any(not short.needs_cue for short in self.gazetteer.shorts(fold(parts[1]), mentions.date))

    # --- resolution
    def _known_spelling(self, name: str, date: _dt.date | None) -> str | None:
        """The gazetteer person a text-found name spells another way: with a first initial
        (``H. Ross Perot``), or a given name within two edits of the one owner of its surname
        (``Mikhael Gorbachev``)."""
        words = name.split()
        if len(words) == 3 and _is_initial(words[0]):
            return self.gazetteer.full(fold(" ".join(words[1:])), date)
        if len(words) != 2:
            return None
        candidates = self.gazetteer.shorts(fold(words[1]), date)
        if len(candidates) != 1 or candidates[0].needs_cue:
            return None
        canonical = candidates[0].canonical
        theirs, mine = fold(canonical.split()[0]), fold(words[0])
        if theirs == mine or theirs[:1] != mine[:1] or min(len(theirs), len(mine)) < 4:
            return None
        return canonical if _within_two_edits(mine, theirs) else None

    def _mononym(self, key: str) -> bool:
        """Whether a word after a title of office can be a person's one name: no ordinary,
        proper-noun or given-name word ("General Motors", "President Obama's")."""
        words = self.words
        return key not in words.stop_words and key not in words.common_words and key not in words.given_names

    def _resolve(self, mentions: _Mentions) -> Found:
        gazetteer = self.gazetteer
        surnames = {fold(name).split()[-1] for name in (*mentions.named, *mentions.known)}
        for parts in mentions.unsettled:
            key = fold(parts[-1])
            if key in mentions.honored and key not in surnames:
                mentions.named[_display(list(parts))] += 1  # "Ramdhan Yadav Kotamaraja ... Mr Kotamaraja"
        people: set[str] = set(mentions.known)
        named = {self._known_spelling(name, mentions.date) or name for name in _preferred_forms(mentions.named).values()}
        people |= _drop_short_forms(named - people, people)
        refers: dict[str, set[str]] = defaultdict(set)
        for person in people:
            for key in surname_keys(person, gazetteer):
                refers[key].add(person)
        loose: set[str] = set()
        for single in _split_pairs(mentions.singles, refers, gazetteer):
            key = fold(single.text)
            if key in refers:
                continue  # a later mention of someone already named in full (or ambiguous between them)
            if key in mentions.firms and not single.titled:
                continue  # "Ford said" after "Ford Motor Co": the firm, unless "President Ford"
            candidates = gazetteer.shorts(key, mentions.date)
            if len(candidates) == 1 and (single.titled or not candidates[0].needs_cue):
                people.add(candidates[0].canonical)
                refers[key].add(candidates[0].canonical)
            elif single.titled and not candidates and not single.shouting and self._mononym(key):
                people.add(single.text)  # "Energy Minister Subroto": a person known by one name
                refers[key].add(single.text)
            elif key in self.words.stop_words or (single.shouting and not single.cued):
                continue
            elif single.cued or (candidates and not all(c.needs_cue for c in candidates)):
                loose.add(single.text if not single.text.isupper() else single.text.title())
        return Found(tuple(sorted(people)), tuple(sorted(loose)))


def _drop_short_forms(named: set[str], known: set[str]) -> set[str]:
    """Text-found names, less those that are a shorter form of another person in the article:
    ``T. Shanklin`` or ``De Marigny`` (a team sheet, a sentence start) beside ``Tom Shanklin``
    and ``Roland de Marigny``; ``Eddie Russell`` beside ``Eddie Russell Jr.`` (but a gazetteer
    ``Donald Trump`` stays beside ``Donald Trump Jr.``)."""
    everyone = named | known
    folded = {person: fold(person).split() for person in everyone}
    kept = set()
    for person in named:
        words = folded[person]
        shorter = False
        for other in everyone:
            if other == person:
                continue
            longer = folded[other]
            if len(longer) > len(words) and longer[-len(words):] == words and fold(words[0]) not in PEERAGE_TITLES:
                shorter = True  # "De Marigny" in "Roland de Marigny"
            elif len(words[0]) <= 2 and len(longer) >= len(words) and longer[1 - len(words):] == words[1:] and longer[0][0] == words[0][0]:
                shorter = True  # "T. Shanklin" beside "Tom Shanklin"
            elif other not in known and len(longer) == len(words) + 1 and longer[:-1] == words and longer[-1].rstrip(".") in NAME_SUFFIXES:
                shorter = True  # "Eddie Russell" beside "Eddie Russell Jr."
            if shorter:
                break
        if not shorter:
            kept.add(person)
    return kept


def _within_two_edits(first: str, second: str) -> bool:
    """Whether the Levenshtein distance of two words is at most 2 (as nltk's ``edit_distance``,
    whose import costs a worker half a second for this one comparison)."""
    if abs(len(first) - len(second)) > 2:
        return False
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, 1):
        current = [row]
        for column, other in enumerate(second, 1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (char != other)))
        if min(current) > 2:
            return False
        previous = current
    return previous[-1] <= 2


def _split_pairs(singles: list[_Single], refers: dict[str, set[str]], gazetteer: Gazetteer) -> Iterator[_Single]:
    """The single mentions, with ``Trump-Kim`` (as in "the Trump-Kim summit") read as two
    surnames when the hyphenated word is not itself a known name (``Boutros-Ghali``)."""
    for single in singles:
        parts = _HYPHEN.split(single.text)
        key = fold(single.text)
        if len(parts) == 1 or key in refers or gazetteer.shorts(key) or not all(p[:1].isupper() for p in parts):
            yield single
        else:
            yield from (_Single(part, False, single.shouting) for part in parts)


class CorpusNames:
    """Resolves loose surnames against the full names seen across a whole corpus.

    ``learn`` every article's ``Found`` first, then ``resolve`` each: a loose ``Stoltenberg``
    becomes ``Gerhard Stoltenberg`` when that is the only full name with that surname in the
    corpus, or the one named in three quarters of the articles naming anyone with that surname
    (see ``_dominant`` for the evidence required).
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self._by_key: dict[str, Counter[str]] = defaultdict(Counter)
        self._forms: Counter[str] = Counter()
        self._preferred: dict[str, str] | None = None

    def learn(self, found: Found) -> None:
        for person in found.people:
            self._forms[person] += 1
            if " " not in person:
                continue  # a one-word name ("Subroto") is resolved, not a resolution
            for key in surname_keys(person, self.gazetteer):
                self._by_key[key][person] += 1
        self._preferred = None

    def resolve(self, found: Found) -> tuple[str, ...]:
        """Final people of an article: its own plus resolved surnames, each written in the form
        the corpus uses most (``Kim Yo-jong`` and ``Kim Yo Jong`` become one facet value)."""
        if self._preferred is None:
            self._preferred = _preferred_forms(self._forms)
        people = set()
        for person in found.people:
            # "Minister Stoltenberg" alone in its article is the corpus's "Gerhard Stoltenberg"
            best = " " not in person and _dominant(self._by_key.get(fold(person)), self.gazetteer)
            people.add(best if best and fold(best).split()[-1] == fold(person) else person)
        given = word_lists().common_given_names
        for surname in found.loose:
            if fold(surname) in given:
                continue  # a lone "John" is not Elton John
            best = _dominant(self._by_key.get(fold(surname)), self.gazetteer)
            if best:
                people.add(best)
        return tuple(sorted({self._preferred.get(fold(person), person) for person in people}))


def _preferred_forms(forms: Counter[str]) -> dict[str, str]:
    """Folded name -> its most frequent written form (the first seen among equals)."""
    preferred: dict[str, str] = {}
    for form, _count in forms.most_common():
        preferred.setdefault(fold(form), form)
    return preferred


def _dominant(candidates: Counter[str] | None, gazetteer: Gazetteer, share: float = 0.75) -> str | None:
    """The full name a surname refers to across the corpus: the only one, or one named in at
    least ``share`` of the articles naming any of them (``Baker``: James Baker 86, Howard Baker 18).

    A name read from the text itself must be seen in two articles at least: one reading is too
    weak a ground for naming a person in other articles. Gazetteer names are curated."""
    if not candidates:
        return None
    (name, count), = candidates.most_common(1)
    if count < 2 and name not in gazetteer:
        return None
    return name if count >= share * sum(candidates.values()) else None


def leaders_of(people: Iterable[str], gazetteer: Gazetteer) -> tuple[str, ...]:
    """The people who are or were heads of state or government (per the gazetteer), sorted."""
    return tuple(sorted(person for person in people if gazetteer.is_leader(person)))


def surname_keys(person: str, gazetteer: Gazetteer) -> frozenset[str]:
    """Folded words a later bare mention of this person uses: gazetteer short forms, else the surname."""
    keys = gazetteer.keys(person)
    if keys:
        return keys
    tokens = [token for token in person.split() if fold(token) not in NAME_SUFFIXES]
    if fold(tokens[0]) in PEERAGE_TITLES:
        return frozenset({fold(tokens[-1])})
    result = {fold(tokens[-1])}
    if len(tokens) == 2 and fold(tokens[0]) not in word_lists().common_given_names and not _is_initial(tokens[0]):
        result.add(fold(tokens[0]))  # family name first ("Wang Bingqian")
    return frozenset(result)


# --- helpers on text and token runs
def _segments(text: str) -> Iterator[tuple[str, bool]]:
    """Paragraphs of a text, split further where lines switch between capitals and mixed case
    (a table or a shouted line inside a story), each with its ``is_shouting`` flag."""
    for paragraph in _PARAGRAPH.split(text):
        lines = paragraph.splitlines()
        flags = [is_shouting(line) for line in lines] if len(lines) > 1 else []
        if len(set(flags)) < 2:
            yield paragraph, is_shouting(paragraph)
            continue
        group = [lines[0]]
        for previous, line, flag in zip(flags, lines[1:], flags[1:]):
            if flag != previous:
                yield "\n".join(group), previous
                group = []
            group.append(line)
        yield "\n".join(group), flags[-1]



def _opens_sentence(text: str, start: int) -> bool:
    """Whether the run at ``start`` begins a sentence, a line or a quotation."""
    before = text[max(0, start - 4):start].rstrip(" \t")
    return not before or before[-1] in _OPENERS


def _split_possessives(tokens: list[Token]) -> list[list[Token]]:
    """The tokens of a run, cut after each possessive ("Japan's | Nakasone")."""
    runs: list[list[Token]] = [[]]
    for token in tokens:
        runs[-1].append(token)
        if token.possessive:
            runs.append([])
    return [run for run in runs if run]


def _loose_modifier(word: str) -> bool:
    """A capitalized word after which a name stands alone: a day or month ("Tuesday Mitch
    McConnell"), a nationality ("Kenyan Bernard Lagat", "Moroccan Hicham El Guerrouj")."""
    return word in _CALENDAR or (len(word) >= 5 and word.endswith(("an", "ese", "ish")))


def _syllable(text: str, folded: str, words: WordLists) -> bool:
    """A function word that, capitalized, is also a Chinese or Korean name syllable (He, No, An, So)."""
    return len(text) <= 3 and text.istitle() and text.isalpha() and folded in words.function_words


def _trim(parts: list[str]) -> list[str]:
    """Drop particles hanging at the ends; keep a suffix after a full name (``Eddie Russell
    Jr.``), drop it after less."""
    suffix = []
    if len(parts) >= 3 and fold(parts[-1]) in NAME_SUFFIXES:
        parts, suffix = parts[:-1], [_suffix(parts[-1])]
    while parts and (parts[0] in PARTICLES or parts[0] in _ARTICLES):
        parts = parts[1:]
    while parts and (parts[-1] in PARTICLES or fold(parts[-1]) in NAME_SUFFIXES):
        parts = parts[:-1]
    return parts + suffix if len(parts) >= 2 else parts


def _suffix(text: str) -> str:
    """A name suffix as displayed: ``Jr.``, ``Sr.``, ``III``."""
    word = text.rstrip(".")
    return word.upper() if fold(word) in ("ii", "iii", "iv") else word.capitalize() + "."


def _is_initial(part: str) -> bool:
    return len(part.rstrip(".")) == 1 or bool(re.fullmatch(r"(?:[^\W\d_]\.)+", part))


def _given_slot(parts: list[str]) -> str:
    """The word of a name that should be a given name: the first, or the second after a first
    initial ("C. Fred Bergsten", "J. Edgar Hoover")."""
    initial = len(parts) == 3 and len(parts[0].rstrip(".")) == 1 and parts[0] != "I" and parts[1][:1].isupper()
    return parts[1] if initial else parts[0]


def _display(parts: list[str]) -> str:
    """A text-found name as displayed: middle initials dropped, a leading initial dotted."""
    if len(parts) > 2 and not parts[-1].endswith(".") and parts[-1] not in ("II", "III", "IV"):
        parts = [parts[0]] + [part for part in parts[1:-1] if not _is_initial(part)] + [parts[-1]]
    return " ".join(part + "." if len(part) == 1 else part for part in parts)
