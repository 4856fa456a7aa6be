"""People finding on sentences written for these tests, the gazetteer, and corpus resolution."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.gazetteer import Gazetteer, GazetteerError
from corpus.names import fold
from corpus.people import CorpusNames, Found, PeopleFinder, leaders_of
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def finder(gazetteer: Gazetteer) -> PeopleFinder:
    return PeopleFinder(gazetteer)


def people(finder: PeopleFinder, body: str, headline: str = "") -> tuple[str, ...]:
    return finder.find(headline, body).people


# --- the gazetteer
@pytest.mark.parametrize(
    "written, canonical",
    [
        ("Kim Jong-un", "Kim Jong Un"),
        ("Kim Jung Un", "Kim Jong Un"),
        ("KIM JONG UN", "Kim Jong Un"),
        ("kim jongun", "Kim Jong Un"),
        ("Moon Jae In", "Moon Jae-in"),
        ("Roh Moo Hyun", "Roh Moo-hyun"),
        ("Nakasone Yasuhiro", "Yasuhiro Nakasone"),
        ("Teng Hsiao-ping", "Deng Xiaoping"),
        ("Richard von Weizsaecker", "Richard von Weizsäcker"),
        ("Francois Mitterrand", "François Mitterrand"),
        ("George Bush", "George H. W. Bush"),
        ("George W. Bush", "George W. Bush"),
        ("Reagan", "Ronald Reagan"),
    ],
)
def test_canonical_names_fold_romanizations_case_and_accents(gazetteer: Gazetteer, written: str, canonical: str) -> None:
    assert gazetteer.canonical(written) == canonical


def test_ambiguous_and_unknown_names_have_no_canonical_form(gazetteer: Gazetteer) -> None:
    assert gazetteer.canonical("Bush") is None  # two presidents
    assert gazetteer.canonical("Gandhi") is None
    assert gazetteer.canonical("Gerhard Stoltenberg") is None


def test_leaders_cover_every_g20_member_both_koreas_eu_and_un(gazetteer: Gazetteer) -> None:
    expected = set("AR AU BR CA CN FR DE IN ID IT JP MX RU SU SA ZA KR KP TR GB US EU UN".split())
    leaders = {name for name in set(gazetteer.aliases().values()) if gazetteer.is_leader(name)}
    assert {gazetteer.person(name).country for name in leaders} >= expected
    assert len(gazetteer) >= 300
    assert gazetteer.is_leader("Margaret Thatcher") and gazetteer.is_leader("Xi Jinping")
    assert not gazetteer.is_leader("Paul Volcker") and "Paul Volcker" in gazetteer


def test_aliases_are_folded_both_ways_for_hyphens(gazetteer: Gazetteer) -> None:
    aliases = gazetteer.aliases()
    assert aliases["kim jong un"] == aliases["kim jongun"] == "Kim Jong Un"
    assert aliases["moon jae in"] == "Moon Jae-in"
    assert all(key == fold(key) or key.replace(" ", "") == fold(key).replace(" ", "") for key in aliases)


def test_user_gazetteer_adds_people_and_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "canonical\tleader\tcountry\trole\tshort\taliases\n"
        "# my people\n"
        "Gerhard Stoltenberg\t0\tDE\tFinance Minister 1982-1989\tStoltenberg\tGerhard Stoltenberg\n"
        "Kim Jong Un\t1\tKP\t\t\tMarshal Kim Jong Un|Kim Chong-un\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load([extra])
    assert gazetteer.canonical("STOLTENBERG") == "Gerhard Stoltenberg"
    assert gazetteer.canonical("Kim Chong-un") == "Kim Jong Un"
    assert gazetteer.canonical("Kim Jung Un") == "Kim Jong Un"  # built-in aliases kept
    assert not gazetteer.is_leader("Gerhard Stoltenberg")
    assert PeopleFinder(gazetteer).find("", "Stoltenberg spoke.").people == ("Gerhard Stoltenberg",)


def test_malformed_user_gazetteer_is_reported_with_its_line(tmp_path: Path) -> None:
    extra = tmp_path / "bad.tsv"
    extra.write_text("Someone\tyes\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad.tsv:1: leader column must be 0 or 1"):
        Gazetteer.load([extra])


def test_missing_user_gazetteer_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"missing.tsv: cannot read the gazetteer file"):
        Gazetteer.load([tmp_path / "missing.tsv"])


# --- finding people in text
def test_one_person_however_written(finder: PeopleFinder) -> None:
    body = (
        "North Korean leader Kim Jong-un met Chinese President Xi Jinping. "
        "Kim Jong Un said the talks went well, and Kim thanked Xi."
    )
    assert finder.find("", body) == Found(("Kim Jong Un", "Xi Jinping"), ())


def test_titles_are_stripped(finder: PeopleFinder) -> None:
    body = (
        "Treasury Secretary James Baker met Fed Chairman Paul Volcker and Chancellor of the "
        "Exchequer Nigel Lawson. Finance Minister Kiichi Miyazawa joined Secretary of State George Shultz."
    )
    assert people(finder, body) == (
        "George Shultz", "James Baker", "Kiichi Miyazawa", "Nigel Lawson", "Paul Volcker",
    )


def test_later_surname_is_the_full_name_met_before(finder: PeopleFinder) -> None:
    body = "Bundesbank President Karl Otto Poehl spoke. Mr. Poehl said rates would hold. Poehl's view won."
    assert finder.find("", body) == Found(("Karl Otto Poehl",), ())


def test_cues_after_the_name(finder: PeopleFinder) -> None:
    body = (
        "Jean-Claude Paye, Director General of the OECD, spoke. Prices rose, said analyst Stephen Hess. "
        "Hisham Nazer told reporters the accord held."
    )
    assert people(finder, body) == ("Hisham Nazer", "Jean-Claude Paye", "Stephen Hess")


def test_surname_with_a_cue_stays_loose_until_resolved(finder: PeopleFinder) -> None:
    found = finder.find("", "Ongpin said the talks would resume. The minister, Ongpin added, was hopeful.")
    assert found == Found((), ("Ongpin",))


def test_photographers_and_bylines_are_not_mentions(finder: PeopleFinder) -> None:
    body = (
        "Xi Jinping arrived in Pyongyang. REUTERS/Jason Lee\n\n"
        "The leaders met in Dalian. (Photo by Mark Schiefelbein)\n\n"
        "Reporting by Hyonhee Shin; Editing by Kim Coghill"
    )
    assert people(finder, body) == ("Xi Jinping",)


@pytest.mark.parametrize(
    "body",
    [
        "In May the Bank of Japan said on Monday that Washington and Tokyo agreed.",
        "Morgan Stanley said it would buy Dean Witter and Co shares. Philip Morris said so too.",
        "He studied at George Washington University. The Carl-led group said nothing.",
        "The European Commission said the Federal Reserve Board would meet.",
        "Analysts said. Officials said. Traders told Reuters the U.S. Treasury said so.",
    ],
)
def test_places_organizations_and_calendar_words_are_not_people(finder: PeopleFinder, body: str) -> None:
    assert people(finder, body) == ()


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("", "Ford Motor Co lifted its truck output. Ford said demand was strong."),
        ("FORD <F> RAISES TRUCK OUTPUT", "Demand was strong, Ford said."),
        ("", "Shares of Ford <F> rose after Ford said demand was strong."),
        ("", "Reagan Holdings Inc bought a mill; Reagan said the price was fair."),
        ("", "A grant from the Carter Foundation came. Carter said it would help."),
        ("", "Lawyers for Salomon Brothers Inc met. Salomon said it would settle."),
        ("", "Kohl & Co raised its offer, and Kohl said the bid was final."),
        ("THATCHER GROUP PLC <THG.L> BUYS STAKE", "Thatcher Group said the stake cost 12 mln stg."),
    ],
)
def test_names_of_firms_are_not_people(finder: PeopleFinder, headline: str, body: str) -> None:
    """A surname right before a company word or a ticker names a firm, and a bare mention of it
    later in the article is the firm too, even when the surname is a leader's."""
    assert finder.find(headline, body) == Found((), ())


