"""``make eval``: every extractor's dev scores, checked against the floors in bench/floors.json.

    python bench/eval_all.py [--check bench/floors.json]

Runs each evaluation script in turn (each prints its scores) and exits 1 when any score is
below its floor. Without ../shared the evaluations skip with a message and nothing fails.
Raise a floor when an extractor improves; never lower one to let a change through.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
EVALUATIONS = ("eval_timex.py", "eval_claims.py")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=Path, help="floors JSON")
    args = parser.parse_args()
    failed = []
    for script in EVALUATIONS:
        print(f"== {script}", flush=True)
        command = [sys.executable, str(BENCH / script)]
        if args.check:
            command += ["--check", str(args.check)]
        if subprocess.run(command).returncode != 0:
            failed.append(script)
    if failed:
        print(f"below a floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
