import gzip
import io
import json
from pathlib import Path

import pytest

from timeline import inputs
from timeline.errors import InputError
from timeline.inputs import Document, Skipped, decode_bytes, extract_html_text, read_documents

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("MOSCOW — talks".encode(), ("MOSCOW — talks", "utf-8")),
        (b"\xef\xbb\xbfBOM first", ("BOM first", "utf-8")),
        (b"\x93Quoted\x94 in cp1252", ("“Quoted” in cp1252", "cp1252")),
        (b"Stra\xdfe \x81 latin-1", ("Straße \x81 latin-1", "latin-1")),
    ],
)
def test_decode_bytes_detects_the_encoding(raw, expected):
    assert decode_bytes(raw, origin="x") == expected


def test_text_file_with_its_sidecar(tmp_path):
    story = write(tmp_path / "a.txt", "LONDON, May 2 (Reuters) - Prices rose.\n")
    write(tmp_path / "a.json", json.dumps({"date": "2003-01-20", "item": 1, "other": "x"}))
    [document] = read_documents([str(story)])
    assert document == Document(
        text="LONDON, May 2 (Reuters) - Prices rose.\n",
        origin=str(story),
        encoding="utf-8",
        declared={"date": "2003-01-20", "item": 1},
        is_split_allowed=True,
    )


def test_folder_is_read_recursively_and_sidecars_are_not_documents(tmp_path):
    write(tmp_path / "b.txt", "Second story.")
    write(tmp_path / "b.json", '{"date": "2001-05-02"}')
    write(tmp_path / "sub" / "a.txt", "First story.")
    write(tmp_path / ".hidden", "not read")
    documents = list(read_documents([str(tmp_path)]))
    assert [(Path(d.origin).name, d.text) for d in documents] == [
        ("b.txt", "Second story."),
        ("a.txt", "First story."),
    ]
    assert documents[0].declared == {"date": "2001-05-02"}


def test_seed_folder_reads_the_seed_with_its_declared_issue():
    [document] = read_documents([str(SEEDS)])
    assert document.declared["issue"] == "JRL 7026"
    assert document.text.startswith("Old Saint Basil's Cathedral")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file or folder"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary file \(NUL bytes\)"),
        ("bad.jsonl", '{"text": "ok"}\n{"text": \n', "bad.jsonl line 2: malformed JSON"),
        ("notext.jsonl", '{"title": "no text"}\n', 'notext.jsonl line 1: no "text" string'),
        ("list.jsonl", "[1, 2]\n", "list.jsonl line 1: expected a JSON object"),
        ("broken.jsonl.gz", b"not gzip at all", "is it a valid gzip file?"),
    ],
)
def test_explicit_paths_that_cannot_be_read_raise_one_line_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        write(path, content)
    documents = read_documents([str(path)])
    with pytest.raises(InputError, match=message) as raised:
        next(documents)
    assert "\n" not in str(raised.value)


def test_bad_files_in_a_folder_are_skipped_and_the_rest_read(tmp_path):
    write(tmp_path / "a_binary.dat", b"\x00\x01\x02")
    write(tmp_path / "b_bad.jsonl", '{"text": "fine"}\nnot json\n')
    write(tmp_path / "c_empty.txt", b"")
    write(tmp_path / "d_good.txt", "A good story.")
    results = list(read_documents([str(tmp_path)]))
    assert [type(result).__name__ for result in results] == [
        "Skipped",
        "Skipped",
        "Skipped",
        "Document",
    ]
    assert "binary" in results[0].reason
    assert "line 2" in results[1].reason
    assert "empty" in results[2].reason
    assert results[3].text == "A good story."


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_json_lines_are_one_article_a_line(tmp_path, suffix):
    lines = [
        {"id": "d1", "date": "2006-10-20", "title": "T1", "text": "One.", "source": "s"},
        {"id": "d2", "text": "   "},
        {"doc_id": "d3", "dct": "2007-01-02", "text": "Three."},
    ]
    content = "".join(json.dumps(line) + "\n" for line in lines) + "\n"
    raw = gzip.compress(content.encode()) if suffix.endswith(".gz") else content.encode()
    path = write(tmp_path / f"dump{suffix}", raw)
    results = list(read_documents([str(path)]))
    assert results[0] == Document(
        text="One.",
        origin=f"{path}:1",
        encoding="utf-8",
        declared={"id": "d1", "date": "2006-10-20", "title": "T1", "source": "s"},
        is_split_allowed=False,
    )
    assert results[1] == Skipped(f"{path}:2", "empty text; nothing to read")
    assert results[2].declared == {"id": "d3", "date": "2007-01-02"}


def test_html_page_text_with_offsets_into_the_extracted_text(tmp_path):
    page = (
        "<html><head><title>Envoy talks</title><style>p {}</style></head><body>"
        '<img alt="Site banner"><h1>Envoy says talks went well</h1>'
        "<p>SEOUL, Jan 20 (Reuters) - A Russian envoy &amp; officials\nmet.</p>"
        "<script>var x = 1;</script><p>Second paragraph.</p></body></html>"
    )
    path = write(tmp_path / "page.html", page)
    [document] = read_documents([str(path)])
    assert document.text == (
        "Site banner\n\nEnvoy says talks went well\n\n"
        "SEOUL, Jan 20 (Reuters) - A Russian envoy & officials met.\n\n"
        "Second paragraph.\n"
    )
    assert document.declared == {"title": "Envoy talks"}


def test_extract_html_text_skips_scripts():
    text, declared = extract_html_text("<p>Kept</p><script>dropped()</script>")
    assert (text, declared) == ("Kept\n", {})


@pytest.mark.parametrize(
    "stream, expected",
    [
        (io.BytesIO(b"Story on stdin."), [("-", "Story on stdin.", "utf-8")]),
        (io.StringIO("Text stream."), [("-", "Text stream.", "utf-8")]),
        (io.BytesIO(b"\x93cp1252\x94"), [("-", "“cp1252”", "cp1252")]),
        (
            io.StringIO('{"id": "x", "text": "From a line."}\n'),
            [("-:1", "From a line.", "utf-8")],
        ),
    ],
)
def test_stdin(stream, expected):
    documents = list(read_documents(["-"], stdin=stream))
    assert [(d.origin, d.text, d.encoding) for d in documents] == expected


def test_empty_stdin_is_skipped():
    assert list(read_documents(["-"], stdin=io.BytesIO(b"  \n"))) == [
        Skipped("-", "empty input on stdin; nothing to read")
    ]


def test_files_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 10)
    path = write(tmp_path / "big.txt", "x" * 11)
    with pytest.raises(InputError, match="limit for one file"):
        next(read_documents([str(path)]))
