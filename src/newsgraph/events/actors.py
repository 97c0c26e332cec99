"""Actor spans in a sentence: entity mentions with CAMEO codes first, dictionary actors second.

``newsgraph.nlp.entities`` (when present) normalises entities and gives them CAMEO actor codes;
its mentions win. Where it gives none, PETRARCH-format actor and agent dictionaries are matched
over the tokens and combined the way CAMEO composes codes: country + agent
("ukrainischen Präsidenten" → UKR+GOV, "Präsidenten der USA" → USA+GOV, "Osgiliath soldiers" →
OSG+MIL, "Arnor's foreign minister" → ARN+GOVFRM).
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress, count
from dataclasses import dataclass
from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Span

from newsgraph.events.dictionaries import ActorDictionary, AgentDictionary
from newsgraph.nlp.lemma_keys import doc_text, token_bounds, token_table

LINKERS = {
    "de": {"DER", "DES", "VON", "VOM", "AUS", "IN", "IM"},
    "en": {"OF", "FROM", "IN", "FOR"},
}
DETS = {"DER", "DIE", "DAS", "DEN", "DEM", "DES", "EIN", "EINE", "EINEN", "EINER", "THE", "A", "AN"}
CONJ = {"UND", "SOWIE", "AND", ",", "&"}
PRONOUNS = {"de": {"ER", "SIE"}, "en": {"HE", "SHE"}}
ADJ_ENDINGS = {"de": ("ISCH", "ISCHE", "ISCHEN", "ISCHER", "ISCHES", "ISCHEM"),
               "en": ("IAN", "EAN", "ESE", "ISH")}


_UNSEEN = object()
_LEXICON_IDS = count()


@dataclass(slots=True)
class ActorSpan:
    start: int  # token index (doc)
    end: int
    code: str | None
    text: str
    entity: str | None = None
    kind: str = "actor"  # actor | agent | pronoun | place
    person: bool = False

    @property
    def country(self) -> str | None:
        return self.code[:3] if self.code and len(self.code) >= 3 else None


def _word_match(tok: str, word: str, exact: bool) -> bool:
    if tok == word:
        return True
    return not exact and len(word) >= 3 and tok.startswith(word)


def _match_phrase(words: list[str], i: int, phrase: list[tuple[str, bool]]) -> int:
    """Length of the match of ``phrase`` at ``words[i]``, 0 if none."""
    if i + len(phrase) > len(words):
        return 0
    for k, (w, exact) in enumerate(phrase):
        if not _word_match(words[i + k], w, exact):
            return 0
    return len(phrase)


def _by_second_word(found: list) -> tuple[list, dict[str, list]] | None:
    """The entries a word may start, longest first (in dictionary order among equals): the
    one-word phrases, and the longer ones keyed by the first three letters of their second word
    (a stem or exact word only matches a token starting with them), so that a token is only
    compared with the phrases its next token can continue."""
    if not found:
        return None
    order = sorted(range(len(found)), key=lambda k: -len(found[k][0]))
    single: list = []
    longer: dict[str, list] = {}
    for k in order:
        phrase, rec = found[k]
        if len(phrase) == 1:
            single.append((k, phrase, rec))
        else:
            longer.setdefault(phrase[1][0][:3], []).append((k, phrase, rec))
    return single, longer


def _longest(words: list[str], i: int, cands: tuple[list, dict[str, list]]):
    """(length, record) of the longest phrase matching at ``words[i]``; the first in dictionary
    order among equally long ones (as a scan over all of them would pick)."""
    single, longer = cands
    if i + 1 < len(words):
        for _, phrase, rec in longer.get(words[i + 1][:3], ()):
            n = _match_phrase(words, i, phrase)
            if n:
                return n, rec
    for _, phrase, rec in single:
        if _match_phrase(words, i, phrase):
            return 1, rec
    return None


class ActorLexicon:
    """Actor + agent dictionaries for one language, matched over token sequences."""

    def __init__(self, actors: ActorDictionary, agents: AgentDictionary, lang: str,
                 places: ActorDictionary | None = None) -> None:
        self.places = places
        # optional: the CAMEO code of an adjective the dictionaries lack (``nlp.events._actors``)
        self.adjective_code: Callable[[Span], str | None] | None = None
        self.actors = actors
        self.agents = agents
        self.lang = lang
        self._agent_stems: dict[str, list] = {}
        self._memo: dict = {}  # per dictionary: word → candidate entries
        self._inert: dict[str, bool] = {}  # word → no branch of ``find`` can use it
        self._needs_next: dict[str, frozenset] = {}  # (``_is_inert``)
        self._live_for: list[str] | None = None  # (``find``)
        self._gate_view: str | None = None
        self._live: list[int] = []
        self._adj_cache: dict[str, str | None] = {}
        for first, lst in agents.index.items():
            self._agent_stems.setdefault(first[:4], []).extend(lst)

    def _starts(self, w: str, dic) -> tuple | None:
        """The entries of ``dic`` that the word ``w`` can start (``_by_second_word``; None for
        none), computed once per word and dictionary."""
        memo = self._memo.get(id(dic))
        if memo is None:
            memo = self._memo[id(dic)] = {}
        cands = memo.get(w, _UNSEEN)
        if cands is _UNSEEN:
            if len(memo) > 100_000:
                memo.clear()
            found = list(dic.index.get(w, ()))
            found += [c for c in dic.stems.get(w[:4], ()) if w.startswith(c[0][0][0])]
            cands = memo[w] = _by_second_word(found)
        return cands

    def _agent_starts(self, w: str) -> tuple | None:
        """``_starts`` for the agent dictionary (stems only outside English)."""
        memo = self._memo.get("agents")
        if memo is None:
            memo = self._memo["agents"] = {}
        cands = memo.get(w, _UNSEEN)
        if cands is _UNSEEN:
            if len(memo) > 100_000:
                memo.clear()
            found = list(self.agents.index.get(w, ()))
            if self.lang != "en":
                found += self._agent_stems.get(w[:4], [])
            cands = memo[w] = _by_second_word(found)
        return cands

    def _actor_at(self, words: list[str], i: int, when: date | None, dic=None):
        cands = self._starts(words[i], dic or self.actors)
        if cands is None:
            return None
        best = _longest(words, i, cands)
        if best is None:
            return None
        code = best[1].code_on(when)
        return best[0], code, best[1]

    def _agent_at(self, words: list[str], i: int):
        cands = self._agent_starts(words[i])
        if cands is None:
            return None
        return _longest(words, i, cands)

    def _is_inert(self, w: str) -> bool:
        """No branch of ``find`` can use the word: it starts no dictionary entry and is no
        adjective, hyphenated word or pronoun (memoised; bounded). A word that starts only
        entries of two or more words ("THE", "IN", "A": one token in six, and hardly ever an
        actor) records in ``_needs_next`` the first three letters a next word must have."""
        inert = self._inert
        skip = inert.get(w)
        if skip is None:
            if len(inert) > 200_000:
                inert.clear()
                self._needs_next.clear()
            # (a word that starts no dictionary entry cannot start a match either)
            if not w.isalpha() and not any(ch.isalpha() for ch in w):
                skip = inert[w] = True
                return skip
            found = [self._starts(w, self.actors),
                     self._starts(w, self.places) if self.places is not None else None,
                     self._agent_starts(w)]
            other = w.endswith(ADJ_ENDINGS.get(self.lang, ("~",))) or ("-" in w and len(w) > 3) \
                or w in PRONOUNS.get(self.lang, ())
            skip = inert[w] = not other and all(f is None for f in found)
            if not skip and not other and not any(f[0] for f in found if f is not None):
                self._needs_next[w] = frozenset().union(*(f[1] for f in found if f is not None))
        return skip

    def find(self, sent: Span, when: date | None,
             views: tuple[list[str], list[str]] | None = None) -> list[ActorSpan]:
        """``views``: the Doc's words (upper case, original) when the caller has them already."""
        doc = sent.doc
        if views is not None:
            words = views[0][sent.start:sent.end]
            orig = views[1][sent.start:sent.end]
        else:
            orig = [t.text for t in sent]
            words = [w.upper() for w in orig]
        base = sent.start
        raw: list[ActorSpan] = []
        if views is not None:  # span texts from the Doc's text, not from Span objects
            idx, text, every = token_table(doc).idx, doc_text(doc), views[1]

            def span_text(a: int, b: int) -> str:
                return text[idx[a]:idx[b - 1] + len(every[b - 1])]
        else:
            def span_text(a: int, b: int) -> str:
                return doc[a:b].text
        # cheap per-token gates before the dictionary look-ups (most tokens start no entry)
        a_index, a_stems = self.actors.index, self.actors.stems
        p_index = self.places.index if self.places else None
        p_stems = self.places.stems if self.places else {}
        g_index = self.agents.index
        g_stems = self._agent_stems if self.lang != "en" else {}
        is_inert = self._is_inert
        needs_next = self._needs_next

        if views is not None:
            # the Doc's live tokens (those some branch below can use), found once per Doc: each
            # distinct token string's gate (``_gate``) comes from the token table's per-string
            # cache, spread over the tokens in C
            if self._live_for is not views[0]:
                self._live_for = views[0]
                view = self._gate_view
                if view is None:
                    view = self._gate_view = f"events.actor_gate.{next(_LEXICON_IDS)}"

                def gate(lex):
                    w = lex.orth_.upper()
                    if is_inert(w):
                        return False
                    return needs_next.get(w, True)

                gates = token_table(doc).lexical(view, gate)
                up, last = views[0], len(views[0]) - 1
                self._live = [k for k in compress(count(), gates) if (g := gates[k]) is True or
                              (k < last and up[k + 1][:3] in g)]
            live = self._live
            todo = [k - base for k in live[bisect_left(live, base):bisect_left(live, sent.end)]]
        else:
            todo = [k for k, w in enumerate(words) if not is_inert(w)]
        i = 0
        for k in todo:
            if k < i:
                continue  # inside the previous match
            i = k
            w = words[i]
            # English actors are names and name adjectives: capitalised ("the Kremlin", "Russian")
            hit = self._actor_at(words, i, when) if (self.lang != "en" or orig[i][:1].isupper()) \
                and (w in a_index or w[:4] in a_stems) else None
            if hit:
                n, code, rec = hit
                raw.append(ActorSpan(base + i, base + i + n, code, span_text(base + i, base + i + n),
                                     person=bool(code and len(code) > 3)))
                i += n
                continue
            if self.adjective_code is not None and w.endswith(ADJ_ENDINGS.get(self.lang, ("~",))) \
                    and (orig[i][:1].isupper() == (self.lang != "de") or i == 0):
                cache = self._adj_cache
                if w not in cache:
                    try:
                        cache[w] = self.adjective_code(doc[base + i: base + i + 1])
                    except Exception:  # noqa: BLE001 - an optional helper must not break coding
                        cache[w] = None
                code = cache[w]
                if code and len(code) == 3:
                    raw.append(ActorSpan(base + i, base + i + 1, code, orig[i]))
                    i += 1
                    continue
            pl = self._actor_at(words, i, when, self.places) \
                if p_index is not None and (w in p_index or w[:4] in p_stems) else None
            if pl:
                n, code, rec = pl
                raw.append(ActorSpan(base + i, base + i + n, code, span_text(base + i, base + i + n),
                                     kind="place"))
                i += n
                continue
            ag = self._agent_at(words, i) if w in g_index or w[:4] in g_stems else None
            if ag:
                n, rec = ag
                raw.append(ActorSpan(base + i, base + i + n,
                                     f"{rec.code}~" if rec.prefix else f"~{rec.code}",
                                     span_text(base + i, base + i + n), kind="agent"))
                i += n
                continue
            if "-" in w and len(w) > 3:  # "US-Präsident", "Kreml-Sprecher"
                parts = [p for p in w.split("-") if p]
                if len(parts) >= 2:
                    a = self._actor_at(parts[:1], 0, when)
                    g = self._agent_at(parts[-1:], 0)
                    if a and a[1]:
                        code = a[1]
                        if g and len(code) == 3:
                            code += g[1].code
                        raw.append(ActorSpan(base + i, base + i + 1, code, doc[base + i].text))
                    elif g:
                        raw.append(ActorSpan(base + i, base + i + 1, f"~{g[1].code}",
                                             doc[base + i].text, kind="agent"))
            if w in PRONOUNS.get(self.lang, ()) and not (self.lang == "de" and w == "SIE" and
                                                         doc[base + i].text == "Sie"):
                raw.append(ActorSpan(base + i, base + i + 1, None, doc[base + i].text, kind="pronoun"))
            i += 1
        return combine(raw, sent.doc, self.lang, views)


