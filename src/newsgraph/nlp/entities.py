"""Who: within-document entity normalisation (``newsgraph.entities.v1``) — and the module that
registers the knowledge-backed recogniser ``newsgraph.kb_ruler.v1`` (:mod:`newsgraph.nlp.kb_ruler`).

``newsgraph.entities.v1`` turns NER spans, appositions ("US-Präsident Donald Trump") and role
descriptions ("der russische Machthaber", "the Kremlin leader") into one ``schema.Entity`` per
real-world entity with a stable id, CAMEO actor code and every mention (``doc._.entities``,
``doc._.ent_links``). Role descriptions are resolved to the office holder on ``doc._.published``.

Public helpers for other components: :func:`actor_code_for_span`, :func:`country_for_adjective`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.batching import BatchedPipe
from newsgraph.nlp import extensions  # noqa: F401  (registers Doc extensions)
from newsgraph.nlp.gazetteer import load_gazetteer
from newsgraph.nlp.kb_ruler import DETERMINERS, FORMER, KBRuler, _is_cap, _norm, slug
from newsgraph.nlp.knowledge import Actor, KnowledgeBase, RoleNoun, as_date, load_kb
from newsgraph.nlp.pipeline import spacy_factory
from newsgraph.schema import Entity, Mention
from newsgraph.nlp.lemma_keys import doc_text as cached_text
from newsgraph.nlp.lemma_keys import token_table
from newsgraph.nlp.textspans import sent_token_bounds, span_text
from newsgraph.nlp.unchecked import build

__all__ = [
    "KBRuler", "EntityNormaliser", "actor_code_for_span", "country_for_adjective", "slug",
]


# --------------------------------------------------------------------------- normalisation

SUBJECT_PRONOUNS = {"de": {"Er"}, "en": {"He", "She"}}
OFFICE_LABELS = {
    "foreign_policy_adviser": "foreign-policy adviser",
    "head_of_government": "head of government",
    "chief_of_staff_presidential_office": "head of the presidential office",
    "deputy_security_council": "deputy chairman of the security council",
}
_ADVISORY = {"foreign_policy_adviser", "spokesperson", "envoy",
             "chief_of_staff_presidential_office"}


@dataclass(slots=True)
class _RoleHit:
    start: int  # token indices
    end: int
    role: RoleNoun
    country: str | None
    former: bool = False


@dataclass(slots=True)
class _Ent:
    id: str
    name: str
    type: str
    actor_code: str | None = None
    country: str | None = None
    role: str | None = None
    affiliation: str | None = None
    kb_id: str | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)


class EntityNormaliser(BatchedPipe):
    def __init__(self, nlp: Language, name: str, resolve_roles: bool, max_mentions: int,
                 link_pronouns: bool = True) -> None:
        self.name = name
        self.lang = nlp.lang
        self.resolve_roles = resolve_roles
        self.max_mentions = max_mentions
        self.link_pronouns = link_pronouns
        self._role_forms: dict[tuple[str, ...], RoleNoun] | None = None
        self._role_maxlen = 1
        self._role_firsts: set[str] = set()
        #: name text → :meth:`_lookup_actor`'s answer (the KB is read-only once loaded)
        self._actor_by_text: dict[tuple[str, int], Actor | None] = {}
        self._via_by_text: dict[tuple[str, str], str] = {}

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        kb = load_kb()
        day = as_date(doc._.published)
        lang = self.lang
        ents: dict[str, _Ent] = {}
        links: dict[tuple[int, int], str] = {}
        role_hits = self._role_hits(doc, kb) if len(doc) else []
        role_by_end = {h.end: h for h in role_hits}
        consumed_roles: set[int] = set()
        surname_index: dict[str, str] = {}
        doc_text = cached_text(doc)
        acronyms: dict[str, str] = {}

        def add(eid: str, make, start: int, end: int, via: str, label: str | None) -> _Ent:
            e = ents.get(eid)
            if e is None:
                e = ents[eid] = make()
            if len(e.mentions) < self.max_mentions:
                text = doc_text[start:end]
                if label == "PER" and text.endswith(("'s", "’s")) and end - 2 > start:
                    # the English model sometimes takes the possessive into the name span
                    end -= 2
                    text = text[:-2]
                # model_construct: offsets, text and labels are already of the schema's types
                e.mentions[(start, end)] = build(Mention, start=start, end=end, text=text,
                                                                   via=via, label=label)
                links[(start, end)] = eid
            return e

        in_roles: set[int] = set()
        for h in role_hits:
            if h.country and not h.former:
                in_roles.update(range(h.start, h.end))
        role_by_start = {h.start: h for h in role_hits}
        for ent in doc.ents:
            label = ent.label_
            lead = self._leading_title(doc, ent, kb, role_by_start) if label == "PER" else None
            if label.endswith("deriv") or label.endswith("part"):
                continue
            if label != "PER" and all(k in in_roles for k in range(ent.start, ent.end)):
                continue  # "the White House", "The Kremlin leader": the role names a person
            actor = kb.actors.get(ent.kb_id_) if ent.kb_id_ else None
            if actor is None and label in ("PER", "ORG", "MISC"):
                actor = self._lookup_actor(span_text(ent), kb)
            if actor is not None:
                make = self._maker_for_actor(actor, kb, day)
                via = "apposition" if lead else self._via(span_text(ent), actor)
                e = add(actor.id, make, ent.start_char, ent.end_char, via, label)
                if actor.type == "PER":
                    for part in actor.name(lang).split()[-1:] + actor.name_en.split()[-1:]:
                        surname_index.setdefault(part.lower(), actor.id)
            elif label == "PER":
                e = self._person(doc, ent, ents, surname_index, add, lead)
            elif label in ("LOC", "GPE"):
                e = self._place_entity(ent, kb, add)
                if e is None:
                    continue
            elif label == "ORG":
                name = span_text(ent)
                if name in acronyms:
                    eid = acronyms[name]
                    e = add(eid, lambda: _Ent(eid, name, "ORG"), ent.start_char, ent.end_char,
                            "alias", label)
                else:
                    oid = f"org:{slug(name)}"
                    e = add(oid, lambda: _Ent(oid, name, "ORG"), ent.start_char, ent.end_char,
                            "name", label)
                    short = _acronym_after(doc, ent)
                    if short is not None:  # "Bureau of Animal Industry (BAI)"
                        acronyms.setdefault(short.text, e.id)
                        e.aliases.add(short.text)
                        add(e.id, lambda: e, short.start_char, short.end_char, "alias", None)
            else:
                continue
            # apposition: a role/title right before the name
            if label == "PER":
                self._apposition(doc, ent, e, role_by_end, consumed_roles, kb, day, add, links,
                                 lead)

        if self.resolve_roles:
            for h in role_hits:
                if h.start in consumed_roles or h.former or not h.country:
                    continue
                span = doc[h.start : h.end]
                if any(a < span.end_char and span.start_char < b for a, b in links):
                    continue  # part of a name mention ("Kremlchef Wladimir Putin")
                holder = kb.holder(h.country, h.role.office, day)
                if holder is None:
                    continue
                add(holder.id, self._maker_for_actor(holder, kb, day), span.start_char,
                    span.end_char, "role", None)

        if self.link_pronouns and doc.has_annotation("SENT_START"):
            self._pronouns(doc, ents, add)

        out = []
        for e in ents.values():
            mentions = sorted(e.mentions.values(), key=lambda m: (m.start, m.end))
            out.append(build(
                Entity,
                id=e.id, name=e.name, type=e.type, actor_code=e.actor_code, country=e.country,
                role=e.role, affiliation=e.affiliation, kb_id=e.kb_id,
                aliases=sorted(e.aliases - {e.name}), mentions=mentions,
            ))
        out.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
        doc._.entities = out
        doc._.ent_links = links
        return doc

    def _pronouns(self, doc: Doc, ents: dict[str, _Ent], add) -> None:
        """A sentence that opens with "Er"/"He"/"She" continues about the one person the previous
        sentence named — linked only when that sentence names exactly one person."""
        pronouns = SUBJECT_PRONOUNS.get(self.lang, set())
        if not pronouns:
            return
        tt = token_table(doc)
        idx, texts, punct, space = tt.idx, tt.text, tt.is_punct, tt.is_space
        bounds = sent_token_bounds(doc)
        starts: list[tuple[int, int]] = [(idx[a], idx[b - 1] + len(texts[b - 1])) for a, b in bounds]
        persons: list[set[str]] = [set() for _ in starts]
        k = 0
        mentions = sorted((m.start, e.id) for e in ents.values() if e.type == "PER"
                          for m in e.mentions.values())
        for start, eid in mentions:
            while k < len(starts) - 1 and start >= starts[k][1]:
                k += 1
            persons[k].add(eid)
        for i, (a, b) in enumerate(bounds):
            if i == 0 or len(persons[i - 1]) != 1:
                continue
            first = next((t for t in range(a, b) if not (punct[t] or space[t])), None)
            if first is not None and texts[first] in pronouns:
                (eid,) = persons[i - 1]
                add(eid, lambda: ents[eid], idx[first], idx[first] + len(texts[first]), "pronoun", None)

    # ------------------------------------------------------------------ helpers
    def _lookup_actor(self, text: str, kb: KnowledgeBase) -> Actor | None:
        """The KB actor a name stands for (its form, without a possessive or plural s), or None;
        cached per text and KB."""
        memo = self._actor_by_text
        got = memo.get((text, id(kb)), memo)
        if got is memo:
            if len(memo) > 100_000:
                memo.clear()
            got = memo[(text, id(kb))] = self._find_actor(text, kb)
        return got

    def _find_actor(self, text: str, kb: KnowledgeBase) -> Actor | None:
        key = _norm(text)
        for k in (key, re.sub(r"'s?$", "", key), key[:-1] if key.endswith("s") else ""):
            if not k:
                continue
            cands = kb.actors_for_alias(k)
            cur = [a for a in cands if a.src.startswith("curated")]
            if cur or len(cands) == 1:
                return (cur or cands)[0]
        return None

    def _maker_for_actor(self, actor: Actor, kb: KnowledgeBase, day):
        lang = self.lang

        def make() -> _Ent:
            office = actor.office_on(day)
            role = OFFICE_LABELS.get(office, office.replace("_", " ")) if office else None
            affiliation = actor.country or None
            if office in _ADVISORY and actor.country:
                leader = kb.holder(actor.country, "leader", day)
                if leader is not None and leader.id != actor.id:
                    affiliation = leader.id
            return _Ent(actor.id, actor.name(lang), actor.type if actor.type in
                        ("PER", "ORG", "LOC", "MISC", "GPE", "NORP") else "ORG",
                        actor_code=actor.code_on(day),
                        country=actor.country if len(actor.country) == 2 else None,
                        role=role, affiliation=affiliation, kb_id=actor.id,
                        aliases={actor.name_en, actor.name_de})
        return make

    def _via(self, text: str, actor: Actor) -> str:
        """"name" where the text is the actor's name (or a word of it), else "alias"; cached per
        text and actor."""
        memo = self._via_by_text
        got = memo.get((text, actor.id))
        if got is None:
            if len(memo) > 100_000:
                memo.clear()
            got = memo[(text, actor.id)] = self._find_via(text, actor)
        return got

    def _find_via(self, text: str, actor: Actor) -> str:
        key = re.sub(r"('s|s)$", "", _norm(text))
        names = {_norm(actor.name_de), _norm(actor.name_en)}
        for name in names:
            if _norm(text) == name or key == name:
                return "name"
            parts = name.split()
            if key in parts or _norm(text) in parts:
                return "name"
        return "alias"

    def _leading_title(self, doc: Doc, ent: Span, kb: KnowledgeBase, role_by_start
                       ) -> tuple[int, str | None, _RoleHit | None, str | None] | None:
        """A title or role noun that the NER put inside a person span ("Kremlchef Wladimir
        Putin", "Moderator Sean Hannity"): (tokens, role label, role hit, CAMEO agent)."""
        h = role_by_start.get(ent.start)
        if h is not None and h.end < ent.end:
            return h.end - ent.start, h.role.label, h, h.role.agent
        for length in (2, 1):
            if ent.end - ent.start > length:
                t = kb.titles.get((self.lang, _norm(span_text(doc[ent.start : ent.start + length]))))
                if t is not None:
                    return length, t[0] or None, None, t[1] or None
        return None

    def _person(self, doc, ent: Span, ents, surname_index, add, lead=None) -> _Ent:
        name_span = doc[ent.start + lead[0] : ent.end] if lead else ent
        text = re.sub(r"['’]s$", "", span_text(name_span).strip())
        key = text.lower()
        if self.lang == "de" and key.endswith("s") and key[:-1] in surname_index:
            key = key[:-1]
        via = "apposition" if lead else "name"
        if key in surname_index:
            eid = surname_index[key]
            return add(eid, lambda: _Ent(eid, text, "PER"), ent.start_char, ent.end_char,
                       via, "PER")
        eid = f"per:{slug(text)}"
        e = add(eid, lambda: _Ent(eid, text, "PER"), ent.start_char, ent.end_char, via, "PER")
        parts = text.split()
        if len(parts) > 1:
            surname_index.setdefault(parts[-1].lower(), eid)
        return e

    def _place_entity(self, ent: Span, kb: KnowledgeBase, add) -> _Ent | None:
        """Countries (and capitals, which stand for governments) are actors too."""
        gaz = load_gazetteer()
        f = gaz.resolve(span_text(ent), lang=self.lang)
        if f is None:
            return None
        if f.feature == "country":
            iso2 = f.country
        elif f.fcode == "PPLC":
            iso2 = f.country
        else:
            return None
        country = kb.countries.get(iso2)
        code = kb.cameo(iso2)
        name = f.display_name(self.lang)
        if f.feature == "country" and country is not None:
            name = country.name(self.lang)
        etype = "GPE" if f.feature == "country" else "LOC"
        eid = f"{'gpe' if etype == 'GPE' else 'loc'}:{slug(f.name)}"
        return add(eid, lambda: _Ent(eid, name, etype, actor_code=code, country=iso2,
                                     kb_id=f.id), ent.start_char, ent.end_char, "name",
                   ent.label_)

    # ------------------------------------------------------------------ roles
    def _role_hits(self, doc: Doc, kb: KnowledgeBase) -> list[_RoleHit]:
        lang = self.lang
        if self._role_forms is None:
            forms: dict[tuple[str, ...], RoleNoun] = {}
            for r in kb.roles:
                if r.lang == lang:
                    forms[tuple(_norm(r.form).split())] = r
            self._role_forms = forms
            self._role_maxlen = max((len(k) for k in forms), default=1)
            self._role_firsts = {k[0] for k in forms}
        forms, maxlen, firsts = self._role_forms, self._role_maxlen, self._role_firsts
        hits: list[_RoleHit] = []
        n = len(doc)
        i = 0
        tt = token_table(doc)
        lowers = tt.lower
        may = tt.lexical("entities.role_start", lambda lex: lex.lower_ in firsts or (
            "-" in lex.lower_ and (lex.lower_.rpartition("-")[2],) in forms))
        cands = list(compress(range(n), may))  # the loop acts only here: jump between them
        p, m = 0, len(cands)
        while True:
            p = bisect_left(cands, i, p)
            if p == m:
                break
            i = cands[p]
            hit = None
            for length in range(min(maxlen, n - i), 0, -1):
                key = tuple(lowers[i : i + length])
                role = forms.get(key)
                country = None
                if role is None and length == 1 and "-" in doc[i].text:
                    prefix, _, base = doc[i].text.rpartition("-")
                    role = forms.get((base.lower(),))
                    if role is not None:
                        country = kb.prefixes.get(prefix) or kb.country_for_word(prefix) \
                            or {"Nato": "NATO", "NATO": "NATO", "UN": "UN", "EU": "EU",
                                "Kreml": "RU"}.get(prefix)
                        if country is None:
                            role = None
                if role is not None:
                    if length > 1 or _is_cap(doc[i].text) == (lang == "de") or lang == "en":
                        hit = self._extend_role(doc, i, i + length, role, country, kb)
                    break
            if hit:
                hits.append(hit)
                i = hit.end
            else:
                i += 1
        return hits

    def _extend_role(self, doc: Doc, start: int, end: int, role: RoleNoun, country, kb):
        lang = self.lang
        country = role.country or country
        former = False
        s = start
        # left: adjectives / "Ukraine's" / "US" / determiner
        j = start - 1
        steps = 0
        left = False  # a country word on the left overrides a role's default country
        while j >= 0 and steps < 3:
            t = doc[j]
            if t.text in ("'s", "’s") and j > 0:
                c = kb.country_for_word(doc[j - 1].text)
                if c and not left:
                    country, s, j, left = c, j - 1, j - 2, True
                    steps += 2
                    continue
                break
            if t.text in kb.prefixes and not left:
                country, s, left = kb.prefixes[t.text], j, True
            elif t.lower_ in kb.adjectives and not left and not t.text.isupper():
                country, s, left = kb.adjectives[t.lower_], j, True
            elif lang == "de" and t.text.endswith("s") and kb.country_names.get(t.lower_[:-1]) \
                    and not left:
                country, s, left = kb.country_names[t.lower_[:-1]], j, True
            elif FORMER.match(t.text):
                former, s = True, j
            elif t.lower_ in DETERMINERS.get(lang, set()):
                s = j
                break
            elif t.is_alpha and t.is_lower and lang == "de" and re.search(r"(e|en|er|es|em)$",
                                                                            t.text):
                pass  # another adjective: "der neue ukrainische Präsident"
            else:
                break
            j -= 1
            steps += 1
        if s < start and doc[s].lower_ not in DETERMINERS.get(lang, set()) \
                and s > 0 and doc[s - 1].lower_ in DETERMINERS.get(lang, set()):
            s -= 1
        # right: "der USA", "Russlands", "of Russia", "of the United States"
        e = end
        if not country and e < len(doc):
            k = e
            if doc[k].lower_ in ("der", "des", "von", "of"):
                k += 1
                if k < len(doc) and doc[k].lower_ in ("the",):
                    k += 1
            for length in (3, 2, 1):
                if k + length > len(doc):
                    continue
                words = span_text(doc[k : k + length])
                c = kb.country_names.get(words.lower())
                if not c and lang == "de" and words.endswith("s"):
                    c = kb.country_names.get(words.lower()[:-1])
                if c and _is_cap(words) and (k > e or lang == "de"):
                    country, e = c, k + length
                    break
        return _RoleHit(s, e, role, country, former)

    def _apposition(self, doc, ent: Span, e: _Ent, role_by_end, consumed_roles, kb, day, add,
                    links, lead=None) -> None:
        lang = self.lang
        start = ent.start
        role_label = None
        country = None
        s = None
        h = role_by_end.get(start)
        if lead is not None:
            h = lead[2]
            if h is not None:
                consumed_roles.add(h.start)
                country = h.country
            role_label = lead[1]
            owner = links.get((doc[start - 1].idx, doc[start - 1].idx + len(doc[start - 1]))) \
                if start > 0 else None
            if owner and owner != e.id:
                e.affiliation = owner
            self._set_role(e, role_label, country, kb, lead[3])
            return
        agent = None
        if h is not None and not h.former:
            s = h.start
            consumed_roles.add(h.start)
            role_label, country, agent = h.role.label, h.country, h.role.agent
        else:
            tt = token_table(doc)
            idx, texts, text = tt.idx, tt.text, cached_text(doc)
            for length in (3, 2, 1):
                if start - length < 0:
                    continue
                words = _norm(text[idx[start - length]: idx[start - 1] + len(texts[start - 1])])
                t = kb.titles.get((lang, words))
                if t is not None:
                    s = start - length
                    role_label, agent = t[0] or None, t[1] or None
                    break
            if s is None:
                return
            # owner: "Putins außenpolitischer Berater", "Russia's ambassador"
            j = s - 1
            if j >= 0 and doc[j].text in ("'s", "’s"):
                j -= 1
            if j >= 0:
                owner_span = (doc[j].idx, doc[j].idx + len(doc[j].text))
                owner = links.get(owner_span)
                if owner and owner != e.id:
                    e.affiliation = owner
                else:
                    c = kb.country_for_word(doc[j].text) or (
                        kb.country_names.get(doc[j].lower_[:-1]) if lang == "de" else None)
                    if c:
                        country = c
        self._set_role(e, role_label, country, kb, agent)
        start_char = doc[s].idx
        e.mentions.pop((ent.start_char, ent.end_char), None)  # the name stays in ent_links
        add(e.id, lambda: e, start_char, ent.end_char, "apposition", ent.label_)


    @staticmethod
    def _set_role(e: _Ent, role_label, country, kb, agent: str | None) -> None:
        if role_label and not e.role:
            e.role = role_label
        elif role_label and e.role and role_label != e.role and "adviser" in role_label:
            e.role = role_label
        if country and not e.affiliation:
            e.affiliation = country
        if country and not e.country:
            e.country = country
        if e.actor_code is None and agent:
            # CAMEO codes a role without a known country by its agent alone ("MED", "GOV")
            cameo = kb.cameo(country) if country else ""
            if cameo is not None:
                e.actor_code = cameo + agent


def _acronym_after(doc: Doc, ent: Span) -> Span | None:
    """The all-caps short form in parentheses right after an organisation's name, if any."""
    k = ent.end
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        short = doc[k + 1]
        if re.fullmatch(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&\-]{1,9}", short.text):
            return doc[k + 1 : k + 2]
    return None


@Language.factory(
    spacy_factory("newsgraph.entities.v1"),
    default_config={"resolve_roles": True, "max_mentions": 1000, "link_pronouns": True},
    assigns=["doc._.entities", "doc._.ent_links"],
    requires=["doc.ents"],
)
def make_entities(nlp: Language, name: str, resolve_roles: bool, max_mentions: int,
                  link_pronouns: bool):
    return EntityNormaliser(nlp, name, resolve_roles, max_mentions, link_pronouns)


# --------------------------------------------------------------------------- public helpers

def country_for_adjective(token: Token | str, lang: str | None = None) -> str | None:
    """ISO 3166 alpha-2 for a country adjective or demonym in any German inflection or English
    ('russischen' → 'RU', 'Ukrainian' → 'UA', 'US-amerikanische' → 'US'), else None."""
    text = token.text if isinstance(token, Token) else str(token)
    kb = load_kb()
    low = text.lower()
    if low in kb.adjectives:
        return kb.adjectives[low]
    if low in kb.demonyms:
        return kb.demonyms[low]
    if text in kb.prefixes:
        return kb.prefixes[text]
    if "-" in text:
        head = text.split("-")[0]
        return kb.prefixes.get(head) or kb.adjectives.get(head.lower())
    return None


def actor_code_for_span(span: Span) -> str | None:
    """CAMEO actor code for any span an event component picks as an actor.

    A linked entity mention inside the span gives its entity's code (Putin → RUSGOV); otherwise
    a country word (adjective, demonym, name, 'US-' prefix) plus an agent noun gives
    country+role ('russische Luftangriffe' → RUSMIL, 'Russian troops' → RUSMIL,
    'ukrainische Hauptstadt' → UKR). Returns None rather than guessing."""
    doc = span.doc
    links = doc._.ent_links or {}
    kb = load_kb()
    lang = doc.lang_
    if links:
        by_id = {e.id: e for e in (doc._.entities or [])}
        for (s, e), eid in sorted(links.items(), key=lambda kv: (kv[0][0] - kv[0][1])):
            if span.start_char <= s and e <= span.end_char:
                ent = by_id.get(eid)
                if ent is None or not ent.actor_code:
                    continue
                if ent.type in ("GPE", "LOC") and len(ent.actor_code) == 3:
                    # "Russlands Armee": the place is a modifier, the head noun gives the role
                    for t in span:
                        if t.idx >= e or t.idx + len(t) <= s:
                            agent = kb.agent_for_noun(t.text, lang) if _is_cap(t.text) or \
                                lang == "en" else None
                            if agent:
                                return ent.actor_code + agent
                return ent.actor_code
    country = None
    agent = None
    for t in span:
        if country is None:
            if "-" in t.text and t.text.split("-")[0] in kb.prefixes:
                country = kb.prefixes[t.text.split("-")[0]]
                rest = t.text.split("-", 1)[1]
                agent = agent or kb.agent_for_noun(rest, lang)
                continue
            c = country_for_adjective(t) or kb.country_names.get(t.lower_)
            if c is None and lang == "de" and t.lower_.endswith("s") and _is_cap(t.text):
                c = kb.country_names.get(t.lower_[:-1])  # "Russlands Armee"
            if c is None and t.text in ("US", "U.S.", "UK", "USA"):
                c = kb.prefixes.get(t.text) or kb.country_names.get(t.lower_)
            if c:
                country = c
                continue
        if agent is None and (t.pos_ in ("NOUN", "PROPN") or _is_cap(t.text) or lang == "en"):
            agent = kb.agent_for_noun(t.text, lang)
    if country is None:
        return None
    cameo = kb.cameo(country)
    if cameo is None:
        return None
    return cameo + (agent or "") if agent and not cameo.startswith("IGO") else cameo
