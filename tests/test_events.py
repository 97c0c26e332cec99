"""Events: CAMEO/PLOVER coding with actors, place, time, modality and evidence."""

from __future__ import annotations

import csv
import importlib.util
from datetime import date
from pathlib import Path

import pytest
import spacy
from _nlp_helpers import dictionary_coder

from newsgraph.events.dictionaries import ActorDictionary, AgentDictionary, VerbDictionary
from newsgraph.nlp.events import RESOURCES, EventCoder, code_info
from newsgraph.nlp.pipeline import load_pipeline, run_doc, spacy_factory
from newsgraph.schema import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
DICTS = SHARED / "data" / "petrarch2-dictionaries"
PUBLISHED = date(2025, 8, 16)


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


needs_geo = pytest.mark.skipif(not _has("newsgraph.nlp.geo"), reason="newsgraph.nlp.geo missing")
needs_timex = pytest.mark.skipif(not _has("newsgraph.nlp.timex"), reason="timex missing")
needs_entities = pytest.mark.skipif(not _has("newsgraph.nlp.entities"), reason="entities missing")


def run(nlp, text: str, published: date | None = PUBLISHED):
    return run_doc(nlp, text, published)


@pytest.fixture(scope="module")
def anchorage(shared):
    text = (shared / "examples" / "anchorage-summit.de.txt").read_text(encoding="utf-8")
    text = text.split("Haftungsausschluss:")[0]
    return run(load_pipeline("de"), text)


