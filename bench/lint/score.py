#!/usr/bin/env python3
"""Scores secret-scanner findings against the labelled lint corpus.

Usage: score.py LABELS FINDINGS.json
FINDINGS.json: [{"path": "relative/to/corpus", "line": N, "rule": "..."}]
Prints one JSON object: planted, found, findings, true_positives, recall, precision,
missed [(path, lines, kind)], false_positives [(path, line, rule)].
A finding is a true positive when its line falls inside a planted secret's line range.
"""
import json, sys


def load_labels(path):
    labels = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        p, lines, what, kind, rule = line.rstrip("\n").split("\t")
        a, b = (int(x) for x in lines.split("-"))
        labels.append({"path": p, "first": a, "last": b, "what": what, "kind": kind, "rule": rule})
    return labels


def score(labels, findings):
    secrets = [l for l in labels if l["what"] == "secret"]
    hit = lambda l, f: f["path"] == l["path"] and l["first"] <= f["line"] <= l["last"]
    found = [l for l in secrets if any(hit(l, f) for f in findings)]
    tp = [f for f in findings if any(hit(l, f) for l in secrets)]
    fp = [f for f in findings if f not in tp]
    return {
        "planted": len(secrets),
        "found": len(found),
        "findings": len(findings),
        "true_positives": len(tp),
        "recall": len(found) / len(secrets) if secrets else 1.0,
        "precision": len(tp) / len(findings) if findings else 1.0,
        "missed": [(l["path"], f'{l["first"]}-{l["last"]}', l["kind"]) for l in secrets if l not in found],
        "false_positives": [(f["path"], f["line"], f.get("rule", "")) for f in fp],
    }


if __name__ == "__main__":
    labels = load_labels(sys.argv[1])
    findings = json.load(open(sys.argv[2]))
    print(json.dumps(score(labels, findings), indent=1))
