"""Foundation: reading, decoding, HTML extraction, cleaning, language ID (issue 3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from newsgraph.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
    InvalidOptionError,
    NotAFileError,
    UnsupportedSchemeError,
)
from newsgraph.config import Limits
from newsgraph.ingest import prepare, read_source
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.html import looks_like_html


def _prep(path):
    raw = read_source(str(path))
    return prepare(raw.data, origin=raw.origin)


def test_html_example_metadata_and_text(anchorage_html):
    art = _prep(anchorage_html)
    assert art.title == "Nach dem Gipfel in Alaska: Putin gewinnt Zeit, Selenskyj gerät unter Druck"
    assert art.published == datetime(2025, 8, 16, 11, 42, tzinfo=timezone(timedelta(hours=2)))
    assert art.published.isoformat() == "2025-08-16T11:42:00+02:00"
    assert art.source == "Weltblick Nachrichten"
    assert art.canonical_url == "https://weltblick.example/politik/2025/08/16/gipfel-alaska-putin-selenskyj"
    assert art.description.startswith("Der russische Machthaber hat in Alaska")
    assert art.language == "de" and art.language_confidence > 0.9
    assert art.text.startswith("Der russische Machthaber")
    assert art.text.endswith("ist wohl vorbei.")
    assert [s.title for s in art.sections] == [
        "Kein Grund zum Aufatmen für Selenskyj",
        "Trump setzt Selenskyj unter Druck",
        "Russland bereitet die nächsten Angriffe bereits vor",
    ]
    for s in art.sections:
        assert art.text[s.start:s.end] == s.title
    for junk in ("Cookies", "Startseite", "Mehr zum Thema", "Newsletter", "Impressum", "Haftungsausschluss",
                 "Veröffentlicht am"):
        assert junk not in art.text
    assert [r.kind for r in art.removed] == ["disclaimer"]
    assert art.removed[0].text.startswith("Haftungsausschluss: Das Urheberrecht")


def test_text_example_matches_html(anchorage_txt, anchorage_html):
    txt = prepare(read_source(str(anchorage_txt)).data, origin="txt", published="2025-08-16")
    html = _prep(anchorage_html)
    assert txt.published == date(2025, 8, 16)
    assert txt.text == html.text
    assert txt.id == html.id
    assert [s.title for s in txt.sections] == [s.title for s in html.sections]
    assert [r.kind for r in txt.removed] == ["disclaimer"]


def test_attribution_line_is_no_heading():
    text = ("The guardrail would be examined, officials said, to determine if it had performed as designed.\n\n"
            "—Troy Roberts\n\n"
            "Another eyewitness described extensive tire marks and heat on the highway near the town.\n\n"
            "Road reopens\n\n"
            "The state had lanes closed last night as it worked to repair the damaged surface.")
    art = prepare(text, origin="t", published="2019-01-05")
    assert [s.title for s in art.sections] == ["Road reopens"]


def test_detects_html_by_content_not_extension(tmp_path, anchorage_html):
    disguised = tmp_path / "page.txt"
    disguised.write_bytes(anchorage_html.read_bytes())
    art = _prep(disguised)
    assert art.title.startswith("Nach dem Gipfel") and "Cookies" not in art.text
    assert not looks_like_html("Ein Satz mit <3 Herzen und a < b Vergleichen.")


BODY_DE = "Die Bundesregierung hat am Dienstag neue Hilfen für die Landwirtschaft beschlossen. " * 3
BODY_EN = "The government approved new support for farmers on Tuesday, officials said in a statement. " * 3


@pytest.mark.parametrize(
    "tail, kind, rule_prefix",
    [
        ("Haftungsausschluss: Das Urheberrecht dieses Artikels liegt bei seinem ursprünglichen Autor. "
         "Der Zweck dieses Artikels besteht in der erneuten Veröffentlichung.", "disclaimer", "de."),
        ("Disclaimer: The copyright of this article belongs to the original author. Reposting is for "
         "information purposes only and does not constitute investment advice.", "disclaimer", "en."),
        ("Avertissement : Le droit d'auteur de cet article appartient à l'auteur original. Cet article est "
         "republié à des fins d'information uniquement.", "disclaimer", "fr."),
        ("Descargo de responsabilidad: Los derechos de autor de este artículo pertenecen al autor original. "
         "Se publica solo con fines informativos.", "disclaimer", "es."),
        ("Dichiarazione di non responsabilità: Il copyright di questo articolo appartiene all'autore "
         "originale. Ripubblicato solo a scopo informativo.", "disclaimer", "it."),
        ("Disclaimer: Het auteursrecht van dit artikel berust bij de oorspronkelijke auteur. Dit artikel "
         "is alleen ter informatie opnieuw gepubliceerd.", "disclaimer", "nl."),
        ("Dieser Artikel erschien zuerst bei der Frankfurter Rundschau.", "syndication", "de."),
        ("This article originally appeared on The Conversation.", "syndication", "en."),
        ("Cet article a été publié initialement sur The Conversation.", "syndication", "fr."),
        ("Este artículo fue publicado originalmente en El País.", "syndication", "es."),
        ("Mehr zum Thema: Agrarminister fordert Entlastung", "related", "de."),
        ("Read more: Farmers protest in Brussels", "related", "en."),
        ("Jetzt unseren kostenlosen Newsletter abonnieren und nichts verpassen!", "newsletter", "de."),
        ("Sign up for our daily newsletter to get the news in your inbox.", "newsletter", "en."),
        ("Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.", "cookie", "de."),
        ("We use cookies to improve your experience on our site.", "cookie", "en."),
        ("© dpa-infocom, dpa:250816-930-123456/1", "credit", "common."),
        ("Startseite > Politik > Welt", "boilerplate", "de."),
        ("Home > News > World", "boilerplate", "en."),
    ],
)
def test_cleaning_rule_families(tail, kind, rule_prefix):
    body = BODY_EN if rule_prefix == "en." else BODY_DE
    art = prepare(f"{body}\n{tail}\n", origin="t")
    assert art.text == body.strip()
    assert [r.kind for r in art.removed] == [kind]
    assert art.removed[0].rule.startswith(rule_prefix)
    assert art.removed[0].text.strip() == tail.strip()


def test_disclaimer_glued_to_last_paragraph():
    art = prepare(BODY_EN + "Disclaimer: The copyright of this article belongs to the original author. Thanks.", origin="t")
    assert art.text == BODY_EN.strip()
    assert art.removed[0].kind == "disclaimer"


def test_related_heading_takes_its_link_list():
    text = BODY_DE + "\nMehr zum Thema\nNato-Gipfel: Die wichtigsten Ergebnisse\nÖlpreis steigt nach Sanktionsdrohung\n"
    art = prepare(text, origin="t")
    assert art.text == BODY_DE.strip()
    assert {r.kind for r in art.removed} == {"related"} and len(art.removed) == 3


@pytest.mark.parametrize(
    "lead, dateline, agency",
    [
        ("BERLIN (dpa) - ", "BERLIN", "dpa"),
        ("Kiew (AFP) – ", "Kiew", "AFP"),
        ("WASHINGTON (Reuters) - ", "WASHINGTON", "Reuters"),
        ("Frankfurt/Main (dpa/lhe) - ", "Frankfurt/Main", "dpa"),
    ],
)
def test_agency_dateline_becomes_metadata(lead, dateline, agency):
    body = BODY_EN if agency == "Reuters" else BODY_DE
    art = prepare(lead + body, origin="t")
    assert art.dateline == dateline and art.agency == agency
    assert art.text == body.strip()
    assert art.removed[0].kind == "dateline"


def test_withdrawn_fulltext_notice_is_boilerplate():
    notice = "Der Volltext dieses auf Agenturmeldungen basierenden Artikels steht aus rechtlichen Gründen nicht mehr zur Verfügung."
    art = prepare(f"Wien – Die Regierung hat neue Regeln beschlossen. {notice}\n{BODY_DE}", origin="t")
    assert "Volltext" not in art.text
    assert [r.kind for r in art.removed] == ["boilerplate"]


def test_trailing_agency_credit():
    art = prepare(BODY_DE + "(dpa)", origin="t")
    assert art.agency == "dpa" and art.text == BODY_DE.strip()


def test_language_identification_and_unanalysed_language():
    fr = prepare("Le gouvernement a approuvé mardi de nouvelles aides pour les agriculteurs, "
                 "a indiqué un communiqué officiel publié à Paris.", origin="t")
    assert fr.language == "fr" and fr.language_confidence > 0.5
    assert any("not analysed" in n for n in fr.notes)
    en = prepare(BODY_EN, origin="t")
    assert en.language == "en"


# ---- bad input -------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(50)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize(
    "data, error",
    [
        (b"", EmptyInputError),
        (b"   \n\t  \n", EmptyInputError),
        (PNG, BinaryInputError),
        (PDF, BinaryInputError),
        (b"PK\x03\x04" + bytes(40), BinaryInputError),
    ],
)
def test_bad_bytes(data, error):
    with pytest.raises(error) as info:
        decode_bytes(data, source="bad.bin")
    assert "bad.bin" in str(info.value) and info.value.code.startswith("E0")


def test_legacy_encodings_are_detected():
    text = "Die Bürger in Köln äußerten große Sorge über die Preiserhöhungen bei Öl und Gas. " * 4
    assert decode_bytes(text.encode("cp1252"), source="x") == text
    assert decode_bytes(text.encode("utf-16"), source="x") == text
    assert decode_bytes(text.encode("utf-16-le"), source="x") == text  # no BOM


def test_undecodable_bytes_say_so():
    garbage = bytes(range(128, 256)) * 40 + b"\x00" * 40
    with pytest.raises((EncodingError, BinaryInputError)) as info:
        decode_bytes(garbage, source="garbage.txt")
    assert "garbage.txt" in str(info.value)


def test_missing_path_directory_and_size(tmp_path):
    with pytest.raises(InputNotFoundError):
        read_source(str(tmp_path / "nope.txt"))
    with pytest.raises(NotAFileError):
        read_source(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InputTooLargeError) as info:
        read_source(str(big), limits=Limits(max_input_bytes=1024))
    assert "1,024" in str(info.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.txt", "javascript:alert(1)", "data:text/html,hi"])
def test_unsupported_schemes(url):
    with pytest.raises(UnsupportedSchemeError):
        read_source(url)


def test_bad_published_option():
    with pytest.raises(InvalidOptionError):
        prepare(BODY_DE, origin="t", published="16.08.2025")


def test_html_without_article_text():
    with pytest.raises(EmptyInputError) as info:
        prepare("<html><body><nav><a href='/'>Start</a></nav></body></html>", origin="empty.html")
    assert "empty.html" in str(info.value)


def test_control_and_bidi_characters_are_removed():
    art = prepare("Ein\u202e Satz\x00 mit\u200b Steuerzeichen über die Regierung in Berlin und ihre Pläne.", origin="t")
    assert "\u202e" not in art.text and "\x00" not in art.text and "\u200b" not in art.text
