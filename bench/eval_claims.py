"""Score the claims extractor on PolNeAR attributions with the shared scorer.

    .venv/bin/python bench/eval_claims.py [--split train|dev] [--errors N] [--check FLOORS_JSON]

Prints content-match precision, recall and F1 at 30% and 80% overlap, with source and cue
accuracy among matches. ``--check`` exits 1 naming every score below its floor in a file like
``{"claims": {"f1_at_0.3": 60.0, "source_accuracy_at_0.3": 85.0}}``. ``--errors N`` prints N
missed and N spurious claims (study train, not dev). Skips cleanly when the data is missing.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.extract.claims import extract_claims  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL_DIR = SHARED / "eval"
SPLIT_FILES = {"train": "polnear_train.jsonl", "dev": "polnear_dev.jsonl"}
THRESHOLDS = ("0.3", "0.8")


def load_scorer():
    """The shared scorer module (score_claims.py), loaded from its path."""
    spec = importlib.util.spec_from_file_location("score_claims", EVAL_DIR / "score_claims.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def article_date(doc: dict) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(doc.get("publication_date"))[:10])
    except ValueError:
        return None


def predict(docs: list[dict]) -> tuple[dict[str, list[dict]], float]:
    """Claims for each document as scorer dicts, and the seconds it took."""
    started = time.perf_counter()
    predictions = {}
    for doc in docs:
        claims = extract_claims(doc["text"], dct=article_date(doc))
        predictions[doc["doc_id"]] = [claim.as_dict() for claim in claims]
    return predictions, time.perf_counter() - started


def flat_scores(result: dict) -> dict[str, float | None]:
    """Scores keyed as in the floors file: f1_at_0.3, source_accuracy_at_0.3, ..."""
    scores: dict[str, float | None] = {}
    for threshold in THRESHOLDS:
        block = result[f"at_{threshold}"]
        scores[f"precision_at_{threshold}"] = block["P"]
        scores[f"recall_at_{threshold}"] = block["R"]
        scores[f"f1_at_{threshold}"] = block["F1"]
        scores[f"source_accuracy_at_{threshold}"] = block["source_accuracy"]
        scores[f"cue_accuracy_at_{threshold}"] = block["cue_accuracy"]
    return scores


def below_floors(scores: dict[str, float | None], floors_path: Path) -> list[str]:
    floors = json.loads(floors_path.read_text(encoding="utf-8")).get("claims", {})
    failures = []
    for key, floor in floors.items():
        value = scores.get(key)
        if value is None or value < floor:
            failures.append(f"{key} = {value} is below the floor {floor}")
    return failures


def print_errors(scorer, docs: list[dict], predictions: dict, count: int) -> None:
    """A random sample of missed gold quotes and spurious predictions at 30% overlap."""
    missed, spurious, wrong_source = [], [], []
    for doc in docs:
        gold, pred = doc["quotes"], predictions[doc["doc_id"]]
        matched = scorer.match_doc(gold, pred, 0.3)
        matched_gold = {id(g) for g, _ in matched}
        matched_pred = {id(p) for _, p in matched}
        missed += [(doc, g) for g in gold if id(g) not in matched_gold]
        spurious += [(doc, p) for p in pred if id(p) not in matched_pred]
        wrong_source += [
            (doc, g, p) for g, p in matched
            if g.get("source") and scorer.overlap(g["source"], p.get("source")) == 0
        ]
    chooser = random.Random(7)
    print(f"\n== missed ({len(missed)})")
    for doc, gold in chooser.sample(missed, min(count, len(missed))):
        print(f"- [{gold['kind']}] src={_text(gold['source'])!r} cue={_text(gold['cue'])!r}")
        print(f"  content: {_text(gold['content'])[:160]!r}")
        print(f"  context: {_context(doc['text'], gold['content'])!r}")
    print(f"\n== spurious ({len(spurious)})")
    for _doc, pred in chooser.sample(spurious, min(count, len(spurious))):
        print(f"- [{pred['pattern']}] src={_text(pred['source'])!r} cue={_text(pred['cue'])!r}")
        print(f"  content: {_text(pred['content'])[:160]!r}")
    print(f"\n== wrong source ({len(wrong_source)})")
    for _doc, gold, pred in chooser.sample(wrong_source, min(count, len(wrong_source))):
        print(f"- gold src={_text(gold['source'])!r} cue={_text(gold['cue'])!r} | "
              f"pred [{pred['pattern']}] src={_text(pred['source'])!r} cue={_text(pred['cue'])!r}")
        print(f"  content: {_text(gold['content'])[:120]!r}")


def _text(span: dict | None) -> str | None:
    return span.get("text") if span else None


def _context(text: str, span: dict) -> str:
    return text[max(0, span["start"] - 120) : span["end"] + 80].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLIT_FILES), default="dev")
    parser.add_argument("--check", type=Path, help="floors JSON; exit 1 when below a floor")
    parser.add_argument("--errors", type=int, default=0, help="print N error examples")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = parser.parse_args(argv)
    gold_path = EVAL_DIR / "claims" / SPLIT_FILES[args.split]
    if not gold_path.exists() or not (EVAL_DIR / "score_claims.py").exists():
        print(f"skipped: {gold_path} or the scorer is missing")
        return 0
    scorer = load_scorer()
    docs = scorer.load(str(gold_path))
    if args.limit:
        docs = docs[: args.limit]
    predictions, seconds = predict(docs)
    result = scorer.score(docs, predictions)
    for threshold in THRESHOLDS:
        block = result[f"at_{threshold}"]
        print(
            f"at_{threshold}: P {block['P']:6.2f}  R {block['R']:6.2f}  F1 {block['F1']:6.2f}"
            f"  source_accuracy {block['source_accuracy']}  cue_accuracy {block['cue_accuracy']}"
        )
    chars = sum(len(doc["text"]) for doc in docs)
    print(f"split {args.split}: docs {result['docs']}  gold {result['gold']}  "
          f"predicted {result['predicted']}  ({chars / max(seconds, 1e-9):,.0f} chars/s)")
    if args.errors:
        print_errors(scorer, docs, predictions, args.errors)
    if args.check:
        failures = below_floors(flat_scores(result), args.check)
        for failure in failures:
            print(f"FAIL claims: {failure}", file=sys.stderr)
        if failures:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
