"""Score the temporal tagger on the TimeML evaluation corpora (TempEval-3 style).

    .venv/bin/python bench/eval_timex.py [--errors N] [--check FLOORS_JSON]

Runs ``tag_timexes`` over /work/shared/eval/timex/{timebank,aquaint}.jsonl and scores
with the shared ``score_timex.score``: relaxed, strict, value and type P/R/F1 per corpus
and combined. ``--errors N`` prints N examples of each error class (missed, spurious,
wrong value, wrong type); ``--check`` exits 1 naming any score below its floor in a file
like {"timex": {"relaxed_f1": 90.0, "strict_f1": 82.0, "value_f1": 80.0}}.
Skips cleanly (exit 0) when the evaluation data is missing.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.extract.timex import tag_timexes  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL_DIR = SHARED / "eval"
CORPORA = ("timebank", "aquaint")
MEASURES = ("relaxed", "strict", "value", "type")
ERROR_CONTEXT = 40


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_timex", EVAL_DIR / "score_timex.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def load_corpus(name: str) -> list[dict]:
    path = EVAL_DIR / "timex" / f"{name}.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def predict(docs: list[dict]) -> dict[str, list[dict]]:
    predictions = {}
    for doc in docs:
        dct = datetime.date.fromisoformat(doc["dct"]) if doc.get("dct") else None
        predictions[doc["doc_id"]] = [timex.as_dict() for timex in tag_timexes(doc["text"], dct)]
    return predictions


def print_scores(label: str, result: dict) -> None:
    print(f"== {label}: docs {result['docs']}  gold {result['gold']}  "
          f"predicted {result['predicted']}")
    for measure in MEASURES:
        row = result[measure]
        print(f"  {measure:8s} P {row['P']:6.2f}  R {row['R']:6.2f}  F1 {row['F1']:6.2f}")


def error_examples(docs: list[dict], predictions: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Each gold and predicted timex that did not match, sorted into error classes."""
    classes: dict[str, list[str]] = {"missed": [], "spurious": [], "value": [], "type": [],
                                     "extent": []}
    for doc in docs:
        text = doc["text"]
        gold = doc["timexes"]
        matched_gold = set()
        for pred in predictions[doc["doc_id"]]:
            overlapping = [i for i, g in enumerate(gold)
                           if i not in matched_gold and pred["start"] < g["end"]
                           and g["start"] < pred["end"]]
            context = _context(text, pred["start"], pred["end"])
            if not overlapping:
                classes["spurious"].append(f"{pred['value']:14s} {context}")
                continue
            best = max(overlapping, key=lambda i: min(pred["end"], gold[i]["end"])
                       - max(pred["start"], gold[i]["start"]))
            matched_gold.add(best)
            g = gold[best]
            tag = f"[{doc['dct']}] gold {g['text']!r} {g['type']} {g['value']}"
            if pred["value"] != g["value"]:
                classes["value"].append(f"{tag} != {pred['type']} {pred['value']}  {context}")
            if pred["type"] != g["type"]:
                classes["type"].append(f"{tag} != {pred['type']}  {context}")
            if (pred["start"], pred["end"]) != (g["start"], g["end"]):
                classes["extent"].append(f"gold {g['text']!r} pred {pred['text']!r}")
        for i, g in enumerate(gold):
            if i not in matched_gold:
                classes["missed"].append(
                    f"[{doc['dct']}] {g['type']:8s} {g['value']:14s} "
                    f"{_context(text, g['start'], g['end'])}"
                )
    return classes


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - ERROR_CONTEXT) : start].replace("\n", " ")
    after = text[end : end + ERROR_CONTEXT].replace("\n", " ")
    return f"...{before}[[{text[start:end]}]]{after}..."


def below_floors(result: dict, floors_path: Path) -> list[str]:
    floors = json.loads(floors_path.read_text(encoding="utf-8")).get("timex", {})
    failures = []
    for key, floor in floors.items():
        measure = key.removesuffix("_f1")
        score = result.get(measure, {}).get("F1")
        if score is None or score < float(floor):
            failures.append(f"{key} {score} is below the floor {floor}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="error examples per class")
    parser.add_argument("--check", type=Path, help="JSON file of score floors")
    args = parser.parse_args(argv)
    if not all((EVAL_DIR / "timex" / f"{name}.jsonl").exists() for name in CORPORA):
        print(f"skipped: evaluation data not found under {EVAL_DIR / 'timex'}")
        return 0
    score = load_scorer()
    all_docs: list[dict] = []
    all_predictions: dict[str, list[dict]] = {}
    for name in CORPORA:
        docs = load_corpus(name)
        predictions = predict(docs)
        print_scores(name, score(docs, predictions))
        all_docs += docs
        all_predictions.update(predictions)
    combined = score(all_docs, all_predictions)
    print_scores("combined", combined)
    if args.errors:
        for error_class, examples in error_examples(all_docs, all_predictions).items():
            print(f"\n-- {error_class}: {len(examples)}")
            for example in examples[: args.errors]:
                print("  " + example)
    if args.check:
        failures = below_floors(combined, args.check)
        for failure in failures:
            print(f"FAIL {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
