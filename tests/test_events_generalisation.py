"""Events: PETRARCH-format reading and English coding rules that are not tied to one benchmark
sentence (issue 8's PLOVER work). The sentences are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from _nlp_helpers import dictionary_coder

from newsgraph.events.dictionaries import VerbDictionary
from newsgraph.nlp.events import RESOURCES
from newsgraph.nlp.pipeline import load_pipeline, run_doc


@pytest.fixture(scope="module")
def english():
    return load_pipeline("en")


def events(nlp, text: str):
    return run_doc(nlp, text, None)._.events


def main(nlp, text: str):
    """The first event with a PLOVER type, in the coder's (head-word) order."""
    return next((e for e in events(nlp, text) if e.plover), None)


def _blank_coder(tmp_path, verbs: str, actors: str):
    (tmp_path / "verbs.txt").write_text(verbs, encoding="utf-8")
    (tmp_path / "actors.txt").write_text(actors, encoding="utf-8")
    # an agent list of its own: the shipped one would read "Gondor moved frigates" as one actor
    # (country + agent) on a pipeline without a tagger
    (tmp_path / "agents.txt").write_text("WIZARD [~WIZ]\n", encoding="utf-8")
    return dictionary_coder(tmp_path / "verbs.txt", tmp_path / "actors.txt", tmp_path / "agents.txt")


ACTORS = "GONDOR [GON]\nMORDOR [MOR]\n"


def test_synset_label_underscore_only_turns_plurals_off(tmp_path):
    """PETRARCH's "&MILITARY_" is the set "&MILITARY" without generated plurals: patterns name it
    without the underscore (PETRARCH2's own dictionary uses &MILITARY_, &AUXVERB2_, …)."""
    shipped = VerbDictionary.load(RESOURCES / "en.verbs.txt")
    assert "&MILITARY" in shipped.synsets and "&MILITARY_" not in shipped.synsets
    assert ["TROOPS"] in [[w for w, _ in p] for p in shipped.synsets["&MILITARY"]]
    nlp = _blank_coder(tmp_path, "&VESSELS_\n+FRIGATES\n+WARSHIP\n\n--- MOVE [---] ---\n"
                       "MOVE\n- * &VESSELS TO + [154]\n", ACTORS)
    doc = run_doc(nlp, "Gondor moved frigates to Mordor.", date(2020, 1, 1))
    assert [(e.source.code, e.target.code, e.cameo) for e in doc._.events] == [
        ("GON", "MOR", "154")]
    # no plural generated for "WARSHIP" under a label ending in "_"
    assert not run_doc(nlp, "Gondor moved warships to Mordor.", date(2020, 1, 1))._.events


def test_relaxed_fallback_for_blocks_without_a_default(tmp_path):
    """A verb whose block has no default code and no pattern that matches in order takes the
    pattern whose content words all occur in the clause — only when nothing else is coded."""
    verbs = "--- SEND [---] ---\nSEND {SENDS SENT SENDING}\n- * WARSHIPS TO + [152]\n"
    nlp = _blank_coder(tmp_path, verbs, ACTORS)
    # in order: the pattern itself
    (e,) = run_doc(nlp, "Gondor sent warships to Mordor.", date(2020, 1, 1))._.events
    assert e.cameo == "152"
    # word order relaxed: "to Mordor" before the warships
    (e,) = run_doc(nlp, "Gondor sent to Mordor two warships.", date(2020, 1, 1))._.events
    assert e.cameo == "152" and e.confidence < 0.9
    # a content word missing: nothing
    assert not run_doc(nlp, "Gondor sent letters to Mordor.", date(2020, 1, 1))._.events


def test_root_verb_tagged_as_noun_and_prepositional_according(english):
    e = main(english, "Israeli troops shot dead three Palestinians in a raid near Nablus.")
    assert e is not None and e.plover == "ASSAULT" and e.cameo_root in ("18", "19")
    evs = events(english, "Iran supplied drones and ammunition to Russian forces, according "
                          "to U.S. officials.")
    assert evs and not any(e.predicate.text.lower().startswith("according") for e in evs)


