#!/usr/bin/env python3
"""Checks that the documentation cannot drift from the repository.

    python3 tools/check-docs.py            # from anywhere; exit 0 ok, 1 problems found (each printed), 2 bad usage

What it checks, in README.md and every docs/**/*.md:

(a) Links. Every relative Markdown link or image -- [text](path), [text](path#anchor), [text](#anchor),
    ![alt](path) -- resolves to an existing file or directory of the repository, and, when an anchor is given for
    a Markdown file, to a heading of that file (GitHub's slug rules: lower case, punctuation except '-' and '_'
    dropped, spaces to '-', '-1', '-2' ... for repeats). Links with a scheme (https:, mailto:) are not fetched.
    Links inside fenced code blocks and inline code are ignored.

(b) Snippets. A fenced ```java block preceded (blank lines allowed) by the marker
        <!-- from: examples/src/main/java/dev/phisafe/examples/SomeExample.java -->
    must appear in that file verbatim, modulo indentation and blank lines: each non-blank line, stripped, equals a
    line of the file, and consecutive snippet lines are consecutive non-blank lines of the file. A snippet line
    that is exactly "// ..." marks an elision: the parts around it must appear in that order. The marker must name
    a file under examples/ (the examples are compiled and their tests run, so a quoted snippet compiles).
    In docs/ every ```java block must carry a marker; README.md is only checked where it has one.

The same two checks run in the build: examples/src/test/java/dev/phisafe/examples/DocsConsistencyTest.java.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"<!--\s*from:\s*(\S+)\s*-->")
FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ELISION = "// ..."


def markdown_files():
    files = [os.path.join(ROOT, "README.md")]
    for d, _, names in os.walk(os.path.join(ROOT, "docs")):
        if "target" in d.split(os.sep):
            continue
        files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".md")]
    return [f for f in files if os.path.isfile(f)]


def slug(text):
    """GitHub's heading anchor: strip inline markup, lower-case, keep letters/digits/_/-/space, space -> '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)     # links and images keep their text
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"<[^>]+>", "", text)
    text = text.strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in "_- ")
    return text.replace(" ", "-")


def anchors(path):
    seen, out = {}, set()
    in_fence = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = FENCE.match(line)
            if m:
                in_fence = None if in_fence and m.group(1)[0] == in_fence else (in_fence or m.group(1)[0])
                continue
            if in_fence:
                continue
            h = HEADING.match(line)
            if h:
                base = slug(h.group(2))
                n = seen.get(base, 0)
                out.add(base if n == 0 else f"{base}-{n}")
                seen[base] = n + 1
    return out


def strip_inline_code(line):
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", line)


def parse(path):
    """Yields ('link', lineno, target) and ('snippet', lineno, marker or None, lang, [lines])."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i, marker, marker_line = 0, None, 0
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line)
        if m:
            tick, lang = m.group(1), m.group(2).lower()
            body, j = [], i + 1
            while j < len(lines) and not lines[j].strip().startswith(tick[0] * len(tick)):
                body.append(lines[j])
                j += 1
            yield ("snippet", i + 1, marker, lang, body)
            marker = None
            i = j + 1
            continue
        mk = MARKER.search(line)
        if mk:
            marker, marker_line = mk.group(1), i + 1
        elif line.strip() and marker is not None:
            yield ("orphan-marker", marker_line, marker)
            marker = None
        for lm in LINK.finditer(strip_inline_code(line)):
            yield ("link", i + 1, lm.group(1))
        i += 1
    if marker is not None:
        yield ("orphan-marker", marker_line, marker)


def nonblank_stripped(lines):
    return [l.strip() for l in lines if l.strip()]


def contains_in_order(haystack, snippet):
    """True if the snippet's parts (split at elision lines) occur in haystack, contiguous each, in order."""
    parts, cur = [], []
    for l in snippet:
        if l == ELISION:
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(l)
    if cur:
        parts.append(cur)
    pos = 0
    for part in parts:
        found = -1
        for k in range(pos, len(haystack) - len(part) + 1):
            if haystack[k:k + len(part)] == part:
                found = k
                break
        if found < 0:
            return False, part
        pos = found + len(part)
    return True, None


def check():
    problems = []
    anchor_cache = {}
    for md in markdown_files():
        rel = os.path.relpath(md, ROOT)
        in_docs = rel.startswith("docs" + os.sep)
        for item in parse(md):
            kind, lineno = item[0], item[1]
            where = f"{rel}:{lineno}"
            if kind == "link":
                target = item[2]
                if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                    continue                                   # https:, mailto: ... not fetched
                path_part, _, anchor = target.partition("#")
                dest = md if not path_part else os.path.normpath(os.path.join(os.path.dirname(md), path_part))
                if not os.path.exists(dest):
                    problems.append(f"{where}: link target does not exist: {target}")
                    continue
                if not os.path.realpath(dest).startswith(os.path.realpath(ROOT) + os.sep):
                    problems.append(f"{where}: link leaves the repository: {target}")
                    continue
                if anchor and dest.endswith(".md"):
                    if dest not in anchor_cache:
                        anchor_cache[dest] = anchors(dest)
                    if anchor not in anchor_cache[dest]:
                        problems.append(f"{where}: no heading for anchor #{anchor} in {os.path.relpath(dest, ROOT)}")
            elif kind == "orphan-marker":
                problems.append(f"{where}: 'from:' marker not followed by a fenced java block")
            elif kind == "snippet":
                marker, lang, body = item[2], item[3], item[4]
                if lang != "java":
                    if marker:
                        problems.append(f"{where}: 'from:' marker on a non-java block ({lang or 'no language'})")
                    continue
                if marker is None:
                    if in_docs:
                        problems.append(f"{where}: java block without <!-- from: examples/... --> marker")
                    continue
                if not marker.startswith("examples/") or ".." in marker.split("/"):
                    problems.append(f"{where}: snippet source must be a file under examples/: {marker}")
                    continue
                src = os.path.join(ROOT, marker)
                if not os.path.isfile(src):
                    problems.append(f"{where}: snippet source does not exist: {marker}")
                    continue
                with open(src, encoding="utf-8") as f:
                    hay = nonblank_stripped(f.read().split("\n"))
                snip = nonblank_stripped(body)
                if not snip:
                    problems.append(f"{where}: empty snippet")
                    continue
                ok, part = contains_in_order(hay, snip)
                if not ok:
                    problems.append(f"{where}: snippet not found verbatim in {marker} (part starting "
                                    f"{part[0][:60]!r})")
    return problems


def main(argv):
    if len(argv) > 1:
        print(__doc__.strip().split("\n")[0], file=sys.stderr)
        print("usage: tools/check-docs.py (no arguments)", file=sys.stderr)
        return 2
    problems = check()
    for p in problems:
        print(p)
    n = len(markdown_files())
    if problems:
        print(f"check-docs: {len(problems)} problem(s) in {n} Markdown file(s)", file=sys.stderr)
        return 1
    print(f"check-docs: {n} Markdown file(s): every relative link resolves, every marked snippet is verbatim")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
