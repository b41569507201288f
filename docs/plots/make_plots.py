#!/usr/bin/env python3
"""Draws the PNG plots the docs embed, from the evaluation and benchmark results committed in the repository.

    python3 docs/plots/make_plots.py            # redraw from committed data (needs matplotlib)
    python3 docs/plots/make_plots.py --eval     # first re-run `phi eval` on the dev sets (needs phi-cli/target/phi.jar
                                                # and ../shared/data), refreshing docs/plots/data/eval-*.json

Inputs (nothing is typed in by hand):
  docs/plots/data/eval-<set>.json   `java -jar phi-cli/target/phi.jar eval --gold FILE` output (JSON)
  docs/performance.md               the JMH results table ("| Benchmark | Score | ...") and the filter table
  docs/vector-encryption.md         the recall@10 table (β × re-rank depth)
  docs/plots/data/journal-jmh.json  JMH JSON of AuditJournalBenchmark, used unless docs/performance.md has
                                    AuditJournalBenchmark rows (then those win)
Outputs: docs/plots/*.png (committed). Exit 0 ok, 1 an input is missing or unreadable, 2 bad usage.

matplotlib: on Debian `apt-get install python3-matplotlib` (then run with /usr/bin/python3); PyPI is not needed.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(HERE, "data")
SETS = [  # (name in the plot, data file, gold file relative to the repository root)
    ("ASQ-PHI dev", "eval-asq-phi-dev.json", "../shared/data/gold/asq-phi-dev.jsonl"),
    ("presidio-synth-v2", "eval-presidio-synth-v2.json", "../shared/data/gold/presidio-synth-v2.jsonl"),
    ("ACI-Bench dev (names)", "eval-aci-bench-dev.json", "../shared/data/corpus/aci-bench-dev.jsonl"),
]


def fail(msg):
    print("make_plots: " + msg, file=sys.stderr)
    sys.exit(1)


def run_eval():
    jar = os.path.join(ROOT, "phi-cli", "target", "phi.jar")
    if not os.path.isfile(jar):
        fail("phi-cli/target/phi.jar is missing: build it with `mvn -q -o -pl phi-cli -am package -DskipTests`")
    for _, out, gold in SETS:
        path = os.path.normpath(os.path.join(ROOT, gold))
        if not os.path.isfile(path):
            fail(f"gold file {gold} is missing")
        res = subprocess.run(["java", "-jar", jar, "eval", "--gold", gold], cwd=ROOT, capture_output=True, text=True)
        if res.returncode != 0:
            fail(f"phi eval failed on {gold} (exit {res.returncode})")
        with open(os.path.join(DATA, out), "w", encoding="utf-8") as f:
            f.write(res.stdout)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        fail(f"cannot read {os.path.relpath(path, ROOT)}: {e.strerror}")


def table_rows(markdown, first_header, also=None):
    """Rows (lists of cell strings) of the first Markdown table whose first header cell is first_header (and which
    has a header cell {also}, if given)."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and cells and cells[0] == first_header and (also is None or also in cells):
            rows = []
            for row in lines[i + 2:]:
                if not row.lstrip().startswith("|"):
                    break
                rows.append([c.strip() for c in row.strip().strip("|").split("|")])
            return cells, rows
    return None, []


def num(cell):
    m = re.search(r"[-+]?\d[\d,]*\.?\d*", cell.replace("**", ""))
    if not m:
        raise ValueError(cell)
    return float(m.group(0).replace(",", ""))


def plot_recall(plt):
    evals = []
    for name, fname, _ in SETS:
        path = os.path.join(DATA, fname)
        evals.append((name, json.loads(read(path))))
    # 1. overall recall (and precision where scored) per dataset
    fig, ax = plt.subplots(figsize=(7, 3.2))
    names = [n for n, _ in evals]
    recall = [e["recall"] for _, e in evals]
    bars = ax.barh(names, recall, color="#2b6cb0")
    for b, e in zip(bars, evals):
        e = e[1]
        ax.text(b.get_width() - 0.002, b.get_y() + b.get_height() / 2,
                f"{e['recall']:.4f}  ({e['protected']:,} / {e['goldSpans']:,})", va="center", ha="right",
                color="white", fontsize=9)
    ax.set_xlim(0.85, 1.0)
    ax.invert_yaxis()
    ax.set_xlabel("recall (gold spans fully covered by a detection)")
    ax.set_title("phi-safe default detectors: recall per development set")
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "recall-per-dataset.png"), dpi=130)
    plt.close(fig)
    # 2. recall per label, one panel per dataset with more than one label
    multi = [(n, e) for n, e in evals if len(e.get("perLabel", {})) > 1]
    fig, axes = plt.subplots(1, len(multi), figsize=(6.2 * len(multi), 4.6), squeeze=False)
    for ax, (name, e) in zip(axes[0], multi):
        labels = sorted(e["perLabel"].items(), key=lambda kv: -kv[1]["gold"])
        ys = [f"{k} ({v['gold']})" for k, v in labels]
        xs = [v["recall"] for _, v in labels]
        colors = ["#2b6cb0" if x >= 0.99 else "#dd6b20" if x >= 0.9 else "#c53030" for x in xs]
        ax.barh(ys, xs, color=colors)
        for y, x in enumerate(xs):
            ax.text(x + 0.003, y, f"{x:.3f}", va="center", fontsize=8)
        ax.set_xlim(0.75, 1.03)
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=8)
        ax.set_title(f"{name}: recall per label (gold spans)", fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "recall-per-label.png"), dpi=130)
    plt.close(fig)


