#!/usr/bin/env python3
"""Turns one scanner's output into [{"path", "line", "rule"}] for score.py.

Usage: normalize.py TOOL OUTPUT   (TOOL: hush kingfisher gitleaks betterleaks ripsecrets ripgrep)
Paths are made relative to the scanned directory (a leading ./ is dropped).
"""
import json, re, sys


def rel(p):
    while p.startswith("./"):
        p = p[2:]
    return p


def load(tool, path):
    text = open(path, encoding="utf-8", errors="replace").read()
    if tool == "hush":
        return [{"path": f["path"], "line": f["line"], "rule": f["rule"]} for f in json.loads(text)["findings"]]
    if tool == "kingfisher":
        data = json.loads(text) if text.strip() else {"findings": []}
        return [{"path": rel(f["finding"]["path"]), "line": f["finding"]["line"], "rule": f["rule"]["id"]}
                for f in data.get("findings", [])]
    if tool == "gitleaks":
        return [{"path": rel(f["File"]), "line": f["StartLine"], "rule": f["RuleID"]} for f in json.loads(text or "[]")]
    if tool == "betterleaks":
        data = json.loads(text) if text.strip() else {"findings": []}
        return [{"path": rel(f["location"]["path"]), "line": f["location"]["start_line"], "rule": f["rule_id"]}
                for f in data.get("findings") or []]
    # ripsecrets and ripgrep: path:line:text
    out = []
    for line in text.splitlines():
        m = re.match(r"^(.*?):(\d+):", line)
        if m:
            out.append({"path": rel(m.group(1)), "line": int(m.group(2)), "rule": tool})
    return out


if __name__ == "__main__":
    print(json.dumps(load(sys.argv[1], sys.argv[2])))