def test_firm_and_person_of_the_same_name_in_one_article(finder: PeopleFinder) -> None:
    body = "Ford Motor Co said sales rose. Former President Ford spoke at the plant. Ford said so."
    assert people(finder, body) == ("Gerald Ford",)
    body = "Ford Motor Co hired a consultant. Gerald Ford, the former president, joined the board. Ford said so."
    assert people(finder, body) == ("Gerald Ford",)
    body = "Donald Petersen, chairman of Ford Motor Co, said Ford would add a shift."
    assert people(finder, body) == ("Donald Petersen",)


def test_firm_surnames_stay_out_of_corpus_resolution(finder: PeopleFinder) -> None:
    names = CorpusNames(finder.gazetteer)
    person = finder.find("", "Former President Gerald Ford spoke in Michigan.")
    firm = finder.find("FORD <F> SALES UP", "Ford Motor Co said its sales rose. Ford said output would rise.")
    for found in (person, firm, person):
        names.learn(found)
    assert names.resolve(person) == ("Gerald Ford",)
    assert names.resolve(firm) == ()


def test_all_capitals_headline_finds_known_people_only(finder: PeopleFinder) -> None:
    assert people(finder, "", "REAGAN SAYS U.S. TO SUBMIT DRAFT TREATY") == ("Ronald Reagan",)
    assert people(finder, "", "JAPAN SAYS TRADE SURPLUS WILL GROW SHARPLY IN MAY") == ()
    found = finder.find("TREASURY'S BAKER SAYS DOLLAR FALL IS ENOUGH", "")
    assert found == Found((), ("Baker",))


