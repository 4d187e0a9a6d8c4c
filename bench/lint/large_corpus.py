#!/usr/bin/env python3
"""Builds the large speed corpus: source files from the local cargo registry (sorted, up
to 138 MB / 9,600 files) plus a copy of the labelled corpus under planted/.

Usage: large_corpus.py OUT_DIR LABELLED_CORPUS
"""
import glob, os, shutil, sys

MAX_BYTES = 138 * 1024 * 1024
MAX_FILES = 9600


def main(out, labelled):
    home = os.path.expanduser("~")
    sources = sorted(glob.glob(os.path.join(home, ".cargo/registry/src/*/")))
    if not sources:
        sys.exit("no ~/.cargo/registry/src to take files from")
    total = count = 0
    for root, dirs, files in os.walk(sources[0]):
        dirs.sort()
        for name in sorted(files):
            src = os.path.join(root, name)
            size = os.path.getsize(src)
            if count >= MAX_FILES or total + size > MAX_BYTES:
                break
            dst = os.path.join(out, "src", os.path.relpath(src, sources[0]))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
            total += size
            count += 1
        if count >= MAX_FILES or total >= MAX_BYTES:
            break
    shutil.copytree(labelled, os.path.join(out, "planted"))
    print(f"{count} files, {total / 1e6:.0f} MB copied + the labelled corpus", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