def plot_throughput(plt):
    perf = read(os.path.join(ROOT, "docs", "performance.md"))
    _, rows = table_rows(perf, "Benchmark", "Score")
    items = []
    for r in rows:
        if len(r) < 4 or r[3] != "MB/s":
            continue
        m = re.match(r"(\w+)\.(\w+) \[(\w+)=([\w-]+)\]", r[0])
        if not m:
            continue
        if m.group(1) == "CorpusThroughputBenchmark":
            label = "suite, " + m.group(4)
        else:
            label = "tokenizing only" if m.group(4) == "none" else "detector alone: " + m.group(4)
        items.append((label, num(r[1]), num(r[2])))
    _, frows = table_rows(perf, "mode")
    for r in frows:
        if len(r) >= 3:
            items.append(("filter: " + r[0].split(" (")[0], num(r[1]), num(r[2])))
    if not items:
        fail("docs/performance.md has no MB/s rows")
    fig, ax = plt.subplots(figsize=(9, 0.34 * len(items) + 1.3))
    ys = [i[0] for i in items]
    xs = [i[1] for i in items]
    colors = ["#2b6cb0" if y.startswith("suite") else "#38a169" if y.startswith("filter") else "#a0aec0" for y in ys]
    ax.barh(ys, xs, xerr=[i[2] for i in items], color=colors, capsize=2)
    for y, (x, err) in enumerate(zip(xs, [i[2] for i in items])):
        ax.text(x + err + 1.5, y, f"{x:g}", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("MB/s of UTF-8 text, one thread (JMH, 99.9% CI)")
    ax.set_title("Throughput: whole suite (blue), one detector alone (grey), filtering (green)", fontsize=10)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "throughput.png"), dpi=130)
    plt.close(fig)


def plot_vector_recall(plt):
    ve = read(os.path.join(ROOT, "docs", "vector-encryption.md"))
    header, rows = table_rows(ve, "β")
    if not rows:
        fail("docs/vector-encryption.md has no β table")
    depths = header[2:]
    betas = [num(r[0]) for r in rows]
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for j, d in enumerate(depths):
        ys = [num(r[2 + j]) for r in rows]
        ax.plot(betas, ys, marker="o", label=d.replace("*", ""))
    ax.axhline(0.99, color="#c53030", linestyle="--", linewidth=1)
    ax.text(betas[0], 0.992, "0.99", color="#c53030", fontsize=8)
    ax.set_xlabel("β (noise radius parameter)")
    ax.set_ylabel("recall@10 vs plaintext top-10")
    ax.set_title("Encrypted vector search: recall vs β (MiniLM, dev texts)", fontsize=10)
    ax.legend(fontsize=8, title="candidates re-ranked", title_fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "vector-recall-vs-beta.png"), dpi=130)
    plt.close(fig)


def journal_figures():
    perf = read(os.path.join(ROOT, "docs", "performance.md"))
    _, rows = table_rows(perf, "Benchmark", "Score")
    found = {}
    for r in rows:
        if r and r[0].startswith("AuditJournalBenchmark.") and len(r) >= 4:
            found[r[0].split(".")[1].split(" ")[0]] = (num(r[1]), r[3])
    if found:
        return found, "docs/performance.md"
    data = json.loads(read(os.path.join(DATA, "journal-jmh.json")))
    for b in data:
        found[b["benchmark"].rsplit(".", 1)[1]] = (b["primaryMetric"]["score"], b["primaryMetric"]["scoreUnit"])
    return found, "docs/plots/data/journal-jmh.json (brief run, loaded 2-core VM, 2026-11-26)"


def plot_journal(plt):
    found, source = journal_figures()
    bars = []
    for key, label in (("append1Thread", "append, 1 thread\n(fsync each)"),
                       ("append8Threads", "append, 8 threads\n(group commit)")):
        if key in found:
            bars.append((label, found[key][0]))
    if "verify100k" in found:
        score, unit = found["verify100k"]
        per_s = 100_000 / (score / 1000.0) if unit.startswith("ms") else score * 100_000
        bars.append(("verify\n(100k records)", per_s))
    if not bars:
        fail("no AuditJournalBenchmark figures found")
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    xs = [b[0] for b in bars]
    ys = [b[1] for b in bars]
    ax.bar(xs, ys, color=["#2b6cb0", "#2b6cb0", "#38a169"][:len(bars)])
    ax.set_yscale("log")
    for x, y in enumerate(ys):
        ax.text(x, y * 1.15, f"{y:,.0f}/s", ha="center", fontsize=9)
    ax.axhline(200_000, color="#c53030", linestyle="--", linewidth=1)
    ax.text(-0.45, 230_000, "append target 200,000/s", color="#c53030", fontsize=8)
    ax.axhline(1_000_000, color="#805ad5", linestyle=":", linewidth=1)
    ax.text(-0.45, 1_150_000, "verify target 1,000,000/s", color="#805ad5", fontsize=8)
    ax.set_ylim(100, 3_000_000)
    ax.set_ylabel("events per second (log)")
    ax.set_title("Audit journal throughput", fontsize=10)
    fig.text(0.01, 0.01, "source: " + source, fontsize=7, color="#4a5568")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(os.path.join(HERE, "journal-throughput.png"), dpi=130)
    plt.close(fig)


def main(argv):
    args = argv[1:]
    if any(a not in ("--eval",) for a in args):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        fail("matplotlib is not importable by " + sys.executable
             + " (Debian: apt-get install python3-matplotlib, then run with /usr/bin/python3)")
    if "--eval" in args:
        run_eval()
    plt.rcParams.update({"font.size": 9, "svg.hashsalt": "phi-safe", "path.simplify": True})
    plot_recall(plt)
    plot_throughput(plt)
    plot_vector_recall(plt)
    plot_journal(plt)
    for n in sorted(os.listdir(HERE)):
        if n.endswith(".png"):
            print("wrote docs/plots/" + n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
