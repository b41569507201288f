#!/usr/bin/env bash
# Rebuilds benchmarks/target/benchmarks.jar with the reactor (never `mvn install`), reruns every benchmark and
# prints the results table used in docs/performance.md.
#
#   benchmarks/run.sh                      # brief run, about 5 minutes
#   JMH_OPTS="-f 3 -wi 5 -i 10" benchmarks/run.sh   # tighter error bars, about 30 minutes
#
# Environment: PHI_SHARED_DIR (default ../shared/data next to the repository root), JMH_OPTS (throughput,
# latency and adversarial runs), STARTUP_FORKS (fresh JVMs for the start-up figure), SKIP_BUILD=1 to reuse the
# jar, MVN_FLAGS (default -o), OUT (default benchmarks/target/results).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${PHI_SHARED_DIR:-$ROOT/../shared/data}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 3s}
STARTUP_FORKS=${STARTUP_FORKS:-10}
OUT=${OUT:-benchmarks/target/results}
JAR=benchmarks/target/benchmarks.jar

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # -am builds phi-core from this worktree in the same reactor, so the jar measures the current sources
  mvn -q ${MVN_FLAGS:--o} -pl benchmarks -am package -DskipTests
fi
mkdir -p "$OUT"

{
  echo "nproc: $(nproc)"
  java -version 2>&1
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
  echo "JMH_OPTS: $JMH_OPTS; STARTUP_FORKS: $STARTUP_FORKS"
} > "$OUT/machine.txt"

# 1-3: throughput, 1 KB latency, 1 MB adversarial inputs, cost per detector (single-threaded)
# shellcheck disable=SC2086
java -Dphi.sharedDir="$SHARED" -jar "$JAR" $JMH_OPTS -rf json -rff "$OUT/jmh.json" \
  'dev.phisafe.benchmarks.(CorpusThroughput|PromptLatency|Adversarial|DetectorCost)Benchmark' > "$OUT/jmh.log"

# 4a: start-up, one cold call per fresh JVM (the annotations' values, spelled out so JMH_OPTS cannot change them)
java -jar "$JAR" -wi 0 -i 1 -f "$STARTUP_FORKS" -rf json -rff "$OUT/startup.json" \
  'dev.phisafe.benchmarks.StartupBenchmark' > "$OUT/startup.log"

# 4b: heap retained by the dictionaries (fresh JVM, default collector)
java -cp "$JAR" dev.phisafe.benchmarks.DictionaryFootprint > "$OUT/footprint.txt"

python3 - "$OUT" <<'PY'
import json, sys, os
out = sys.argv[1]
rows = []
def fmt(x):
    return f"{x:,.3g}" if abs(x) < 100 else f"{x:,.0f}"
for name in ("jmh.json", "startup.json"):
    for r in json.load(open(os.path.join(out, name))):
        bench = r["benchmark"].replace("dev.phisafe.benchmarks.", "")
        params = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        pm = r["primaryMetric"]
        n = sum(len(f) for f in pm["rawData"])
        flat = [x for f in pm["rawData"] for x in f]
        if "bytes" in r.get("secondaryMetrics", {}):
            b = r["secondaryMetrics"]["bytes"]
            score, err, unit = b["score"] / 1e6, b["scoreError"] / 1e6, "MB/s"
            flat = [x / 1e6 for f in b["rawData"] for x in f]
        else:
            score, err, unit = pm["score"], pm["scoreError"], pm["scoreUnit"]
        err_s = fmt(err) if err == err else "n/a"   # NaN when n = 1
        rows.append((bench + (f" [{params}]" if params else ""), fmt(score), err_s, unit, n,
                     fmt(min(flat)) + " .. " + fmt(max(flat))))
print("| Benchmark | Score | ± 99.9% CI | Unit | n | min .. max |")
print("|---|---:|---:|---|---:|---|")
for row in rows:
    print("| %s | %s | %s | %s | %d | %s |" % row)
fp = dict(l.strip().split("=", 1) for l in open(os.path.join(out, "footprint.txt")) if "=" in l)
print()
print(f"DictionaryFootprint: retained heap {fp['dictionary_heap_mb']} MB "
      f"(used {int(fp['used_heap_before_bytes'])/1e6:.1f} -> {int(fp['used_heap_after_bytes'])/1e6:.1f} MB), "
      f"first defaults() {fp['first_defaults_ms']} ms, collector {fp['gc']}")
PY
echo
cat "$OUT/machine.txt"
