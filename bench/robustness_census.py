"""Count how nnlib meets bad and unusual input: the robustness sweep's cases, by outcome.

Runs every case of ``tests/unit/robustness_cases.py`` (every public layer, loss, optimizer,
schedule and helper; good input as float32, int, lists and views; wrong ndim, wrong size,
empty, NaN and bad arguments) and prints a Markdown table of outcomes per kind of input.

    python bench/robustness_census.py                     # the nnlib this interpreter imports
    python bench/robustness_census.py --before SRC        # also an nnlib source tree SRC (e.g. main's), side by side
    python bench/robustness_census.py --list              # and every case that did not end well
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "unit"))

OUTCOMES = ("correct", "clear error", "warned", "obscure error", "silent", "NaN without warning")
GROUPS = ("good input", "wrong shape", "empty", "NaN", "bad argument", "total")


def group(case):
    if case.expect == "result":
        return "good input"
    if case.expect == "empty":
        return "empty"
    if case.expect == "nan":
        return "NaN"
    return "wrong shape" if any(w in case.kind for w in ("wrong", "differ", "too large", "negative", "1-D")) \
        else "bad argument"


def census():
    import nnlib
    from robustness_cases import GOOD, all_cases, classify

    counts = collections.defaultdict(collections.Counter)
    bad = []
    for case in all_cases():
        outcome, note = classify(case)
        counts[group(case)][outcome] += 1
        counts["total"][outcome] += 1
        if outcome not in GOOD[case.expect]:
            bad.append(f"{case.name}: {outcome} {note}".strip())
    return {"nnlib": os.path.dirname(nnlib.__file__), "counts": {g: dict(c) for g, c in counts.items()}, "bad": bad}


def table(result, title):
    lines = [f"**{title}** (`{result['nnlib']}`)", "", "| input | cases | " + " | ".join(OUTCOMES) + " |",
             "|---|" + "---|" * (len(OUTCOMES) + 1)]
    for g in GROUPS:
        c = result["counts"].get(g, {})
        lines.append(f"| {g} | {sum(c.values())} | " + " | ".join(str(c.get(o, 0)) for o in OUTCOMES) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="an nnlib source tree (the directory holding nnlib/) to count as well")
    parser.add_argument("--list", action="store_true", help="list every case that did not end well")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(census()))
        return
    results = []
    if args.before:
        env = dict(os.environ, PYTHONPATH=os.path.abspath(args.before))
        out = subprocess.run([sys.executable, __file__, "--json"], env=env, capture_output=True, text=True)
        if out.returncode:
            sys.exit(f"the census of {args.before} failed:\n{out.stderr}")
        results.append(("before", json.loads(out.stdout.strip().splitlines()[-1])))
    results.append(("after" if args.before else "this nnlib", census()))
    for title, result in results:
        print(table(result, title), end="\n\n")
        if args.list:
            print("\n".join(f"- {line}" for line in result["bad"]) or "- every case ended well", end="\n\n")


if __name__ == "__main__":
    main()
