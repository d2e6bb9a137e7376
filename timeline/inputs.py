"""Read what people feed ``timeline``: files, folders, stdin, JSON lines and HTML pages.

Reading is separate from parsing: this module only turns bytes into decoded ``Document``
records (or ``Skipped`` notes); ``timeline.articles`` splits and parses them. Offsets that the
parser takes are offsets into ``Document.text`` exactly as decoded here.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from timeline.errors import InputError

# A single text or HTML file is decoded whole, so its size is capped; JSON lines are streamed.
MAX_FILE_BYTES = 50 * 1024 * 1024
# Looking for NUL bytes in the first block is how `grep` and `git` tell binary from text.
BINARY_SNIFF_BYTES = 8192
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SIDECAR_SUFFIX = ".json"
# Keys a sidecar PATH.json or a JSON line may declare about its article.
SIDECAR_KEYS = ("date", "collection", "issue", "item", "origin", "title")
JSONL_DECLARED_KEYS = ("id", "date", "title", "source")
# The extraction contract's JSON-lines shape uses other names for the same things.
JSONL_KEY_ALIASES = {"doc_id": "id", "dct": "date"}
# Undecodable in cp1252 (unassigned): a file with these bytes is read as latin-1 instead.
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass(frozen=True)
class Document:
    """One decoded input: a file, stdin, or one line of a JSON-lines file."""

    text: str
    origin: str
    encoding: str
    declared: Mapping[str, Any] = field(default_factory=dict)
    is_split_allowed: bool = True


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, with the one-line reason a user sees as a warning."""

    origin: str
    reason: str


def read_documents(
    paths: Sequence[str], *, stdin: TextIO | BinaryIO | None = None
) -> Iterator[Document | Skipped]:
    """Yield a ``Document`` for every readable input under ``paths``, in order.

    Takes file paths, folder paths (read recursively, in name order) and ``-`` for stdin
    (``stdin`` if given, else ``sys.stdin``). Yields ``Skipped`` for empty inputs and, inside a
    folder, for files that cannot be read. Raises ``InputError`` for a path named explicitly that
    is missing, binary, too large or (JSON lines) malformed, before yielding anything from it.
    """
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin)
            continue
        target = Path(path)
        if target.is_dir():
            yield from _read_folder(target)
        elif target.is_file():
            yield from _read_file(target)
        elif target.exists():
            raise InputError(f"{path}: not a regular file; give a file, a folder or -")
        else:
            raise InputError(f"{path}: no such file or folder; check the path")


def _read_folder(folder: Path) -> Iterator[Document | Skipped]:
    """Every file under ``folder``; a file that cannot be read is reported and skipped."""
    for file_path in _folder_files(folder):
        try:
            documents = _read_file(file_path)
        except InputError as error:
            yield Skipped(str(file_path), str(error))
            continue
        yield from documents


def _folder_files(folder: Path) -> Iterator[Path]:
    for root, dir_names, file_names in os.walk(folder):
        dir_names[:] = sorted(name for name in dir_names if not name.startswith("."))
        names = set(file_names)
        for name in sorted(file_names):
            if name.startswith(".") or _is_sidecar(name, names):
                continue
            yield Path(root) / name


def _is_sidecar(name: str, names_in_folder: set[str]) -> bool:
    """A ``NAME.json`` beside another ``NAME.*`` describes that file; it is no article."""
    if not name.endswith(SIDECAR_SUFFIX):
        return False
    stem = name[: -len(SIDECAR_SUFFIX)]
    return any(other != name and other.startswith(stem + ".") for other in names_in_folder)


