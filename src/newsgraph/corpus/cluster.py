"""Incremental story clustering: single-pass, centroid-based, within a time window.

Each article becomes a sparse TF-IDF vector over content words, entity ids (``@per:…``, weighted
up) and event triples (``!source|root|target``). It joins the most similar recent cluster (cosine
to the centroid ≥ ``threshold``, cluster active within ``window_days``) or starts a new one.
Near-duplicates always join their canonical article's cluster. Document frequencies grow with
the store (persisted as deltas in ``term_df``), so nothing is recomputed when articles arrive; a
cluster's label is its top entity names plus top terms. Candidate clusters come from an inverted
index over centroid terms, so assignment cost does not grow with the number of clusters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from newsgraph.schema import Article

WINDOW_DAYS = 3
THRESHOLD = 0.3
TOP_TERMS = 50
#: an article's strongest terms that fetch candidate clusters from the inverted index
CANDIDATE_TERMS = 12
CENTROID_TERMS = 80
ENTITY_WEIGHT = 2.0
EVENT_WEIGHT = 1.5
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.en.stop_words import STOP_WORDS as EN

    return frozenset(w.lower() for w in (*DE, *EN))


def article_terms(article: Article) -> Counter[str]:
    """Raw term counts: words, entity ids and event triples of one article."""
    stop = _stop_words()
    text = f"{article.title or ''}\n{article.text}"
    counts: Counter[str] = Counter(
        w for w in (m.lower() for m in _WORD.findall(text)) if w not in stop
    )
    for ent in article.entities:
        counts[f"@{ent.id}"] += max(1, len(ent.mentions)) * ENTITY_WEIGHT
    for ev in article.events:
        src = ev.source.entity or ev.source.code if ev.source else None
        tgt = ev.target.entity or ev.target.code if ev.target else None
        counts[f"!{src}|{ev.cameo_root}|{tgt}"] += EVENT_WEIGHT
    return counts


@dataclass
class Cluster:
    id: int
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member vectors (top terms)
    size: int = 0
    first_day: date | None = None
    last_day: date | None = None
    names: dict[str, str] = field(default_factory=dict)  # entity id → name, for labels

    def norm(self) -> float:
        return math.sqrt(sum(v * v for v in self.centroid.values())) or 1.0

    def label(self) -> str:
        ranked = sorted(self.centroid.items(), key=lambda kv: -kv[1])
        ents = [self.names.get(t[1:], t[1:]) for t, _ in ranked if t.startswith("@")][:3]
        words = [t for t, _ in ranked if t[0] not in "@!"][:4]
        return " · ".join(ents + words)

    def to_row(self) -> dict[str, Any]:
        import json

        top = dict(sorted(self.centroid.items(), key=lambda kv: -kv[1])[:CENTROID_TERMS])
        return {
            "cluster_id": self.id, "label": self.label(), "first_day": self.first_day,
            "last_day": self.last_day, "size": self.size,
            "centroid": json.dumps({"terms": top, "names": self.names}, ensure_ascii=False),
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Cluster":
        import json

        data = json.loads(row["centroid"] or "{}")
        return cls(
            id=row["cluster_id"], centroid=data.get("terms", {}), size=row["size"],
            first_day=row["first_day"], last_day=row["last_day"], names=data.get("names", {}),
        )


class StoryClusterer:
    """Assigns articles to story clusters; state is loaded from and saved to the store."""

    def __init__(
        self, df: dict[str, int], n_docs: int, clusters: list[Cluster], next_id: int,
        *, window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD,
    ) -> None:
        self.df = df
        self.n_docs = n_docs
        self.window = timedelta(days=window_days)
        self.threshold = threshold
        self.clusters: dict[int, Cluster] = {}
        self.postings: dict[str, set[int]] = {}
        self.next_id = next_id
        self.changed: set[int] = set()
        self.df_delta: Counter[str] = Counter()
        for c in clusters:
            self._put(c)

    def _put(self, c: Cluster) -> None:
        old = self.clusters.get(c.id)
        if old is not None:
            for t in old.centroid:
                self.postings.get(t, set()).discard(c.id)
        self.clusters[c.id] = c
        for t in c.centroid:
            self.postings.setdefault(t, set()).add(c.id)

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        n = self.n_docs + 1
        weights = {
            t: (1 + math.log(c)) * (math.log((n + 1) / (self.df.get(t, 0) + 1)) + 1)
            for t, c in counts.items() if c > 0
        }
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:TOP_TERMS]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        return {t: v / norm for t, v in top}

    def _active(self, c: Cluster, day: date | None) -> bool:
        if day is None or c.last_day is None:
            return (day is None) == (c.last_day is None)
        return c.first_day - self.window <= day <= c.last_day + self.window

    def best(self, vec: dict[str, float], day: date | None) -> tuple[int | None, float]:
        candidates: set[int] = set()
        for t in sorted(vec, key=vec.__getitem__, reverse=True)[:CANDIDATE_TERMS]:
            candidates |= self.postings.get(t, set())
        best_id, best_sim = None, 0.0
        for cid in candidates:
            c = self.clusters[cid]
            if not self._active(c, day):
                continue
            sim = sum(v * c.centroid.get(t, 0.0) for t, v in vec.items()) / c.norm()
            if sim > best_sim:
                best_id, best_sim = cid, sim
        return best_id, best_sim

    def assign(self, article: Article, day: date | None, *, forced: int | None = None) -> int:
        """The cluster id for ``article`` (``forced``: join that cluster, e.g. a copy's)."""
        counts = article_terms(article)
        self.n_docs += 1
        for t in counts:
            self.df[t] = self.df.get(t, 0) + 1
            self.df_delta[t] += 1
        vec = self.vector(counts)
        cid = forced if forced in self.clusters else None
        if cid is None:
            cid, sim = self.best(vec, day)
            if sim < self.threshold:
                cid = None
        if cid is None:
            cid = self.next_id
            self.next_id += 1
            cluster = Cluster(id=cid)
        else:  # a copy: _put must see the old centroid to drop its terms' postings
            cluster = replace(self.clusters[cid], names=dict(self.clusters[cid].names))
        merged = dict(cluster.centroid)
        for t, v in vec.items():
            merged[t] = merged.get(t, 0.0) + v
        cluster.centroid = dict(sorted(merged.items(), key=lambda kv: -kv[1])[:CENTROID_TERMS])
        cluster.size += 1
        if day is not None:
            cluster.first_day = min(cluster.first_day or day, day)
            cluster.last_day = max(cluster.last_day or day, day)
        for ent in article.entities:
            if f"@{ent.id}" in cluster.centroid:
                cluster.names.setdefault(ent.id, ent.name)
        cluster.names = {k: v for k, v in cluster.names.items() if f"@{k}" in cluster.centroid}
        self._put(cluster)
        self.changed.add(cid)
        return cid

    def evict(self, *, keep_days: int, max_undated: int = 20_000) -> int:
        """Forget clusters that can no longer be joined: dated ones whose last day is more than
        ``keep_days`` before the newest, and all but the newest ``max_undated`` undated ones.
        They stay in the store; memory stays bounded on a growing store."""
        dated = [c.last_day for c in self.clusters.values() if c.last_day is not None]
        drop = []
        if dated:
            horizon = max(dated) - timedelta(days=keep_days)
            drop = [cid for cid, c in self.clusters.items()
                    if c.last_day is not None and c.last_day < horizon and cid not in self.changed]
        undated = sorted(cid for cid, c in self.clusters.items() if c.last_day is None)
        drop += [cid for cid in undated[:-max_undated] if cid not in self.changed]
        for cid in drop:
            for t in self.clusters.pop(cid).centroid:
                posting = self.postings.get(t)
                if posting is not None:
                    posting.discard(cid)
                    if not posting:
                        del self.postings[t]
        return len(drop)

    def take_changes(self) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """Rows of changed clusters and df deltas since the last call (for the writer)."""
        rows = [self.clusters[c].to_row() for c in sorted(self.changed)]
        delta = dict(self.df_delta)
        self.changed.clear()
        self.df_delta.clear()
        return rows, delta