def test_all_capitals_headline_surname_joins_the_body_mention(finder: PeopleFinder) -> None:
    found = finder.find("LAWSON SAYS STERLING STABLE", "Chancellor of the Exchequer Nigel Lawson said sterling was stable.")
    assert found == Found(("Nigel Lawson",), ())


def test_ambiguous_short_forms_need_a_title_of_office(finder: PeopleFinder) -> None:
    assert people(finder, "Prime Minister Major said the pound was sound.") == ("John Major",)
    assert finder.find("", "Mr Johnson said the plant would close.") == Found((), ("Johnson",))
    assert people(finder, "Major banks raised rates.") == ()


def test_short_function_words_inside_names(finder: PeopleFinder) -> None:
    body = (
        "Chinese Vice Premier Liu He met Defense Minister Song Young-moo and his counterpart, "
        "No Kwang Chol. No deal followed. He said so."
    )
    assert people(finder, body) == ("Liu He", "No Kwang Chol", "Song Young-moo")


def test_hyphenated_pairs_of_surnames(finder: PeopleFinder) -> None:
    body = "Moon Jae-in briefed Xi Jinping before the Trump-Kim summit. Boutros-Ghali said nothing."
    assert people(finder, body) == ("Boutros Boutros-Ghali", "Donald Trump", "Moon Jae-in", "Xi Jinping")


def test_possessive_and_adjective_forms(finder: PeopleFinder) -> None:
    assert people(finder, "The Carl Icahn-led group bid for TWA. Nakasone's plan passed.") == (
        "Carl Icahn", "Yasuhiro Nakasone",
    )


def test_seeds_people_match_expected(finder: PeopleFinder) -> None:
    seeds = shared_path("seeds")
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))
    for name, truth in expected.items():
        if name.startswith("_"):
            continue
        raw = (seeds / name).read_text(encoding="utf-8")
        assert list(finder.find("", raw).people) == truth["people"], name


# --- corpus-wide resolution and leaders
def test_corpus_names_resolve_a_loose_surname_to_the_one_full_name(finder: PeopleFinder) -> None:
    names = CorpusNames(finder.gazetteer)
    first = finder.find("", "Finance Minister Gerhard Stoltenberg testified.")
    second = finder.find("STOLTENBERG SAYS RATES STEADY", "Stoltenberg said rates would hold.")
    for found in (first, second):
        names.learn(found)
    assert second.loose == ("Stoltenberg",)
    assert names.resolve(second) == ()  # one article is too little evidence for a name read from text
    names.learn(finder.find("", "Gerhard Stoltenberg, the finance minister, spoke."))
    assert names.resolve(second) == ("Gerhard Stoltenberg",)