def test_auxiliary_belongs_to_its_own_verb(english):
    """"&AUXVERB3 * [172]" is "has banned"; in "has threatened to ban" the threat comes first."""
    e = main(english, "The army chief has threatened to ban opposition rallies in the capital.")
    assert e.plover == "THREATEN" and e.cameo_root == "13"
    assert not any(x.predicate.text.lower().startswith("has threatened to ban")
                   for x in events(english, "The army chief has threatened to ban opposition "
                                            "rallies in the capital."))


def test_agreed_to_frames_the_agreed_action(english):
    evs = events(english, "The two leaders agreed to set up a joint commission to demarcate "
                          "the border.")
    assert not any(e.cameo == "050" for e in evs)
    assert next(e for e in evs if e.plover).plover == "AGREE"


def test_said_must_is_a_demand(english):
    e = main(english, "The Philippine president said China must stop harassing Filipino "
                      "fishermen.")
    assert e is not None and e.plover == "REQUEST"


def test_light_verb_yields_to_its_event_noun(english):
    evs = events(english, "The European Union imposed an arms embargo on Myanmar's military "
                          "government.")
    assert not any(e.cameo == "170" for e in evs)
    e = next(e for e in evs if e.plover)
    assert e.cameo == "163" and e.plover == "SANCTION"


def test_english_supplement_strikes_handovers_refusals(english):
    e = main(english, "Dock workers in Antwerp went on strike on Monday over pay.")
    assert e.cameo == "143" and e.plover == "PROTEST"
    e = main(english, "Armenian troops handed over three villages to Azerbaijan.")
    assert e.cameo == "084" and e.plover == "RETREAT"
    e = main(english, "The Serbian president turned down an invitation to visit Tirana.")
    assert e.plover == "REJECT"
    e = main(english, "The junta ignored calls from neighbouring states to free the president.")
    assert e.plover == "REJECT"
    e = main(english, "The authorities shut down the country's largest independent newspaper.")
    assert e.cameo == "1721" and e.plover == "COERCE"
    e = main(english, "Norway suspended arms exports to the Gulf states on Friday.")
    assert e.cameo == "162" and e.plover == "SANCTION"


def test_preposition_synset_follows_the_verb(english):
    """"- * &PREPOSIT1 [---]" (BACK) is "backed in/on …" right after the verb, not any later "in"."""
    evs = events(english, "The regional bloc backed the Guatemalan president in his dispute "
                          "with prosecutors.")
    assert any(e.predicate.text.lower().startswith("backed") for e in evs)


def test_intent_code_on_a_carried_out_action(english):
    """PETRARCH2 patterns code some action verbs' clauses as intents (CAMEO 03: "supplied … to"
    0332, "backed" 032, "met … to discuss" 036); done, such an action is its PLOVER type
    (AID, SUPPORT, CONSULT), the CAMEO code stays; an intent said in words stays AGREE."""
    e = main(english, "Serbia supplied drones and rifles to Libyan militias, according to a UN "
                      "report.")
    assert e.cameo.startswith("033") and e.plover == "AID"
    e = main(english, "The Organization of American States backed the Haitian prime minister "
                      "in his dispute with the senate.")
    assert e.cameo.startswith("032") and e.plover == "SUPPORT"
    e = main(english, "The Kenyan and Somali foreign ministers met in Mombasa on Friday to "
                      "discuss the maritime border.")
    assert e.cameo == "036" and e.plover == "CONSULT"
    assert main(english, "Egypt will supply tanks to the Sudanese army.").plover == "AGREE"
    e = next(e for e in events(english, "Chadian rebels said they were ready to negotiate with "
                                        "the army.") if e.plover)
    assert e.cameo.startswith("03") and e.plover == "AGREE"


def test_infinitival_to_matches_a_pattern_to_before_a_word(english):
    """"* TO PROTEST [140]" (STAGE): the pattern's TO before a word is the infinitive's "to"."""
    e = main(english, "Opposition activists staged a sit-in outside parliament in Yerevan to "
                      "protest the border deal.")
    assert e.cameo == "140" and e.plover == "PROTEST"


