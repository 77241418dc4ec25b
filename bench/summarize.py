#!/usr/bin/env python3
"""Turns a bench/run.sh .jsonl file into the markdown summary (medians over paired runs)."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(line) for path in sys.argv[1:] for line in open(path) if line.strip()]
med = statistics.median
out = []
p = out.append


def mark(ok):
    return "met" if ok else "**missed**"


p(f"# chatkit-rest benchmark results ({' + '.join(a.split('/')[-1].removesuffix('.jsonl') for a in sys.argv[1:])})\n")

# (a) streaming overhead
a = [r for r in rows if r["scenario"] == "a"]
targets = {}
if a:
    p("## (a) Streaming time to first token: through the service minus direct to the fake\n")
    p("Medians over paired, alternated runs; 20 tokens. TTFT = request written → first `delta` event "
      "(service) or first content chunk (direct). Overhead per pair = service − direct, same percentile.\n")
    p("| gap | C | streams/run | pairs | direct TTFT p50 / p99 (ms) | service TTFT p50 / p99 (ms) | "
      "**overhead p50** (ms) | **overhead p99** (ms) | service total p50 / p99 (ms) | errors |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    groups = defaultdict(dict)
    for r in a:
        groups[(int(r["gap"]), int(r["c"]))].setdefault(r["rep"], {})[r["target"]] = r["result"]
    for (gap, c), reps in sorted(groups.items()):
        pairs = [v for v in reps.values() if "direct" in v and "service" in v and v["direct"]["ttft_ms"]
                 and v["service"]["ttft_ms"]]
        if not pairs:
            continue
        d50 = med(x["direct"]["ttft_ms"]["p50"] for x in pairs)
        d99 = med(x["direct"]["ttft_ms"]["p99"] for x in pairs)
        s50 = med(x["service"]["ttft_ms"]["p50"] for x in pairs)
        s99 = med(x["service"]["ttft_ms"]["p99"] for x in pairs)
        o50 = med(x["service"]["ttft_ms"]["p50"] - x["direct"]["ttft_ms"]["p50"] for x in pairs)
        o99 = med(x["service"]["ttft_ms"]["p99"] - x["direct"]["ttft_ms"]["p99"] for x in pairs)
        t50 = med(x["service"]["total_ms"]["p50"] for x in pairs)
        t99 = med(x["service"]["total_ms"]["p99"] for x in pairs)
        errs = sum(sum(x[t]["errors"].values()) for x in pairs for t in ("direct", "service"))
        n = pairs[0]["service"]["n"]
        p(f"| {gap} ms | {c} | {n} | {len(pairs)} | {d50:.2f} / {d99:.2f} | {s50:.2f} / {s99:.2f} | "
          f"**{o50:.2f}** | **{o99:.2f}** | {t50:.1f} / {t99:.1f} | {errs} |")
        if c == 50:
            targets[f"TTFT overhead p50 ≤ 2 ms at C=50 ({gap} ms gap)"] = (f"{o50:.2f} ms", o50 <= 2)
            targets[f"TTFT overhead p99 ≤ 10 ms at C=50 ({gap} ms gap)"] = (f"{o99:.2f} ms", o99 <= 10)
    p("")

# (b) throughput
b = [r for r in rows if r["scenario"] == "b"]
if b:
    p("## (b) `/sessions` throughput (32 keep-alive connections, 10 s after 3 s warm-up, limit raised)\n")
    p("| request | runs | req/s (median) | p50 (ms) | p99 (ms) | non-200 |")
    p("|---|---|---|---|---|---|")
    for method in ("GET", "POST"):
        rs = [r["result"] for r in b if r["method"] == method]
        if not rs:
            continue
        rps = med(x["rps"] for x in rs)
        bad = sum(v for x in rs for k, v in x["statuses"].items() if k != "200")
        p(f"| `{method} /sessions` | {len(rs)} | {rps:.0f} | {med(x['latency_ms']['p50'] for x in rs):.2f} | "
          f"{med(x['latency_ms']['p99'] for x in rs):.2f} | {bad} |")
        if method == "GET":
            targets["`GET /sessions` ≥ 2,000 req/s"] = (f"{rps:.0f} req/s", rps >= 2000)
    p("")

# (d) rate limit cost
d = [r for r in rows if r["scenario"] == "d"]
micro = [r["result"] for r in rows if r["scenario"] == "d-micro"]
if d or micro:
    p("## (d) Cost of the rate-limit check\n")
    if d:
        p("One connection, sequential requests, 5 s each, alternated. `/health` skips the limiter; "
          "`GET /api/v1/chatkit/sessions` without a token takes a token then answers 401.\n")
        p("| limiter store | `/health` p50 (ms) | 401 p50 (ms) | difference p50 (ms) | `/health` p99 | 401 p99 |")
        p("|---|---|---|---|---|---|")
        for store in ("redis", "in-process"):
            reps = defaultdict(dict)
            for r in d:
                if r["store"] == store:
                    reps[r["rep"]][r["path"]] = r["result"]["latency_ms"]
            pairs = [v for v in reps.values() if len(v) == 2]
            if not pairs:
                continue
            h = "/health"
            api = "/api/v1/chatkit/sessions"
            p(f"| {store} | {med(x[h]['p50'] for x in pairs):.3f} | {med(x[api]['p50'] for x in pairs):.3f} | "
              f"{med(x[api]['p50'] - x[h]['p50'] for x in pairs):.3f} | {med(x[h]['p99'] for x in pairs):.3f} | "
              f"{med(x[api]['p99'] for x in pairs):.3f} |")
        p("")
    if micro:
        p("Bucket4j call alone (`RateLimitMicro`, 20,000 calls per case, medians over runs):\n")
        p("| case | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |")
        p("|---|---|---|---|---|")
        for key in micro[0]:
            p(f"| {key.removesuffix('_ms').replace('_', ' ')} | {med(m[key]['p50'] for m in micro):.4f} | "
              f"{med(m[key]['p90'] for m in micro):.4f} | {med(m[key]['p99'] for m in micro):.4f} | "
              f"{med(m[key]['max'] for m in micro):.3f} |")
        rp50 = med(m["redis_sequential_ms"]["p50"] for m in micro)
        targets["rate-limit check p50 ≤ 0.5 ms (Redis, Bucket4j call)"] = (f"{rp50:.3f} ms", rp50 <= 0.5)
        p("")

# (c) open streams
c = [r["result"] for r in rows if r["scenario"] == "c"]
if c:
    h = c[-1]
    p("## (c) Concurrent open streams, `-Xmx512m`\n")
    p(f"Slow streams (a token every 30 s), opened at a fixed rate in steps. Baseline heap after GC: "
      f"{h['baseline_heap_bytes'] / 2**20:.1f} MiB. Errors: `{json.dumps(h['errors'])}`.\n")
    p("| open streams (target) | opened OK (step) | failed (step) | heap after full GC (MiB) | heap per open stream (KiB) | RSS (MiB) |")
    p("|---|---|---|---|---|---|")
    best = 0
    held = 0
    for s in h["steps"]:
        held += s["opened_ok"]
        per = (s["heap_after_gc_bytes"] - h["baseline_heap_bytes"]) / max(1, held) / 1024
        p(f"| {s['target']} | {s['opened_ok']} | {s['step_errors']} | {s['heap_after_gc_bytes'] / 2**20:.1f} | "
          f"{per:.1f} | {s['rss_bytes'] / 2**20:.0f} |")
        if s["step_errors"] == 0:
            best = max(best, s["target"])
    targets["≥ 5,000 concurrent open streams in a 512 MiB heap"] = (f"{best} held without errors", best >= 5000)
    p("")

# (e) start-up
e = [r["result"]["ready_ms"] for r in rows if r["scenario"] == "e" and r["result"]["ready_ms"] > 0]
if e:
    p("## (e) Start-up: process start → readiness UP\n")
    p(f"Runs: {', '.join(f'{x / 1000:.1f} s' for x in e)}; median **{med(e) / 1000:.1f} s**.\n")

p("## Targets\n")
p("| target | measured | |")
p("|---|---|---|")
for name, (value, ok) in targets.items():
    p(f"| {name} | {value} | {mark(ok)} |")
print("\n".join(out))