def test_corpus_names_leave_an_even_surname_unresolved(finder: PeopleFinder) -> None:
    names = CorpusNames(finder.gazetteer)
    for body in ("Treasury Secretary James Baker spoke.", "Chief of staff Howard Baker spoke."):
        names.learn(finder.find("", body))
    loose = finder.find("", "Baker said the budget would pass.")
    assert loose.loose == ("Baker",)
    assert names.resolve(loose) == ()


def test_corpus_names_pick_the_dominant_full_name(finder: PeopleFinder) -> None:
    names = CorpusNames(finder.gazetteer)
    bodies = ["Treasury Secretary James Baker spoke."] * 4 + ["Chief of staff Howard Baker spoke."]
    for body in bodies:
        names.learn(finder.find("", body))
    assert names.resolve(Found((), ("Baker",))) == ("James Baker",)


def test_corpus_names_use_gazetteer_family_names(finder: PeopleFinder) -> None:
    names = CorpusNames(finder.gazetteer)
    names.learn(finder.find("", "Prime Minister Rajiv Gandhi visited Moscow."))
    assert names.resolve(Found((), ("Gandhi",))) == ("Rajiv Gandhi",)


def test_spelling_variants_become_one_name(finder: PeopleFinder) -> None:
    within = finder.find("", "Envoy Lee Do-hoon spoke; envoy Lee Do Hoon said more; Envoy Lee Do Hoon left.")
    assert within.people == ("Lee Do Hoon",)
    names = CorpusNames(finder.gazetteer)
    articles = [finder.find("", body) for body in (
        "Envoy Lee Do-hoon spoke.", "Envoy Lee Do-hoon left.", "Envoy Lee Do Hoon came.",
    )]
    for found in articles:
        names.learn(found)
    assert {names.resolve(found) for found in articles} == {("Lee Do-hoon",)}


def test_leaders_of(gazetteer: Gazetteer) -> None:
    found = ("Donald Trump", "Paul Volcker", "Kim Jong Un")
    assert leaders_of(found, gazetteer) == ("Donald Trump", "Kim Jong Un")


# --- robustness
_FINDER = PeopleFinder()
_FRAGMENTS = st.sampled_from(
    ["Mr.", "Kim", "Jong-un", "'s", "’s", ",", "said", "\n\n", "\n", "U.S.", "REUTERS/", "(Photo by", ")",
     "President", "of the", "de la", "Secretary", "A.", "-led", "KIM", "Xi", " ", "Ōhira", "&", "and Co", "."]
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_find_never_crashes_on_any_string(text: str) -> None:
    found = _FINDER.find(text, text)
    assert list(found.people) == sorted(set(found.people))
    assert all(isinstance(name, str) and name for name in found.people + found.loose)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40).map(" ".join), st.lists(_FRAGMENTS, max_size=10).map("".join))
def test_find_never_crashes_on_name_like_text(body: str, headline: str) -> None:
    found = _FINDER.find(headline, body)
    names = CorpusNames(_FINDER.gazetteer)
    names.learn(found)
    assert {fold(name) for name in found.people} <= {fold(name) for name in names.resolve(found)}


CREDIT_PIECES = st.sampled_from(
    ["REUTERS/Jason Lee", "Saul Loeb/AFP/Getty Images", "File / Reuters", "(Photo: AP)", "photo", "PHOTO",
     "Picture by", "Image", "Writing by Bob", "Editing by", "Reporting by", "cts/shr", "1986/87", "/", " ", "\n",
     "Ford Motor Co", "Moon Jae-in said", "mage", "by", "AFP", "EPA-EFE /"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(CREDIT_PIECES, max_size=8).map(" ".join) | st.text(max_size=80))
def test_credit_prefilter_never_changes_the_hint(text: str) -> None:
    from corpus import people

    assert people._may_hold_credit(text) == (people._CREDIT_HINT.search(text) is not None)