def test_event_noun_modifier_apart_from_its_noun(english):
    """"JOINT_+DRILL": other modifiers may stand between an event noun's dictionary modifier
    and the noun ("joint border patrols", "joint anti-piracy drills"); adjacent still matches."""
    e = main(english, "Thai and Malaysian troops started joint border patrols on Monday.")
    assert e.cameo == "062" and e.plover == "COOPERATE"
    e = main(english, "Vietnamese and Cambodian navies began joint anti-piracy drills.")
    assert e.cameo == "062" and e.plover == "COOPERATE"
    assert main(english, "Prisoners began an indefinite hunger strike on Monday.").cameo == "142"


def test_without_negates_what_follows_it(english):
    """"attacked the village without warning": the attack happened; "without firing a shot"
    negates the firing, not the withdrawal before it."""
    e = main(english, "Government troops attacked the village without warning on Sunday.")
    assert e.plover == "ASSAULT" and not e.negated
    evs = events(english, "The rebels withdrew from the town without firing a shot.")
    assert not next(e for e in evs if e.predicate.text.startswith("withdrew")).negated
    assert next(e for e in evs if e.predicate.text.startswith("firing")).negated


def test_town_where_it_happens_is_no_target(english):
    """"met in Geneva": the town (a geo location, not a capital) is the place, not the target."""
    evs = events(english, "Ethiopian and Eritrean negotiators met in Geneva on Monday to discuss "
                          "the border dispute.")
    met = [e for e in evs if e.predicate.text.startswith("met")]
    assert met and not any(e.target and (e.target.code or "").startswith("CHE") for e in met)


def test_on_before_a_date_is_no_pattern_preposition(english):
    """"* + ON [020]" (CALL: "called X on …") does not read the date in "telephoned X on
    Friday": a telephone call stays CAMEO 041."""
    e = main(english, "The Polish president telephoned his Lithuanian counterpart on Friday.")
    assert e.cameo == "041" and e.plover == "CONSULT"


def test_labour_strike_nouns(english):
    """A "national/nationwide/warning strike" is a labour strike (143), an air strike is not."""
    e = main(english, "Dock workers in Lagos began a nationwide strike over fuel prices.")
    assert e.cameo == "143" and e.plover == "PROTEST"
    e = main(english, "Bus drivers in Lisbon began an indefinite strike on Monday.")
    assert e.cameo == "143" and e.plover == "PROTEST"
    e = main(english, "Israeli jets carried out a nationwide air strike campaign.")
    assert e.plover == "ASSAULT"


def test_veto_is_a_rejection(english):
    """Vetoing a statement, bill or package rejects it (120); a vetoed resolution stays
    PETRARCH2's 129."""
    e = main(english, "Poland vetoed the EU budget package on Monday.")
    assert e.cameo == "120" and e.plover == "REJECT"
    e = main(english, "Russia vetoed a UN Security Council resolution on Syria.")
    assert e.cameo == "129" and e.plover == "REJECT"


def test_agreeing_to_a_demand_is_acceding(english):
    """"agreed to / bowed to the demands" yields (083, PLOVER CONCEDE); agreeing to act stays
    an agreement."""
    e = main(english, "The government bowed to demands from the unions.")
    assert e.cameo == "083" and e.plover == "CONCEDE"
    e = main(english, "The president agreed to the protesters' demands on Friday.")
    assert e.cameo == "083" and e.plover == "CONCEDE"
    assert main(english, "Israel and Jordan agreed to resume talks.").plover == "AGREE"


def test_a_statement_without_speaker_or_addressee_is_no_event(english):
    """"…, officials estimated" with no actor found: a 01 statement that says nothing about who
    spoke; the same verb with its speaker stays an event."""
    evs = events(english, "About 300 homes were destroyed by the fire, it was reported on Monday.")
    assert not any(e.cameo.startswith("01") and e.source is None and e.target is None for e in evs)
    evs = events(english, "Russian President Vladimir Putin said on Monday that talks would continue.")
    assert any(e.cameo.startswith("01") and e.source is not None and e.source.code for e in evs)
