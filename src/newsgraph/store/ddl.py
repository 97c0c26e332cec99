"""The DuckDB schema of a newsgraph store (documented in docs/store.md).

``articles`` keeps the full Article JSON (``doc``) so fields added to :mod:`newsgraph.schema`
later flow through without a schema rewrite; the other tables are normalised projections for
queries. No PRIMARY KEY / UNIQUE constraints: DuckDB's ART indexes slow bulk inserts and make
in-transaction updates fragile, and all writes go through one writer
(:class:`newsgraph.store.writer.StoreWriter`) that checks uniqueness itself.
"""

from __future__ import annotations

STORE_VERSION = "1"

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS article_seq START 1;
CREATE SEQUENCE IF NOT EXISTS event_seq START 1;
CREATE SEQUENCE IF NOT EXISTS error_seq START 1;
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR NOT NULL,            -- content hash of the cleaned text (Article.id)
    seq BIGINT NOT NULL,            -- insertion order (search-index catch-up, GKG record ids)
    url VARCHAR, canonical_url VARCHAR, source VARCHAR, title VARCHAR,
    published TIMESTAMP,            -- UTC, naive; date-only values at 00:00
    day DATE,
    language VARCHAR, analysed BOOLEAN, word_count INTEGER, tone DOUBLE,
    origin VARCHAR, ingested_at TIMESTAMP,
    cluster_id BIGINT,              -- story cluster
    text VARCHAR,
    -- the full Article (schema.Article JSON). Uncompressed: DuckDB's ZSTD segments make a point
    -- lookup decompress whole blocks of documents (258 ms at 2,400 articles vs ~2 ms without).
    doc JSON USING COMPRESSION uncompressed
);
-- every sighting of an article: the first and later copies with the same content or URL
CREATE TABLE IF NOT EXISTS copies (
    article_id VARCHAR, url VARCHAR, canonical_url VARCHAR, source VARCHAR,
    published TIMESTAMP, origin VARCHAR, seen_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR, entity_id VARCHAR, name VARCHAR, type VARCHAR, actor_code VARCHAR,
    country VARCHAR, role VARCHAR, n_mentions INTEGER, day DATE
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR, entity_id VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR,
    via VARCHAR, day DATE
);
CREATE TABLE IF NOT EXISTS locations (
    article_id VARCHAR, location_id VARCHAR, name VARCHAR, feature VARCHAR, feature_code VARCHAR,
    country VARCHAR, adm1 VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT, n_mentions INTEGER,
    first_offset INTEGER, day DATE
);
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR, idx INTEGER, kind VARCHAR, speaker VARCHAR, speaker_text VARCHAR,
    cue VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR, day DATE
);
CREATE TABLE IF NOT EXISTS amounts (
    article_id VARCHAR, idx INTEGER, value DOUBLE, kind VARCHAR, unit VARCHAR, object VARCHAR,
    per VARCHAR, qualifier VARCHAR, count_type VARCHAR, location VARCHAR,
    "start" INTEGER, "end" INTEGER, text VARCHAR
);
CREATE TABLE IF NOT EXISTS times (
    article_id VARCHAR, idx INTEGER, kind VARCHAR, granularity VARCHAR, value_start DATE,
    value_end DATE, value VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR
);
CREATE TABLE IF NOT EXISTS themes (
    article_id VARCHAR, code VARCHAR, label VARCHAR, score DOUBLE, n_matches INTEGER, day DATE
);
CREATE TABLE IF NOT EXISTS tone (
    article_id VARCHAR, tone DOUBLE, positive DOUBLE, negative DOUBLE, polarity DOUBLE,
    activity_density DOUBLE, self_group_density DOUBLE, word_count INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    event_seq BIGINT, article_id VARCHAR, event_id VARCHAR, cameo VARCHAR, cameo_base VARCHAR,
    cameo_root VARCHAR, plover VARCHAR, quad_class INTEGER, goldstein DOUBLE,
    source_entity VARCHAR, source_code VARCHAR, source_text VARCHAR,
    target_entity VARCHAR, target_code VARCHAR, target_text VARCHAR,
    location_id VARCHAR, location_name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
    event_date DATE, day DATE, negated BOOLEAN, hypothetical BOOLEAN, future BOOLEAN,
    reported BOOLEAN, confidence DOUBLE,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR
);
CREATE TABLE IF NOT EXISTS dup_groups (
    group_id VARCHAR, canonical_id VARCHAR, size INTEGER, first_published TIMESTAMP,
    created_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS duplicates (
    article_id VARCHAR, group_id VARCHAR, similarity DOUBLE
);
CREATE TABLE IF NOT EXISTS minhashes (
    article_id VARCHAR, n_shingles INTEGER, sig BLOB
);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id BIGINT, label VARCHAR, first_day DATE, last_day DATE, size INTEGER,
    centroid JSON              -- {term: weight}, top terms only
);
CREATE TABLE IF NOT EXISTS term_df (term VARCHAR, df INTEGER);
CREATE TABLE IF NOT EXISTS errors (
    seq BIGINT, origin VARCHAR, code VARCHAR, message VARCHAR, failed_at TIMESTAMP
);
"""

#: Tables with one or more rows per article (deleted together when an article is replaced).
ARTICLE_TABLES = (
    "copies", "entities", "mentions", "locations", "quotes", "amounts", "times", "themes", "tone",
    "events", "duplicates", "minhashes",
)
