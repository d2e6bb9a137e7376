"""Character spans into a text, the unit every extracted fact is anchored to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of Python string offsets and the text it covers.

    ``source_text[start:end] == text`` always holds for the text the span was taken from.
    """

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source_text: str, start: int, end: int) -> Span:
        """The span of ``source_text[start:end]``; raises ValueError when out of bounds."""
        if not 0 <= start <= end <= len(source_text):
            raise ValueError(f"span {start}:{end} is outside a text of {len(source_text)} chars")
        return cls(start, end, source_text[start:end])

    def shifted(self, offset: int) -> Span:
        """The same span, its offsets moved by ``offset`` (for text embedded in a larger one)."""
        return Span(self.start + offset, self.end + offset, self.text)

    def as_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "text": self.text}