def combine(raw: list[ActorSpan], doc: Doc, lang: str,
            views: tuple[list[str], list[str]] | None = None) -> list[ActorSpan]:
    """Merge agents with neighbouring actors into composed codes; lone agents keep their role.
    ``views``: the Doc's words (upper case, original) when the caller has them."""
    if views is None:
        orig = [t.text for t in doc]
        views = ([w.upper() for w in orig], orig)
    up, orig = views
    text, idx = doc_text(doc), token_table(doc).idx

    def span_text(a: int, b: int) -> str:
        return text[idx[a]:idx[b - 1] + len(orig[b - 1])]

    out: list[ActorSpan] = []
    used: set[int] = set()
    linkers = LINKERS.get(lang, set())
    for k, a in enumerate(raw):
        if k in used:
            continue
        if a.kind != "agent":
            # actor directly followed by an agent: "Osgiliath soldiers", "Arnor's foreign minister"
            j = k + 1
            if j < len(raw) and raw[j].kind == "agent" and raw[j].start - a.end <= 1 and \
                    all(w in ("'s", "’s", "'") for w in orig[a.end:raw[j].start]) and \
                    a.code and a.kind == "actor":
                g = raw[j]
                # "Washington security officials" → USA+GOV; "White House officials" stay USAGOV
                code = _compose(a.code, g.code) if len(a.code) == 3 else a.code
                end = g.end
                used.add(j)
                n = j + 1  # apposed name: "Bree Prime Minister Romendacil"
                if n < len(raw) and raw[n].kind == "actor" and raw[n].start == end and \
                        (raw[n].code is None or (raw[n].code or "")[:3] == a.code[:3]):
                    end = raw[n].end
                    used.add(n)
                out.append(ActorSpan(a.start, end, code, span_text(a.start, end), a.entity,
                                     person=a.person))
                continue
            out.append(a)
            continue
        # agent: actor before it (adjective/name) or after it via linker / apposition
        prev = out[-1] if out and out[-1].kind == "actor" else None
        if prev is not None and a.start - prev.end <= 1 and prev.code and len(prev.code) == 3 and \
                all(w not in CONJ for w in up[prev.end:a.start]):
            out[-1] = ActorSpan(prev.start, a.end, _compose(prev.code, a.code), span_text(prev.start, a.end),
                                prev.entity)
            continue
        j = k + 1
        if j < len(raw) and raw[j].kind == "actor":
            nxt = raw[j]
            between = up[a.end:nxt.start]
            if not between or (len(between) <= 2 and between[0] in linkers and
                               all(b in DETS or b in linkers for b in between)):
                if nxt.code and len(nxt.code) > 3 and not between:  # apposition: "Kremlchef Putin"
                    code = nxt.code
                else:
                    code = _compose(nxt.code, a.code) if nxt.code else a.code
                out.append(ActorSpan(a.start, nxt.end, code, span_text(a.start, nxt.end), nxt.entity,
                                     person=nxt.person))
                used.add(j)
                continue
        out.append(ActorSpan(a.start, a.end, a.code.strip("~") if a.code else None, a.text,
                             kind="agent"))
    for x in out:  # a role-coded actor (RUSGOV, UKRGOV) can be what "er"/"he" refers to
        x.person = x.person or bool(x.code and len(x.code) > 3 and x.kind == "actor")
    return out


