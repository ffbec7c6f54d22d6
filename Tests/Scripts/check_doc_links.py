#!/usr/bin/env python3
"""Every relative link of every Markdown file in the repository resolves: the file or directory
exists, and a #fragment names a heading of the target as GitHub spells its anchors.

    python3 Tests/Scripts/check_doc_links.py      (run by Tests/run-all.sh)

Links inside code blocks and inline code are not links; web addresses are not checked.
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def prose(text):
    """The text outside fenced code blocks and inline code."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path):
    """GitHub's anchors for the headings of a Markdown file (duplicates get -1, -2...)."""
    seen = {}
    result = set()
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    for line in text.splitlines():
        heading = re.match(r"#{1,6} +(.*?) *#* *$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def main():
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    broken = []
    checked = 0
    for name in files:
        source = ROOT / name
        if not source.exists():
            continue
        for target in LINK.findall(prose(source.read_text(encoding="utf-8"))):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue
            checked += 1
            path_part, _, fragment = target.partition("#")
            resolved = (source.parent / path_part).resolve() if path_part else source
            if not resolved.exists():
                broken.append(f"{name}: {target}: no such file")
            elif fragment and (resolved.is_dir() or fragment not in anchors(resolved)):
                broken.append(f"{name}: {target}: no heading with that anchor")
    for line in broken:
        print(f"check_doc_links: {line}", file=sys.stderr)
    if broken or checked == 0:
        print(f"check_doc_links: FAILED: {len(broken)} of {checked} links broken", file=sys.stderr)
        sys.exit(1)
    print(f"check_doc_links: all {checked} relative links in {len(files)} Markdown files resolve")


if __name__ == "__main__":
    main()
