"""Exports: JSONL, Parquet, and GDELT GKG 2.1 / Events 2.0 / Mentions in GDELT's exact layout.

Each GDELT column gets a format pattern; the test checks the pattern against GDELT's real rows
in ``../shared/data/gdelt/samples`` (so the pattern is GDELT's format, not ours) and then
against our export.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import date

import pytest

from newsgraph.analyze import analyze_articles
from newsgraph.errors import InvalidOptionError
from newsgraph.export import export
from newsgraph.ingest.prepare import prepare
from newsgraph.schema import (
    Actor, Amount, Article, Entity, Event, Location, Mention, Quote, Span, Theme, TimeExpr, Tone,
)
from newsgraph.store import Corpus

pytest.importorskip("duckdb")

NUM = r"-?\d+(\.\d+)?"
ANY = r".*"
LOC1 = r"\d#[^#;]*#[A-Z]{0,2}#[A-Z0-9]*#" + f"({NUM})?#({NUM})?" + r"#[-A-Z0-9]*"
LOC2 = r"\d#[^#;]*#[A-Z]{0,2}#[A-Z0-9]*#[A-Z0-9]*#" + f"({NUM})?#({NUM})?" + r"#[-A-Z0-9]*#\d+"
COUNT = r"[A-Z0-9_]+#" + NUM + r"#[^#;]*#\d#[^#;]*#[A-Z]{0,2}#[A-Z0-9]*#" + f"({NUM})?#({NUM})?" + r"#[-A-Z0-9]*"
NAMEOFF = r"[^;,]+,\d+"
QUOTE = r"\d+\|\d+\|[^|#]*\|[^#]*"


def seq(item: str, sep: str = ";", trailing: bool = True) -> str:
    return f"^({item})({sep}{item})*{sep + '?' if trailing else ''}$"


GKG_FORMATS = {
    "GKGRECORDID": r"^\d{14}-T?\d+$", "DATE": r"^\d{14}$", "SourceCollectionIdentifier": r"^[1-6]$",
    "SourceCommonName": r"^[^\t]+$", "DocumentIdentifier": r"^[^\t]+$",
    "Counts": f"^({COUNT};)+$", "V2Counts": f"^({COUNT}#\\d+;)+$",
    "Themes": r"^([A-Za-z0-9_]+;)+$", "V2Themes": seq(r"[A-Za-z0-9_]+,\d+"),
    "Locations": seq(LOC1), "V2Locations": seq(LOC2),
    "Persons": seq(r"[^;]+"), "V2Persons": seq(NAMEOFF),
    "Organizations": seq(r"[^;]+"), "V2Organizations": seq(NAMEOFF),
    "V2Tone": f"^{NUM}(,{NUM}){{5}},\\d+$", "Dates": seq(r"\d#\d+#\d+#\d+#\d+"),
    "GCAM": r"^wc:\d+(,[cv][\d.]+:[-\d.]+)*$", "SharingImage": ANY, "RelatedImages": ANY,
    "SocialImageEmbeds": ANY, "SocialVideoEmbeds": ANY, "Quotations": seq(QUOTE, "#", False),
    "AllNames": seq(NAMEOFF), "Amounts": f"^({NUM},[^,;]*,\\d+;)+$", "TranslationInfo": ANY,
    "Extras": r"^(<[A-Z_]+>[^<]*</[A-Z_]+>)+$",
}
GEO = {"Type": r"^[0-5]$", "FullName": ANY, "CountryCode": r"^[A-Z]{0,2}$",
       "ADM1Code": r"^[A-Z0-9]*$", "ADM2Code": r"^[A-Z0-9]*$", "Lat": f"^({NUM})?$",
       "Long": f"^({NUM})?$", "FeatureID": r"^[-A-Z0-9]*$"}
ACTOR = {"Code": r"^[A-Za-z0-9]*$", "Name": ANY, "CountryCode": r"^[A-Z]{0,3}$",
         "KnownGroupCode": r"^[A-Z]*$", "EthnicCode": r"^[a-z]*$", "Religion1Code": r"^[A-Z]*$",
         "Religion2Code": r"^[A-Z]*$", "Type1Code": r"^[A-Z]{0,3}$",
         "Type2Code": r"^[A-Z]{0,3}$", "Type3Code": r"^[A-Z]{0,3}$"}
EVENT_FORMATS = {
    "GLOBALEVENTID": r"^\d+$", "SQLDATE": r"^\d{8}$", "MonthYear": r"^\d{6}$", "Year": r"^\d{4}$",
    "FractionDate": r"^\d{4}\.\d{4}$",
    **{f"Actor{n}{k}": v for n in (1, 2) for k, v in ACTOR.items()},
    "IsRootEvent": r"^[01]$", "EventCode": r"^\d{3,4}$", "EventBaseCode": r"^\d{3}$",
    "EventRootCode": r"^\d{2}$", "QuadClass": r"^[1-4]$", "GoldsteinScale": f"^{NUM}$",
    "NumMentions": r"^\d+$", "NumSources": r"^\d+$", "NumArticles": r"^\d+$",
    "AvgTone": f"^{NUM}$",
    **{f"{g}Geo_{k}": v for g in ("Actor1", "Actor2", "Action") for k, v in GEO.items()},
    "DATEADDED": r"^\d{14}$", "SOURCEURL": r"^\S+$",
}
MENTION_FORMATS = {
    "GLOBALEVENTID": r"^\d+$", "EventTimeDate": r"^\d{14}$", "MentionTimeDate": r"^\d{14}$",
    "MentionType": r"^[1-6]$", "MentionSourceName": r"^[^\t]+$", "MentionIdentifier": r"^\S+$",
    "SentenceID": r"^\d+$", "Actor1CharOffset": r"^-?\d+$", "Actor2CharOffset": r"^-?\d+$",
    "ActionCharOffset": r"^-?\d+$", "InRawText": r"^[01]$", "Confidence": r"^\d{1,3}$",
    "MentionDocLen": r"^\d+$", "MentionDocTone": f"^{NUM}$", "MentionDocTranslationInfo": ANY,
    "Extras": ANY,
}


def columns(shared, name: str) -> list[str]:
    with open(shared / "data" / "gdelt" / "schema" / name, encoding="utf-8") as fh:
        return [row[0] for row in list(csv.reader(fh))[1:]]


def rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line]


def check(sample: list[list[str]], ours: list[list[str]], cols: list[str], formats: dict) -> None:
    assert list(formats) == cols  # the patterns cover GDELT's columns in GDELT's order
    assert ours, "nothing exported"
    for label, table in (("GDELT sample", sample), ("our export", ours)):
        for r in table:
            assert len(r) == len(cols), f"{label}: {len(r)} fields"
            for col, value in zip(cols, r):
                if value:
                    assert re.match(formats[col], value), f"{label} {col}: {value[:200]!r}"
    filled = {c for r in ours for c, v in zip(cols, r) if v}
    return filled


def _annotated() -> Article:
    text = ("Trump traf Putin am Freitag in Anchorage. Trump sagte: \"Wir hatten ein gutes "
            "Gespräch.\" Bei Angriffen starben 12 Menschen. Die Hilfe umfasst 1,5 Mrd. Euro.")
    i = text.index
    quote = "\"Wir hatten ein gutes Gespräch.\""
    return Article(
        id="annotated-1", text=text, language="de", published=date(2025, 8, 16),
        url="https://weltblick.example/annotated", source="Weltblick", title="Gipfel <live>",
        entities=[
            Entity(id="per:donald-trump", name="Donald Trump", type="PER", actor_code="USAGOV",
                   mentions=[Mention(start=0, end=5, text="Trump")]),
            Entity(id="per:wladimir-putin", name="Wladimir Putin", type="PER",
                   actor_code="RUSGOV", mentions=[Mention(start=11, end=16, text="Putin")]),
            Entity(id="org:nato", name="NATO", type="ORG", mentions=[]),
        ],
        locations=[Location(id="geo:5879400", name="Anchorage", feature="city", country="US",
                            adm1="AK", lat=61.21806, lon=-149.90028, geonameid=5879400,
                            mentions=[Mention(start=i("Anchorage"), end=i("Anchorage") + 9,
                                              text="Anchorage")])],
        quotes=[Quote(start=i(quote), end=i(quote) + len(quote), text=quote, kind="direct",
                      speaker="per:donald-trump", cue="sagte")],
        amounts=[
            Amount(start=i("12 Menschen"), end=i("12 Menschen") + 11, text="12 Menschen",
                   value=12, kind="count", object="Menschen", count_type="KILL",
                   location="geo:5879400"),
            Amount(start=i("1,5 Mrd. Euro"), end=i("1,5 Mrd. Euro") + 13, text="1,5 Mrd. Euro",
                   value=1.5e9, kind="money", unit="EUR", object="Euro"),
        ],
        times=[TimeExpr(start=i("Freitag"), end=i("Freitag") + 7, text="Freitag",
                        value_start=date(2025, 8, 15), value_end=date(2025, 8, 15))],
        themes=[Theme(code="NEGOTIATIONS", score=0.9,
                      matches=[Span(start=i("Gespräch"), end=i("Gespräch") + 8, text="Gespräch")])],
        tone=Tone(tone=-2.5, positive=1.25, negative=3.75, polarity=5.0, activity_density=10.0,
                  self_group_density=1.0, word_count=24),
        events=[Event(id="e1", cameo="042", cameo_base="042", cameo_root="04", quad_class=1,
                      goldstein=1.9, source=Actor(entity="per:donald-trump", code="USAGOV",
                                                  text="Trump", start=0, end=5),
                      target=Actor(entity="per:wladimir-putin", code="RUSGOV", text="Putin",
                                   start=11, end=16),
                      predicate=Span(start=6, end=10, text="traf"), location="geo:5879400",
                      date=date(2025, 8, 15), evidence=Span(start=0, end=41, text=text[:41]))],
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, anchorage_txt):
    db = tmp_path_factory.mktemp("export") / "x.duckdb"
    real = next(analyze_articles([prepare(
        anchorage_txt.read_text(encoding="utf-8"), origin="anchorage", published="2025-08-16",
        url="https://weltblick.example/anchorage", source="Weltblick")]))
    ann = _annotated()
    sighting = ann.model_copy(update={"url": "https://aggregator.example/9", "source": "Agg"})
    with Corpus(db) as c:
        c.add([real, ann])
        c.add([sighting])
    c = Corpus(db)
    yield c
    c.close()


def test_gkg_matches_gdelt_layout(corpus, shared, tmp_path):
    cols = columns(shared, "gkg2.columns.csv")
    assert len(cols) == 27
    with gzip.open(shared / "data" / "gdelt" / "samples" / "spark-gdelt.gkg.v2.part.tsv.gz",
                   "rt", encoding="utf-8") as fh:
        sample = rows(fh.read())
    res = export(corpus, "gkg", tmp_path / "out.gkg.csv")
    ours = rows((tmp_path / "out.gkg.csv").read_text(encoding="utf-8"))
    assert res.rows == len(ours) == 2
    filled = check(sample, ours, cols, GKG_FORMATS)
    assert {"Counts", "V2Counts", "Themes", "V2Themes", "Locations", "V2Locations", "Persons",
            "V2Persons", "V2Tone", "Dates", "Quotations", "AllNames", "Amounts",
            "Extras"} <= filled
    ann = next(r for r in ours if r[4] == "https://weltblick.example/annotated")
    row = dict(zip(cols, ann))
    assert row["V2Tone"].startswith("-2.5,1.25,3.75,5,10,1,24")
    assert row["Locations"].startswith("3#Anchorage") and "#US#" in row["Locations"]
    assert row["Dates"] == "4#8#15#2025#" + str(_annotated().text.index("Freitag"))
    assert "&lt;live" in row["Extras"] or "<live" not in row["Extras"]


def test_events_and_mentions_match_gdelt_layout(corpus, shared, tmp_path):
    samples = shared / "data" / "gdelt" / "samples"
    ecols = columns(shared, "events2.columns.csv")
    mcols = columns(shared, "mentions.columns.csv")
    assert (len(ecols), len(mcols)) == (61, 16)
    ev_sample = rows((samples / "spark-gdelt.events.v2.part.tsv").read_text(encoding="utf-8"))
    mn_sample = rows((samples / "spark-gdelt.mentions.v2.part.tsv").read_text(encoding="utf-8"))
    export(corpus, "events", tmp_path / "e.csv")
    export(corpus, "mentions", tmp_path / "m.csv")
    events = rows((tmp_path / "e.csv").read_text(encoding="utf-8"))
    mentions = rows((tmp_path / "m.csv").read_text(encoding="utf-8"))
    check(ev_sample, events, ecols, EVENT_FORMATS)
    check(mn_sample, mentions, mcols, MENTION_FORMATS)
    ev = dict(zip(ecols, next(r for r in events
                              if r[-1] == "https://weltblick.example/annotated")))
    assert ev["SQLDATE"] == "20250815" and ev["QuadClass"] == "1"
    assert ev["Actor1Code"] == "USAGOV" and ev["Actor1CountryCode"] == "USA"
    assert ev["Actor1Type1Code"] == "GOV" and ev["Actor2Code"] == "RUSGOV"
    assert ev["ActionGeo_CountryCode"] == "US" and ev["ActionGeo_FeatureID"] == "5879400"
    assert ev["NumSources"] == "2" and ev["NumArticles"] == "2"  # the sighting counts
    gid = ev["GLOBALEVENTID"]
    ms = [dict(zip(mcols, m)) for m in mentions if m[0] == gid]
    assert {m["MentionIdentifier"] for m in ms} == {"https://weltblick.example/annotated",
                                                    "https://aggregator.example/9"}
    assert all(m["ActionCharOffset"] == "6" and m["Actor2CharOffset"] == "11" for m in ms)


def test_jsonl_and_parquet(corpus, tmp_path):
    out = io.StringIO()
    res = export(corpus, "jsonl", stream=out)
    lines = out.getvalue().splitlines()
    assert res.rows == len(lines) == 2
    arts = [Article.model_validate_json(line) for line in lines]
    assert {a.id for a in arts} >= {"annotated-1"}
    assert export(corpus, "jsonl", stream=io.StringIO(), since="2025-08-17").rows == 0
    res = export(corpus, "parquet", tmp_path)
    import pyarrow.parquet as pq

    table = pq.read_table(res.path)
    assert table.num_rows == 2 and {"id", "text", "doc", "published"} <= set(table.column_names)
    doc = json.loads(table.column("doc").to_pylist()[0])
    assert doc["text"] == table.column("text").to_pylist()[0]


def test_export_paths_cannot_escape_their_directory(corpus, tmp_path):
    base = tmp_path / "exports"
    base.mkdir()
    for bad in ("../evil.jsonl", "/etc/newsgraph.jsonl", "sub/../../evil.jsonl"):
        with pytest.raises(InvalidOptionError):
            export(corpus, "jsonl", bad, base_dir=base)
    (tmp_path / "outside").mkdir()
    (base / "link").symlink_to(tmp_path / "outside")
    with pytest.raises(InvalidOptionError):
        export(corpus, "jsonl", "link/x.jsonl", base_dir=base)
    ok = export(corpus, "jsonl", "sub/ok.jsonl", base_dir=base)
    assert ok.path == str((base / "sub" / "ok.jsonl").resolve())
    with pytest.raises(InvalidOptionError):
        export(corpus, "xml", tmp_path / "x")
    with pytest.raises(InvalidOptionError):
        export(corpus, "parquet")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "gkg"])
def test_cli_export_to_new_directory_with_trailing_slash(fmt, tmp_path):
    import subprocess
    import sys

    from newsgraph.export import EXTENSIONS

    db = tmp_path / "s.duckdb"
    with Corpus(db) as c:
        c.add([_annotated()])
    out = tmp_path / "new" / "nested"
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph", "export", "--format", fmt, "--db", str(db),
         "-o", f"{out}/"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.is_dir(), "the trailing slash names a directory, not a file"
    assert [p.name for p in out.iterdir()] == [f"newsgraph{EXTENSIONS[fmt]}"]
    assert (out / f"newsgraph{EXTENSIONS[fmt]}").stat().st_size > 0
