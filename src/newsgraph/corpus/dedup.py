"""Near-duplicate (syndicated copy) detection: MinHash LSH over word shingles.

Copies of an agency story differ by boilerplate, disclaimers, small edits and truncation.
Candidates come from datasketch's MinHashLSH at a low Jaccard threshold; each candidate is then
verified with the MinHash estimate of max(Jaccard, containment) — containment (overlap divided by
the smaller shingle set) keeps truncated copies, which have a low Jaccard with the full text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsgraph.errors import require

NUM_PERM = 128
SCHEME = "affine32"
SHINGLE_WORDS = 3
#: LSH candidate threshold (Jaccard) — deliberately low, verification decides.
LSH_THRESHOLD = 0.2
#: verified similarity (max of Jaccard and containment estimates) needed to call it a copy
MATCH_THRESHOLD = 0.5
#: below this many shingles a text is too short to call anything a copy of it
MIN_SHINGLES = 8
#: containment counts only when the smaller text has this many shingles (a short text that
#: shares one boilerplate sentence with another is not a copy of it)
CONTAINMENT_MIN_SHINGLES = 50

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word k-shingles of ``text`` as bytes (MinHash input)."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


@dataclass
class Signature:
    hashvalues: np.ndarray  # uint64 array of NUM_PERM values (all < 2**32)
    n_shingles: int

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype(np.uint32).tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes, n_shingles: int) -> "Signature":
        return cls(np.frombuffer(blob, dtype=np.uint32).astype(np.uint64), n_shingles)


@lru_cache(maxsize=1)
def _permutations():
    datasketch = require("datasketch", "corpus")
    return datasketch.MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _sha1(b: bytes) -> int:
    return int.from_bytes(hashlib.sha1(b).digest()[:4], "little")


def signature(text: str) -> Signature:
    """MinHash of the text's shingles (SHA-1 → 32 bits, as datasketch does; CRC-32 was 2× faster
    but measurably less precise on planted copies). Permutations are computed once per process —
    datasketch recomputes them for every MinHash, which dominated write time."""
    datasketch = require("datasketch", "corpus")
    sh = shingles(text)
    mh = datasketch.MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashfunc=_sha1,
                            permutations=_permutations())
    if sh:
        mh.update_batch(list(sh))
    return Signature(mh.hashvalues.copy(), len(sh))


def similarity(a: Signature, b: Signature) -> float:
    """Estimated max(Jaccard, containment) of the two shingle sets."""
    j = float(np.count_nonzero(a.hashvalues == b.hashvalues)) / len(a.hashvalues)
    small = min(a.n_shingles, b.n_shingles)
    if small < CONTAINMENT_MIN_SHINGLES:
        return j
    containment = j * (a.n_shingles + b.n_shingles) / ((1.0 + j) * small)
    return max(j, min(containment, 1.0))


class NearDuplicateIndex:
    """In-memory LSH over the signatures of a store (rebuilt from the ``minhashes`` table)."""

    def __init__(self) -> None:
        datasketch = require("datasketch", "corpus")
        self._datasketch = datasketch
        self.lsh = datasketch.MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, Signature] = {}

    def __len__(self) -> int:
        return len(self.signatures)

    def _minhash(self, sig: Signature):
        return self._datasketch.LeanMinHash(seed=1, hashvalues=sig.hashvalues, scheme=SCHEME)

    def add(self, key: str, sig: Signature) -> None:
        if key in self.signatures or sig.n_shingles < MIN_SHINGLES:
            return
        self.signatures[key] = sig
        self.lsh.insert(key, self._minhash(sig), check_duplication=False)

    def query(self, sig: Signature, threshold: float = MATCH_THRESHOLD) -> list[tuple[str, float]]:
        """Stored keys whose text is a near-duplicate of ``sig``, best first."""
        if sig.n_shingles < MIN_SHINGLES or not self.signatures:
            return []
        out = []
        for key in self.lsh.query(self._minhash(sig)):
            s = similarity(sig, self.signatures[key])
            if s >= threshold:
                out.append((key, s))
        return sorted(out, key=lambda x: -x[1])