def _read_file(path: Path) -> Iterator[Document | Skipped]:
    """The documents of one file. Everything that can make the file unreadable is checked
    before this returns (a JSON-lines file in a first streaming pass), so a caller gets
    ``InputError`` before any document of a bad file."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return _read_jsonl_file(path)
    size = path.stat().st_size
    if size == 0:
        return iter([Skipped(str(path), "empty file; nothing to read")])
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit for one"
            " file; split it or convert it to .jsonl"
        )
    text, encoding = decode_bytes(path.read_bytes(), origin=str(path))
    if not text.strip():
        return iter([Skipped(str(path), "empty file (only whitespace); nothing to read")])
    declared: dict[str, Any] = {}
    if name.endswith(HTML_SUFFIXES):
        text, declared = extract_html_text(text)
    declared.update(_read_sidecar(path))
    return iter([Document(text=text, origin=str(path), encoding=encoding, declared=declared)])


def _read_sidecar(path: Path) -> dict[str, Any]:
    """The ``PATH.json`` beside ``PATH.txt``, restricted to the keys a sidecar may declare."""
    sidecar = path.with_suffix(SIDECAR_SUFFIX)
    if sidecar == path or not sidecar.is_file():
        return {}
    try:
        content = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{sidecar}: not valid JSON ({error}); fix or remove it") from error
    if not isinstance(content, dict):
        raise InputError(f"{sidecar}: a sidecar must be a JSON object; fix or remove it")
    return {key: content[key] for key in SIDECAR_KEYS if content.get(key) is not None}


def decode_bytes(raw: bytes, *, origin: str) -> tuple[str, str]:
    """Decode ``raw`` as UTF-8, else cp1252, else latin-1; return ``(text, encoding)``.

    Raises ``InputError`` when the bytes look binary (NUL bytes near the start).
    """
    if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        raise InputError(f"{origin}: binary file (NUL bytes); give a text, HTML or .jsonl file")
    try:
        # utf-8-sig drops a byte-order mark, which is no part of the text.
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not CP1252_UNDEFINED.intersection(raw):
        return raw.decode("cp1252"), "cp1252"
    return raw.decode("latin-1"), "latin-1"


def _read_stdin(stream: IO[Any]) -> Iterator[Document | Skipped]:
    source = getattr(stream, "buffer", stream)
    content = source.read(MAX_FILE_BYTES + 1)
    if isinstance(content, str):
        text, encoding = content, "utf-8"
        too_large = len(content.encode("utf-8")) > MAX_FILE_BYTES
    else:
        too_large = len(content) > MAX_FILE_BYTES
        text, encoding = ("", "utf-8") if too_large else decode_bytes(content, origin="-")
    if too_large:
        raise InputError(
            f"-: stdin is over the {MAX_FILE_BYTES // 2**20} MB limit; save it as .jsonl and"
            " give the path"
        )
    if not text.strip():
        yield Skipped("-", "empty input on stdin; nothing to read")
        return
    if _looks_like_jsonl(text):
        lines = text.splitlines()
        _validate_jsonl_lines(enumerate(lines, start=1), "-")
        yield from _jsonl_documents(enumerate(lines, start=1), "-")
        return
    yield Document(text=text, origin="-", encoding=encoding)


def _looks_like_jsonl(text: str) -> bool:
    """Stdin carries JSON lines when its first line is an object with a ``text`` string."""
    first_line = text.lstrip().split("\n", 1)[0]
    if not first_line.startswith("{"):
        return False
    try:
        first = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(first, dict) and isinstance(first.get("text"), str)


# --- JSON lines --------------------------------------------------------------------------


def _read_jsonl_file(path: Path) -> Iterator[Document | Skipped]:
    """Validate the whole file in a first streaming pass, then stream its documents."""
    with _NumberedLines(path) as first_pass:
        _validate_jsonl_lines(first_pass, str(path))
    return _stream_jsonl_documents(path)


def _stream_jsonl_documents(path: Path) -> Iterator[Document | Skipped]:
    with _NumberedLines(path) as second_pass:
        yield from _jsonl_documents(second_pass, str(path))


class _NumberedLines:
    """Numbered decoded lines of a .jsonl or .jsonl.gz file, read lazily."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: gzip.GzipFile | BinaryIO | None = None

    def __enter__(self) -> Iterator[tuple[int, str]]:
        is_gzip = self.path.name.lower().endswith(".gz")
        stream = gzip.GzipFile(self.path, "rb") if is_gzip else open(self.path, "rb")
        self.stream = stream
        return self._numbered_lines(stream)

    def __exit__(self, *exc_info: object) -> None:
        if self.stream is not None:
            self.stream.close()

    def _numbered_lines(self, stream: Iterable[bytes]) -> Iterator[tuple[int, str]]:
        origin = str(self.path)
        try:
            for number, raw in enumerate(stream, start=1):
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise InputError(
                        f"{origin} line {number}: not UTF-8 ({error.reason}); JSON lines must be"
                        " UTF-8"
                    ) from error
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(
                f"{origin}: cannot read ({error}); is it a valid gzip file?"
            ) from error