def _compose(actor: str | None, agent: str | None) -> str | None:
    if not agent:
        return actor
    if not actor:
        return agent.strip("~")
    if agent.endswith("~"):
        return agent[:-1] + actor
    role = agent.lstrip("~")
    if actor.endswith(role):
        return actor
    return actor + role


def entity_actors(doc: Doc, sent: Span, index: EntityIndex | None = None) -> list[ActorSpan]:
    """Actor spans from ``doc._.entities`` mentions inside ``sent`` (codes from entity linking).
    ``index``: the Doc's mentions sorted once (``EntityIndex``), for a Doc coded sentence by
    sentence."""
    if index is None:
        index = EntityIndex(doc)
    return index.inside(doc, sent.start_char, sent.end_char)


class EntityIndex:
    """The entity mentions of a Doc ordered by start, so that a sentence finds its own by
    bisection instead of scanning every mention of the article."""

    def __init__(self, doc: Doc) -> None:
        rows: list[tuple] = []
        for ent in doc._.entities or []:
            for m in ent.mentions:
                rows.append((m.start, len(rows), m, ent))
        rows.sort(key=lambda r: (r[0], r[1]))
        self.starts = [r[0] for r in rows]
        self.rows = rows

    def inside(self, doc: Doc, lo: int, hi: int) -> list[ActorSpan]:
        k = bisect_left(self.starts, lo)
        found = []
        while k < len(self.rows) and self.rows[k][0] <= hi:
            if self.rows[k][2].end <= hi:
                found.append(self.rows[k])
            k += 1
        found.sort(key=lambda r: r[1])  # entity by entity, as doc._.entities lists them
        out: list[ActorSpan] = []
        for _, _, m, ent in found:
            bounds = token_bounds(doc, m.start, m.end)
            if bounds is None:
                continue
            start, end = bounds
            out.append(ActorSpan(start, end, ent.actor_code, m.text, ent.id,
                                 kind="pronoun" if m.via == "pronoun" else "actor",
                                 person=ent.type == "PER"))
        return out


def merge_actor_layers(primary: list[ActorSpan], fallback: list[ActorSpan]) -> list[ActorSpan]:
    """Entity mentions win; dictionary actors fill gaps and lend codes to code-less entities."""
    out = []
    widened: set[int] = set()
    for n, p in enumerate(primary):
        for f in fallback:
            # "the government in Tbilisi" (GEO+GOV) is more than its name "Tbilisi" (GEO)
            if f.start <= p.start and p.end <= f.end and (f.end - f.start) > (p.end - p.start) \
                    and f.code and p.code and len(p.code) == 3 and f.code.startswith(p.code):
                primary[n] = p = ActorSpan(f.start, f.end, f.code, f.text, p.entity, f.kind, p.person)
                widened.add(n)
                break
        if p.code is None:
            for f in fallback:
                if f.start < p.end and p.start < f.end and f.code:
                    p = ActorSpan(p.start, p.end, f.code, p.text, p.entity, p.kind, p.person)
                    break
        out.append(p)
    for f in fallback:
        if not any(f.start < p.end and p.start < f.end for p in primary):
            out.append(f)
    out.sort(key=lambda a: a.start)
    return out
