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

# the stream matrix
stream = [r for r in rows if r["scenario"] == "stream" and int(r["rep"]) > 0]
targets = {}
if stream:
    p("## Streaming: direct to the fake vs through the service (and peers)\n")
    p("20 tokens a reply; medians over alternated repetitions. CPU = utime+stime of the process "
      "(from /proc) over the run / replies streamed. Throughput = replies per second, as a share of the "
      "direct run of the same repetition. TTFT = request written → first `delta` event (service) or first "
      "content chunk (direct, Portkey); overhead = TTFT minus the direct run's, same percentile.\n")
    p("| gap | C | target | runs | replies/run | CPU ms / reply | throughput (replies/s) | vs direct | "
      "TTFT p50 / p99 (ms) | **overhead p50** (ms) | **overhead p99** (ms) | errors |")
    p("|---|---|---|---|---|---|---|---|---|---|---|---|")
    runs = defaultdict(dict)
    for r in stream:
        runs[(int(r["gap"]), int(r["c"]), int(r["rep"]))][r["target"]] = r
    for (gap, c) in sorted({(g, k) for g, k, _ in runs}, key=lambda x: (-x[0], x[1])):
        reps = [v for (g, k, _), v in runs.items() if (g, k) == (gap, c) and "direct" in v]
        for target in ("direct", "service", "portkey"):
            pairs = [(v["direct"], v[target]) for v in reps if target in v]
            if not pairs:
                continue
            res = [t["result"] for _, t in pairs]
            ok = [x for x in res if x["ttft_ms"]]
            tput = lambda x: x["ok"] / x["wall_s"] if x["wall_s"] else 0
            rps = med(tput(x) for x in res)
            share = med(tput(t["result"]) / max(1e-9, tput(d["result"])) for d, t in pairs)
            cpu = [t["cpu_ms"] / max(1, t["result"]["ok"]) for _, t in pairs if t["cpu_ms"] is not None]
            errs = sum(x["n"] - x["ok"] for x in res)
            good = [(d["result"], t["result"]) for d, t in pairs if d["result"]["ttft_ms"] and t["result"]["ttft_ms"]]
            ttft = (f"{med(x['ttft_ms']['p50'] for x in ok):.2f} / {med(x['ttft_ms']['p99'] for x in ok):.2f}"
                    if ok else "–")
            if target == "direct" or not good:
                o50 = o99 = "–"
            else:
                o50 = med(t["ttft_ms"]["p50"] - d["ttft_ms"]["p50"] for d, t in good)
                o99 = med(t["ttft_ms"]["p99"] - d["ttft_ms"]["p99"] for d, t in good)
                if target == "service":
                    targets[f"TTFT overhead p50 ≤ {1 if c == 1 else 2} ms at C={c} ({gap} ms gap)"] = (
                        f"{o50:.2f} ms", o50 <= (1 if c == 1 else 2))
                    if c == 50:
                        targets[f"TTFT overhead p99 ≤ 10 ms at C=50 ({gap} ms gap)"] = (f"{o99:.2f} ms", o99 <= 10)
                o50, o99 = f"**{o50:.2f}**", f"**{o99:.2f}**"
            cpu_text = f"{med(cpu):.2f}" if cpu else "–"
            p(f"| {gap} ms | {c} | {target} | {len(pairs)} | {res[0]['n']} | {cpu_text} | {rps:.1f} | "
              f"{share * 100:.0f} % | {ttft} | {o50} | {o99} | {errs} |")
            if target == "service" and c == 50:
                if cpu:
                    targets[f"≤ 1.5 ms service CPU per reply at C=50 ({gap} ms gap)"] = (f"{med(cpu):.2f} ms",
                                                                                       med(cpu) <= 1.5)
                targets[f"throughput at C=50 within 5 % of direct ({gap} ms gap)"] = (f"{share * 100:.0f} %",
                                                                                    share >= 0.95)
            if target == "service":
                targets[f"0 errors (C={c}, {gap} ms gap)"] = (str(errs), errs == 0)
    p("")

# /sessions throughput
b = [r for r in rows if r["scenario"] == "sessions"]
if b:
    p("## `/sessions` throughput (32 keep-alive connections, 10 s after 3 s warm-up, limit raised)\n")
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

# rate limit cost
d = [r for r in rows if r["scenario"] == "ratelimit"]
micro = [r["result"] for r in rows if r["scenario"] == "ratelimit-micro"]
if d or micro:
    p("## Cost of the rate-limit check\n")
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

# held streams
hold = [r for r in rows if r["scenario"] == "hold"]
if hold:
    h = hold[-1]["result"]
    p(f"## Held streams ({hold[-1]['heap']})\n")
    p(f"Slow streams (a token every 30 s) opened at a fixed rate; after each step a full GC "
      f"(`jcmd GC.run`) and the heap used (`jcmd GC.heap_info`). Baseline heap after GC: "
      f"{h['baseline_heap_bytes'] / 2**20:.1f} MiB. Errors: `{json.dumps(h['errors'])}`.\n")
    p("| open streams (target) | opened OK (step) | failed (step) | heap after full GC (MiB) | heap per open stream (KiB) | this step's streams alone (KiB each) | RSS (MiB) |")
    p("|---|---|---|---|---|---|---|")
    best = 0
    held = 0
    per = None
    for s in h["steps"]:
        held += s["opened_ok"]
        per = (s["heap_after_gc_bytes"] - h["baseline_heap_bytes"]) / max(1, held) / 1024
        p(f"| {s['target']} | {s['opened_ok']} | {s['step_errors']} | {s['heap_after_gc_bytes'] / 2**20:.1f} | "
          f"{per:.1f} | {s.get('marginal_heap_per_stream_bytes', 0) / 1024:.1f} | {s['rss_bytes'] / 2**20:.0f} |")
        if s["step_errors"] == 0:
            best = max(best, s["target"])
    if per is not None:
        targets["≤ 48 KiB of heap per open stream"] = (f"{per:.1f} KiB", per <= 48)
    targets[f"8,000 open streams, 0 errors ({hold[-1]['heap']})"] = (f"{best} held without errors", best >= 8000)
    p("")

# start-up
e = [r["result"]["ready_ms"] for r in rows if r["scenario"] == "startup" and r["result"]["ready_ms"] > 0]
if e:
    p("## Start-up: process start → readiness UP\n")
    p(f"Runs: {', '.join(f'{x / 1000:.1f} s' for x in e)}; median **{med(e) / 1000:.1f} s**.\n")

p("## Targets\n")
p("| target | measured | |")
p("|---|---|---|")
for name, (value, ok) in targets.items():
    p(f"| {name} | {value} | {mark(ok)} |")
print("\n".join(out))