def _validate_jsonl_lines(lines: Iterator[tuple[int, str]], origin: str) -> None:
    for number, line in lines:
        if line.strip():
            _parse_jsonl_line(line, origin, number)


def _parse_jsonl_line(line: str, origin: str, number: int) -> dict[str, Any]:
    """One JSON-lines record; raises ``InputError`` naming the file and line when malformed."""
    try:
        record = json.loads(line)
    except ValueError as error:
        raise InputError(
            f"{origin} line {number}: malformed JSON ({error}); fix the line"
        ) from error
    if not isinstance(record, dict):
        raise InputError(f'{origin} line {number}: expected a JSON object with a "text" string')
    for alias, key in JSONL_KEY_ALIASES.items():
        if alias in record and key not in record:
            record[key] = record[alias]
    if not isinstance(record.get("text"), str):
        raise InputError(f'{origin} line {number}: no "text" string; every line needs one')
    return record


def _jsonl_documents(lines: Iterator[tuple[int, str]], origin: str) -> Iterator[Document | Skipped]:
    for number, line in lines:
        if not line.strip():
            continue
        record = _parse_jsonl_line(line, origin, number)
        line_origin = f"{origin}:{number}"
        if not record["text"].strip():
            yield Skipped(line_origin, "empty text; nothing to read")
            continue
        declared = {key: record[key] for key in JSONL_DECLARED_KEYS if record.get(key) is not None}
        yield Document(
            text=record["text"],
            origin=line_origin,
            encoding="utf-8",
            declared=declared,
            is_split_allowed=False,
        )


# --- HTML --------------------------------------------------------------------------------

# Elements whose content is never article text.
HTML_SKIPPED_ELEMENTS = frozenset({"script", "style", "head", "noscript", "template", "svg"})
# Elements that end a line of text when they open or close.
HTML_BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4"
    " h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
HTML_PARAGRAPH_ELEMENTS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})


class _TextCollector(HTMLParser):
    """Collects the visible text of a page, a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in HTML_SKIPPED_ELEMENTS:
            self.skip_depth += 1
        elif tag == "img":
            # Alt text is what a saved page shows in place of an image; the parser sets it
            # aside as chrome, but it stays in the text so that offsets match what users saw.
            alt = dict(attrs).get("alt")
            if alt and not self.skip_depth:
                self.pieces.append(alt)
        elif tag in HTML_BLOCK_ELEMENTS:
            self._break_line(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in HTML_SKIPPED_ELEMENTS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in HTML_BLOCK_ELEMENTS:
            self._break_line(tag)

    def handle_data(self, content: str) -> None:
        if self.in_title:
            self.title_parts.append(content)
        if not self.skip_depth:
            # Source line breaks inside a paragraph are layout, not text.
            self.pieces.append(" ".join(content.split("\n")) if content.strip() else " ")

    def _break_line(self, tag: str) -> None:
        self.pieces.append("\n\n" if tag in HTML_PARAGRAPH_ELEMENTS else "\n")


def extract_html_text(html: str) -> tuple[str, dict[str, Any]]:
    """The visible text of an HTML page and ``{"title": ...}`` from its ``<title>``, if any.

    Offsets used later refer to the returned text, not to the HTML source.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = _tidy_extracted_text("".join(collector.pieces))
    title = " ".join("".join(collector.title_parts).split())
    return text, ({"title": title} if title else {})


def _tidy_extracted_text(text: str) -> str:
    """Trim trailing spaces and collapse runs of blank lines left by nested block elements."""
    lines = [line.strip() for line in text.split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip() + "\n"
