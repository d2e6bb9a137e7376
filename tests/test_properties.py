"""Arbitrary text, bytes and JSON lines: no exception but the documented ones, every span
inside the text it points into."""

from __future__ import annotations

import datetime
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.articles import parse_document
from timeline.errors import DateError, InputError
from timeline.extract import extract_article, extraction_record
from timeline.extract.claims import extract_claims
from timeline.extract.timex import tag_timexes
from timeline.ingest import extract_jsonl
from timeline.inputs import Document, Skipped, read_documents

# Text that looks enough like news to reach the extractors' inner rules: words that trigger
# dates, cues, quotes and names, mixed with arbitrary characters.
NEWSY_WORDS = st.sampled_from([
    "said", "told", "reporters", "on", "Monday", "in", "October", "a", "year", "ago", "1950-53",
    "Jan.", "20,", "2003", "(Reuters)", "-", '"', "\u201c", "\u201d", "'", "he", "she", "The",
    "President", "George", "W.", "Bush", "Pyongyang", "U.N.", "was", "quoted", "as", "saying",
    "according", "to", "later", "will", "if", "\n\n", ",", ".", "SEOUL,", "By", "and",
    "#1 - JRL 7026", "Back to the Top", "4:25pm", "EDT", "last", "week", "1990s", "mid-2002",
])
NEWSY_TEXT = st.lists(st.one_of(NEWSY_WORDS, st.text(max_size=8)), max_size=80).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=400), NEWSY_TEXT)
DCT = st.one_of(st.none(), st.dates(min_value=datetime.date(1900, 1, 1),
                                    max_value=datetime.date(2100, 12, 31)))
RELAXED = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


def assert_span(span: dict, text: str) -> None:
    assert 0 <= span["start"] <= span["end"] <= len(text)
    assert text[span["start"]:span["end"]] == span["text"]


@RELAXED
@given(text=ANY_TEXT, dct=DCT)
def test_tagger_spans_stay_inside_the_text(text, dct):
    previous_end = 0
    for timex in tag_timexes(text, dct):
        assert_span(timex.as_dict(), text)
        assert timex.span.start >= previous_end
        previous_end = timex.span.end
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")


@RELAXED
@given(text=ANY_TEXT, dct=DCT)
def test_claim_spans_stay_inside_the_text(text, dct):
    for claim in extract_claims(text, dct=dct, timexes=tag_timexes(text, dct)):
        record = claim.as_dict()
        for key in ("source", "cue", "content"):
            if record[key] is not None:
                assert_span(record[key], text)
        assert 0.0 <= record["confidence"] <= 1.0


@RELAXED
@given(text=ANY_TEXT, dct=DCT)
def test_whole_extraction_spans_stay_inside_the_document(text, dct):
    try:
        articles = parse_document(text, date=dct)
    except DateError:
        return  # documented: an ambiguous or impossible date stops with a message
    for article in articles:
        assert text[article.start:article.end] == article.text
        record = extraction_record("doc", extract_article(article))
        for timex in record["timexes"]:
            assert_span(timex, text)
        for claim in record["claims"]:
            assert_span(claim["content"], text)
        for event in record["events"]:
            assert_span(event["evidence"], text)
            assert event["status"] in ("occurred", "scheduled", "reported", "ongoing",
                                       "hypothetical")


@RELAXED
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_with_a_message(raw, tmp_path_factory):
    path = tmp_path_factory.mktemp("bytes") / "input.txt"
    path.write_bytes(raw)
    try:
        items = list(read_documents([str(path)]))
    except InputError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
        return
    for item in items:
        assert isinstance(item, Document | Skipped)


@RELAXED
@given(lines=st.lists(st.one_of(
    st.text(max_size=60),
    st.builds(lambda text, dct: json.dumps({"doc_id": "d", "text": text, "dct": dct}),
              ANY_TEXT, st.one_of(st.none(), st.just("2003-01-20"), st.text(max_size=12))),
), max_size=5))
def test_arbitrary_json_lines_extract_or_name_the_bad_line(lines, tmp_path_factory):
    path = tmp_path_factory.mktemp("jsonl") / "input.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        records = list(extract_jsonl(path))
    except InputError as error:
        assert str(error).startswith(f"{path}:")
        return
    for record in records:
        assert set(record) >= {"doc_id", "article", "timexes", "claims", "events", "entities"}


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000e\u0301"),
               max_size=60))
@RELAXED
def test_content_hash_folds_whitespace_as_the_regex_does(text):
    import hashlib
    import re
    import unicodedata

    from timeline.store import content_hash

    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    assert content_hash(text) == hashlib.sha256(folded.encode("utf-8")).hexdigest()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_alias_keys_of_ascii_names_match_the_unicode_folding(name):
    import unicodedata

    from timeline.store import _NON_WORD, alias_key

    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace(".", "").replace("'", "").replace("\u2019", "")
    assert alias_key(name) == _NON_WORD.sub(" ", plain).strip()