@pytest.fixture(scope="module")
def blank_de():
    """Events alone on a blank pipeline: the dictionary fallback without other components."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(spacy_factory("newsgraph.events.v1"))
    return nlp


@pytest.fixture(scope="module")
def english():
    return load_pipeline("en")


def code(actor) -> str:
    return (actor.code or "") if actor is not None else ""


def find(events, root=None, **kw):
    out = []
    for e in events:
        if root is not None and e.cameo_root not in (root if isinstance(root, tuple) else (root,)):
            continue
        if all(getattr(e, k) == v for k, v in kw.items()):
            out.append(e)
    return out


# ------------------------------------------------------------------ reference article

@needs_geo
@needs_timex
def test_trump_putin_meeting_in_anchorage(anchorage):
    meetings = [e for e in find(anchorage._.events, "04", plover="CONSULT")
                if not e.negated and not e.hypothetical]
    assert any(e.location_name == "Anchorage" and e.date == date(2025, 8, 15) for e in meetings)
    assert any(code(e.source).startswith("USA") and code(e.target).startswith("RUS")
               and e.date == date(2025, 8, 15) for e in meetings)


def test_russian_air_strikes(anchorage):
    strikes = [e for e in find(anchorage._.events, "19", plover="ASSAULT") if not e.negated]
    assert any(code(e.source) == "RUSMIL" and code(e.target).startswith("UKR") for e in strikes)
    assert any("Drohnen" in e.predicate.text and code(e.target).startswith("UKR") for e in strikes)


def test_trump_applauds_putin(anchorage):
    ev = find(anchorage._.events, "05")
    assert any(code(e.source).startswith("USA") and code(e.target).startswith("RUS") and
               e.quad_class == 1 and e.goldstein > 0 and "applaudierte" in e.predicate.text
               for e in ev)


def test_trump_puts_selenskyj_under_pressure(anchorage):
    ev = find(anchorage._.events, ("10", "13", "17"))
    hits = [e for e in ev if "Druck" in e.predicate.text]
    assert len(hits) >= 2  # the sentence and the sub-heading
    assert all(code(e.source).startswith("USA") and code(e.target).startswith("UKR") for e in hits)
    # the pressured president is the one who would accept Putin's terms, not Trump
    accept = [e for e in anchorage._.events if "einzugehen" in e.predicate.text]
    assert accept and all(code(e.source) == "UKRGOV" and code(e.target) == "RUSGOV" and
                          e.hypothetical for e in accept)


def test_the_object_of_a_demand_does_the_infinitive():
    doc = run(load_pipeline("de"), "Die Europäische Union forderte Russland am Montag auf, seine Truppen aus der "
              "Ukraine abzuziehen.")
    pull = [e for e in doc._.events if "abzuziehen" in e.predicate.text]
    assert pull and all(code(e.source) == "RUS" for e in pull)


@needs_timex
def test_selenskyj_flies_to_washington_on_monday(anchorage):
    ev = [e for e in find(anchorage._.events, ("03", "04")) if "fliegt" in e.predicate.text]
    assert ev and all(e.future for e in ev)
    assert any(e.date == date(2025, 8, 18) and code(e.source).startswith("UKR") and
               code(e.target).startswith("USA") for e in ev)


def test_summer_offensive(anchorage):
    assert any("Sommeroffensive" in e.predicate.text for e in find(anchorage._.events, "19"))


def test_sanctions_announced_not_imposed(anchorage):
    sanctions = [e for e in anchorage._.events if e.cameo == "163"]
    assert sanctions
    assert all(e.negated or e.hypothetical for e in sanctions)
    assert any(code(e.target).startswith("RUS") and code(e.source).startswith("USA")
               for e in sanctions)


def test_weapons_sales_are_only_desired(anchorage):
    aid = [e for e in find(anchorage._.events, "07") if "verkaufen" in e.predicate.text]
    assert aid and all(e.hypothetical for e in aid)
    assert any(code(e.source).startswith("USA") and code(e.target).startswith("UKR") for e in aid)


def test_negated_events_are_not_coded_as_happened(anchorage):
    annoy = [e for e in anchorage._.events if "verärgern" in e.predicate.text]
    assert annoy and all(e.negated for e in annoy)
    discussed = [e for e in anchorage._.events if "besprochen" in e.predicate.text]
    assert discussed and all(e.negated for e in discussed)


def test_questions_not_taken_is_a_negated_statement_without_an_invented_place(anchorage):
    """"Fragen von den anwesenden Journalisten wurden nicht entgegengenommen": the journalists
    asked (target, MED), nobody took their questions; "von" inside the noun phrase is no agent."""
    taken = [e for e in anchorage._.events if "entgegengenommen" in e.predicate.text]
    assert taken and all(e.negated and e.cameo_root == "01" for e in taken)
    assert all(e.source is None and e.target and e.target.code == "MED" for e in taken)
    assert not any(e.location_name == "Journalisten" for e in anchorage._.events)


def test_a_meeting_that_is_only_a_topic_has_not_happened(anchorage, english):
    """Uschakow: "das Thema eines trilateralen Treffens … nicht besprochen" — no meeting took place."""
    topic = [e for e in anchorage._.events if e.predicate.text == "Treffens" and e.reported
             and e.reporter == "per:jurij-uschakow"]
    assert topic and all(e.hypothetical and e.plover == "CONSULT" for e in topic)  # no one agreed
    doc = run(english, "Officials discussed the prospect of talks between Armenia and Azerbaijan.",
              date(2025, 8, 16))
    talks = [e for e in doc._.events if e.predicate.text.startswith("talks")]
    assert talks and all(e.hypothetical for e in talks)


def test_reported_inside_quotes(anchorage):
    assert _has("newsgraph.nlp.quotes")
    inside = [e for e in anchorage._.events if "Deal" in e.predicate.text]
    assert inside and all(e.reported for e in inside)
    if _has("newsgraph.nlp.entities"):
        assert all(e.reporter == "per:donald-trump" for e in inside)
    assert not any("komme" in e.predicate.text for e in anchorage._.events)  # "es kommt auf X an"


def test_evidence_offsets(anchorage):
    text = anchorage.text
    assert anchorage._.events
    for e in anchorage._.events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert text[e.predicate.start:e.predicate.end] == e.predicate.text
        assert e.evidence.start <= e.predicate.start < e.predicate.end <= e.evidence.end
        for a in (e.source, e.target):
            if a is not None and a.start is not None:
                assert text[a.start:a.end] == a.text
        assert 1 <= e.quad_class <= 4 and e.cameo.startswith(e.cameo_root)


def test_events_fill_the_article(anchorage):
    from newsgraph.nlp.to_article import fill_article

    art = fill_article(Article(id="x", text=anchorage.text, published=PUBLISHED), anchorage)
    assert art.events and Article.model_validate_json(art.model_dump_json()).events == art.events


# ------------------------------------------------------------------ blank-pipeline fallback

def test_blank_pipeline_codes_from_dictionaries(blank_de):
    doc = run(blank_de, "Trump applaudierte Putin sogar zur Begrüßung.")
    (e,) = [e for e in doc._.events if e.cameo_root == "05"]
    assert (e.source.code, e.target.code) == ("USAGOV", "RUSGOV")
    assert e.date == date(2025, 8, 15)  # past tense without a date: the day before publication


def test_separable_verbs(blank_de):
    doc = run(blank_de, "Russland greift die Ukraine erneut an.")
    (e,) = doc._.events
    assert e.cameo_root == "19" and e.source.code == "RUS" and e.target.code == "UKR"
    doc = run(blank_de, "Am Montag fliegt er nach Washington.")
    (e,) = doc._.events
    assert e.cameo == "042" and e.future and e.date == date(2025, 8, 18)
    doc = run(blank_de, "Trump setzt Selenskyj unter Druck.")
    (e,) = doc._.events
    assert e.cameo_root == "10" and e.target.code == "UKRGOV"


@pytest.mark.parametrize("pipeline", ["blank", "full"])
def test_separable_verb_with_object_between(pipeline, blank_de):
    """Issue 8 bug: "griff … an" with the date and the object inside the verb bracket; the strong
    past form "griff" dates last Monday, not next Monday (publication: Saturday 2025-08-16)."""
    nlp = blank_de if pipeline == "blank" else load_pipeline("de")
    doc = run(nlp, "Die Polizei griff am Montag die Demonstranten an.")
    (e,) = find(doc._.events, ("18", "19"))
    assert e.source.text == "Polizei" and code(e.source).endswith("COP")
    assert e.target.text == "Demonstranten"
    assert e.date == date(2025, 8, 11) and not e.future and not e.negated
    (e,) = find(run(nlp, "Die Polizei griff am Montag die Demonstranten an.",
                    date(2025, 8, 20))._.events, ("18", "19"))
    assert e.date == date(2025, 8, 18)


def test_modality_flags(blank_de):
    (e,) = run(blank_de, "Die EU verhängte keine Sanktionen gegen Russland.")._.events
    assert e.negated
    evs = run(blank_de, "Moskau könnte Kiew angreifen.")._.events
    assert evs and all(e.hypothetical for e in evs)
    evs = run(blank_de, "Es bleibt das Ziel, dass die USA Waffen an Kiew liefern.")._.events
    assert evs and all(e.hypothetical for e in evs if e.cameo_root == "07")
    evs = run(blank_de, "Die russischen Truppen haben Charkiw nicht angegriffen.")._.events
    assert evs and all(e.negated for e in evs)


# ------------------------------------------------------------------ English

def test_english_sentences(english):
    (e,) = find(run(english, "Russian forces attacked Kharkiv on Tuesday.")._.events, "19")
    assert e.source.code == "RUSMIL" and e.target.code.startswith("UKR") and not e.negated
    assert e.date == date(2025, 8, 12) and e.location_name == "Kharkiv"
    (e,) = run(english, "Biden did not meet Xi.")._.events
    assert e.cameo_root == "04" and e.negated
    assert e.source.code.startswith("USA") and e.target.code.startswith("CHN")
    evs = find(run(english, "China will send humanitarian aid to Pakistan.")._.events, "07")
    assert evs and evs[0].future and evs[0].target.code == "PAK"


def test_english_rejections_and_stances(english):
    """PETRARCH2 leaves "reject" uncoded and codes "dismissed" as disapproval; the English
    supplement makes them CAMEO 12. Stances take the PLOVER type of the intention."""
    def main(text):
        evs = [e for e in run(english, text, None)._.events if e.plover]
        return min(evs, key=lambda e: e.predicate.start)

    e = main("Germany rejected the French proposal.")
    assert e.cameo_root == "12" and e.plover == "REJECT" and code(e.source) == "DEU"
    assert main("Rebels dismissed an appeal from the government.").plover == "REJECT"
    e = main("Iran said it will not accept the proposal.")
    assert e.plover == "REJECT" and e.negated
    e = main("Syria says it is willing to withdraw its troops from Lebanon.")
    assert e.plover == "AGREE" and code(e.source) == "SYR" and e.cameo_root == "08"
    assert main("Britain said Russia must withdraw its troops from Ukraine.").plover == "REQUEST"
    e = main("North Korea expelled the inspectors on Monday.")
    assert not e.negated  # "North" is not "no"


def test_english_supplement_codes_resignations_curfews_blockades_expulsions(english):
    """Verbs PETRARCH2 leaves uncoded or codes too coarsely, coded by their CAMEO sense through
    the English supplement (en.verbs.newsgraph.txt) and typed by the PLOVER manual."""
    def main(text):
        evs = [e for e in run(english, text, None)._.events if e.plover]
        return min(evs, key=lambda e: e.predicate.start) if evs else None

    e = main("The Peruvian prime minister resigned on Friday.")
    assert e is not None and e.cameo == "0831" and e.plover == "RETREAT"
    assert e.plover_mode == "resign"
    e = main("The government lifted the nightly curfew in the capital.")
    assert e.cameo == "0813" and e.plover == "CONCEDE"
    e = main("Farmers blocked the main highway to Paris for six hours.")
    assert e.cameo == "144" and e.plover == "PROTEST"
    e = main("Sudan expelled 13 aid agencies from Darfur.")
    assert e.cameo == "1663" and e.plover == "SANCTION" and code(e.source) == "SDN"
    e = main("The United Nations withdrew its observers from Syria.")
    assert e.cameo == "1662" and e.plover == "SANCTION"
    # the patterns need their objects: other uses keep PETRARCH2's coding
    assert main("Russia withdrew its troops from the border.").cameo == "0874"
    assert main("Police blocked the suspect's bank accounts.").cameo != "144"
    assert main("Sudan expelled two British journalists.").cameo == "174"


def test_actor_phrase_index_matches_a_full_scan():
    """The second-word index of the actor dictionaries finds what a scan over every phrase a word
    can start finds: the longest match, the first listed among equally long ones."""
    from newsgraph.events.actors import ActorLexicon, _match_phrase

    ad = ActorDictionary.load([RESOURCES / "en.actors.countries.txt",
                               RESOURCES / "en.actors.international.txt"])
    lex = ActorLexicon(ad, AgentDictionary("en"), "en")
    sents = ["THE UNITED STATES AND THE UNITED NATIONS SECURITY COUNCIL MET",
             "UNITED ARAB EMIRATES PRESIDENT KHALIFA BIN ZAYED",
             "PRESIDENT GEORGE W. BUSH AND PRIME MINISTER TONY BLAIR",
             "THE INTERNATIONAL ATOMIC ENERGY AGENCY INSPECTORS",
             "NORTH KOREA SOUTH AFRICA NEW ZEALAND WORLD BANK EUROPEAN UNION"]
    checked = 0
    for s in sents:
        words = s.split()
        for i, w in enumerate(words):
            cands = list(ad.index.get(w, ()))
            cands += [c for c in ad.stems.get(w[:4], ()) if w.startswith(c[0][0][0])]
            best = None
            for phrase, rec in cands:
                n = _match_phrase(words, i, phrase)
                if n and (best is None or n > best[0]):
                    best = (n, rec)
            got = lex._actor_at(words, i, None)
            if best is None:
                assert got is None, (s, w)
            else:
                checked += 1
                assert got is not None and got[0] == best[0] and got[2] is best[1], (s, w)
    assert checked >= 10


# ------------------------------------------------------------------ dictionaries and codebook

def test_german_dictionary_covers_all_cameo_roots():
    verbs = VerbDictionary.load(RESOURCES / "de.verbs.txt", "de")
    nouns = VerbDictionary.load(RESOURCES / "de.nouns.txt", "de", kind="noun")
    roots, entries = set(), 0
    for d in (verbs, nouns):
        for b in d.blocks:
            entries += len(b.verbs) + len(b.patterns)
            for c in [b.code] + [v.code for v in b.verbs] + [p.code for p in b.patterns]:
                if c and c != "---":
                    roots.add(c[:2])
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert entries >= 500
    assert {h.entry.lemma for h in verbs.lookup("angegriffen")} == {"AN GREIFEN"}
    assert any(h.split for h in verbs.lookup("greift"))
    assert nouns.lookup_compound("Drohnenangriffe")[0].entry.lemma == "DROHNENANGRIFF"
    assert nouns.lookup_compound("Sommeroffensive")[0].entry.lemma == "OFFENSIVE"


def test_petrarch_dictionaries_load():
    verbs = VerbDictionary.load(DICTS / "CAMEO.verbpatterns.150430.txt")
    st = verbs.stats()
    assert st["blocks"] > 300 and st["patterns"] > 10000
    assert {h.entry.block.code for h in verbs.lookup("met")} == {"040"}
    val = VerbDictionary.load(DICTS / "PETR.Validate.verbs.txt")
    assert val.synsets["&CURRENCY"] and val.stats()["patterns"] > 100
    actors = ActorDictionary.load(DICTS / "PETR.Validate.actors.txt")
    assert actors.index["ARNOR"][0][1].code_on(None) == "ARN"
    agents = AgentDictionary.load(DICTS / "PETR.Validate.agents.txt")
    congress = {tuple(w for w, _ in p) for r in agents.records if r.code == "LEG" for p in r.phrases}
    assert ("CONGRESSWOMAN",) in congress  # !PERSON! substitution
    ph = ActorDictionary.load(DICTS / "Phoenix.Countries.actors.txt")
    biden = next(r for r in ph.records if r.name == "JOE BIDEN")
    assert biden.code_on(date(2010, 1, 1)) == "USAGOV" and biden.code_on(date(1990, 1, 1)) == "USAELI"


def test_user_dictionaries_code_validation_sentence():
    coder_nlp = dictionary_coder(DICTS / "PETR.Validate.verbs.txt", DICTS / "PETR.Validate.actors.txt",
                                 DICTS / "PETR.Validate.agents.txt")
    doc = run(coder_nlp, "Arnor is about to restore full diplomatic ties with Gondor.",
              date(1995, 1, 1))
    assert [(e.source.code, e.target.code, e.cameo) for e in doc._.events] == [("ARN", "GON", "064")]


def test_codebook_and_plover_mapping():
    sanction = code_info("163")
    # the PLOVER manual's root table, not the 2021 table's exceptions (163 → COERCE there)
    assert (sanction.quad, sanction.goldstein, sanction.plover) == (4, -8.0, "SANCTION")
    assert code_info("0814").plover == "CONCEDE" and code_info("0841").plover == "RETREAT"
    assert code_info("042").plover == "CONSULT" and code_info("195").plover == "ASSAULT"
    assert code_info("0234").plover == "REQUEST"  # appeals fold into REQUEST
    assert code_info("010").plover is None


# ------------------------------------------------------------------ GDELT rows

def test_gdelt_rows(anchorage):
    from newsgraph.export import gdelt_events as g
    from newsgraph.nlp.to_article import fill_article

    names = [r["name"] for r in csv.DictReader(
        (SHARED / "data" / "gdelt" / "schema" / "events2.columns.csv").open(encoding="utf-8"))]
    assert list(g.EVENT_COLUMNS) == names and len(names) == 61
    with (SHARED / "data" / "gdelt" / "schema" / "mentions.columns.csv").open(encoding="utf-8") as fh:
        mnames = [r["name"] for r in csv.DictReader(fh) if r["name"][:1].isupper()]
    assert list(g.MENTION_COLUMNS) == [n for n in mnames if n in g.MENTION_COLUMNS]
    assert len(g.MENTION_COLUMNS) == 16

    art = fill_article(Article(id="a1", text=anchorage.text, published=PUBLISHED,
                               url="https://example.org/a"), anchorage)
    groups = g.group_events(art)
    rows = g.events_rows([art, art])
    assert len(rows) == 2 * len(groups) and all(len(r) == 61 for r in rows)
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert all(not (e.negated or e.hypothetical) for grp in groups for e in grp.mentions)
    assert all(code(e.source) or code(e.target) for grp in groups for e in grp.mentions)
    assert any(len(grp.mentions) > 1 for grp in groups)  # one event, several sentences
    mentions = g.mentions_rows([art])
    assert all(len(r) == 16 for r in mentions)
    assert {r[0] for r in mentions} == {r[0] for r in rows[:len(groups)]}
    flight = next(r for r in rows if r[26] == "042")
    assert flight[1] == "20250818" and flight[5].startswith("UKR") and flight[15].startswith("USA")
    assert len(g.events_rows([art], factual_only=False)) > len(groups)


def test_component_config_in_pipeline():
    nlp = load_pipeline("de")
    assert "newsgraph_events" in nlp.pipe_names
    assert isinstance(nlp.get_pipe("newsgraph_events"), EventCoder)


def test_english_verb_without_actor_or_subject_is_not_an_event(english):
    """A participle with no actor and no subject ("providing footage") is a pattern misfire;
    a verb whose subject is an uncoded noun phrase, or that complements one ("agreed to meet"),
    still codes."""
    doc = run(english, "The team deployed a camera, providing footage of the name plaque on the "
                       "side of the vessel.")
    assert not [e for e in doc._.events if e.predicate.text == "providing"]
    doc = run(english, "The two leaders agreed to meet again in Geneva next month.")
    assert [e for e in doc._.events if e.cameo == "036"]


def test_case_markers_under_either_label_scheme():
    """Case markers are found under UD's "case" and ClearNLP's "prep" (the label of official
    English spaCy models, a built-in symbol whose id is not its string hash)."""
    import spacy
    from spacy.tokens import Doc

    from newsgraph.events.tokens import DepTable

    vocab = spacy.blank("en").vocab
    for label in ("case", "prep"):
        doc = Doc(vocab, words=["Troops", "moved", "into", "Gaza"], heads=[1, 1, 3, 1],
                  deps=["nsubj", "ROOT", label, "obl"])
        assert DepTable(doc).case == {3: ["INTO"]}, label


def test_an_event_needs_a_participant(english):
    """Who did what to whom with neither a who nor a whom is no event (``min_participants``):
    "The bus overturned" and "It was founded in 1992" are pattern misfires that the old default
    coded without actors; ``min_participants=0`` keeps them. Generic agent nouns are
    participants ("Prisoners", "Bus drivers")."""
    text = "The bus overturned on the highway. It was founded in 1992."
    doc = run(english, text)
    assert doc._.events == []
    keep_all = EventCoder("en", min_participants=0)
    kept = keep_all(run(english, text))._.events
    assert {e.predicate.text for e in kept} >= {"overturned", "founded"}
    assert all(e.source is None and e.target is None for e in kept)
    for sentence, agent in (("Prisoners began an indefinite hunger strike on Monday.", "CRM"),
                            ("Bus drivers in Lisbon began an indefinite strike on Monday.", "LAB")):
        evs = run(english, sentence)._.events
        assert evs and all(code(e.source).endswith(agent) for e in evs)


def test_definite_event_noun_keeps_participants_from_an_earlier_mention():
    """A sentence without actors still codes a definite event noun: "Das Treffen" refers back to
    the meeting between Trump and Putin and takes its participants (``_corefer_nouns``); the
    actorless "Angriffe" of the same sentence is dropped."""
    nlp = load_pipeline("de")
    doc = run(nlp, "Das Treffen zwischen Trump und Putin begann am Freitag in Anchorage. "
                   "Das Treffen dauerte fast drei Stunden, während die Angriffe weitergingen.")
    second = doc.text.index("Das Treffen dauerte")
    later = [e for e in doc._.events if e.predicate.start >= second]
    assert [e.predicate.text for e in later] == ["Treffen"]
    assert code(later[0].source) and code(later[0].target)
