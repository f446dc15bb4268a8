"""Intent F1 of a trained model on the held-out French test set (tests/nlu/test_set.yml).

The test set was written apart from data/nlu (see tests/nlu/README.md). `rasa test nlu` reports the classifier's
top intent (it undoes the FallbackClassifier), so the F1 is that of DIET itself; the share of test messages
classified right with a confidence of at least 0.8 (what navigation and small talk act on) is printed too, and
the F1 on the messages that are not, once normalised, also a training example.

    python -m bench.nlu_heldout [--rasa-venv DIR] [--model FILE]   (defaults: $RASA_VENV, $MODEL)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEST_SET = ROOT / "tests" / "nlu" / "test_set.yml"
TRAINING = ROOT / "data" / "nlu"
CONFIDENT = 0.8  # registration.conversation.phases.navigation.NAV_CONFIDENCE, answering.SMALLTALK_CONFIDENCE
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def _examples(path: Path) -> list[tuple[str, str]]:
    """(intent, text without entity annotations) for every example of a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append((block["intent"], ANNOTATION.sub(r"\1", line[2:]).strip()))
    return found


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9@+]+", " ", text).split())


def _f1_by_intent(pairs: list[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    """Weighted F1 and F1 per intent of (expected, predicted) pairs."""
    support = Counter(expected for expected, _ in pairs)
    predicted = Counter(got for _, got in pairs)
    right = Counter(expected for expected, got in pairs if expected == got)
    scores = {}
    for intent in support:
        precision = right[intent] / predicted[intent] if predicted[intent] else 0.0
        recall = right[intent] / support[intent]
        scores[intent] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = sum(support.values())
    weighted = sum(scores[i] * support[i] for i in support) / total if total else 0.0
    return weighted, scores


def report(rasa_venv: Path, model: Path) -> dict:
    """Runs `rasa test nlu` with `model` on the held-out set, prints the intent F1 and returns the numbers."""
    with tempfile.TemporaryDirectory(prefix="nlu-heldout-") as out:
        subprocess.run(
            [
                str(Path(rasa_venv) / "bin" / "rasa"),
                "test",
                "nlu",
                "--nlu",
                str(TEST_SET),
                "--model",
                str(model),
                "--out",
                out,
                "--successes",
                "--no-plot",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        intent_report = json.loads((Path(out) / "intent_report.json").read_text(encoding="utf-8"))
        predictions = []
        for name in ("intent_successes.json", "intent_errors.json"):
            path = Path(out) / name
            if path.exists():
                predictions += json.loads(path.read_text(encoding="utf-8"))

    skip = {"accuracy", "macro avg", "micro avg", "weighted avg"}
    intents = {
        name: {
            "f1": round(v["f1-score"], 4),
            "precision": round(v["precision"], 4),
            "recall": round(v["recall"], 4),
            "support": int(v["support"]),
        }
        for name, v in sorted(intent_report.items())
        if name not in skip and isinstance(v, dict)
    }
    weighted = intent_report["weighted avg"]
    total = int(weighted["support"])
    confident = sum(
        1
        for p in predictions
        if p["intent_prediction"]["name"] == p["intent"]
        and (p["intent_prediction"]["confidence"] or 0) >= CONFIDENT
    )
    trained = {_normalised(text) for path in sorted(TRAINING.glob("*.yml")) for _, text in _examples(path)}
    unseen = [
        (p["intent"], p["intent_prediction"]["name"])
        for p in predictions
        if _normalised(p["text"]) not in trained
    ]
    unseen_f1, _ = _f1_by_intent(unseen)

    result = {
        "examples": total,
        "weighted_f1": round(weighted["f1-score"], 4),
        "accuracy": round(intent_report.get("accuracy", 0.0), 4),
        "confident_right": round(confident / total, 4) if total else 0.0,
        "unseen_examples": len(unseen),
        "unseen_weighted_f1": round(unseen_f1, 4),
        "intents": intents,
    }
    print(f"NLU intent F1 on the held-out set (tests/nlu, {total} examples): {result['weighted_f1']:.3f}")
    for name, scores in intents.items():
        print(f"  {name}: F1 {scores['f1']:.2f} ({scores['support']})")
    print(
        f"  right with confidence >= {CONFIDENT}: {result['confident_right']:.1%}; "
        f"F1 on the {len(unseen)} examples that are no training example: {result['unseen_weighted_f1']:.3f}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-venv", type=Path, default=os.environ.get("RASA_VENV"))
    parser.add_argument("--model", type=Path, default=os.environ.get("MODEL"))
    args = parser.parse_args()
    if not args.rasa_venv or not args.model:
        sys.exit("--rasa-venv and --model (or $RASA_VENV and $MODEL) are needed")
    report(args.rasa_venv, args.model)


if __name__ == "__main__":
    main()
