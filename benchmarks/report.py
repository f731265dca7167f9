#!/usr/bin/env python3
"""Turns the raw results of benchmarks/run.sh into benchmarks/RESULTS.md.

Reads, from --results: hot-t1.json and hot-t2.json (JMH), tink.json (JMH, optional), herd.json,
stall.json, startup.json (the measurement programs), load.txt and java-version.txt.
JMH error bars are its 99.9 % confidence half-widths; ratios carry the propagated relative error.
"""
import argparse
import datetime
import json
import math
import os
import platform

BENCH = "io.github.dynamicsecrets.benchmarks."

HOT_SIDES = [
    ("oursGet", "ours: `SecretsClient.get`"),
    ("oursFacadeGet", "ours: `Secrets.get` (facade)"),
    ("oursGetString", "ours: `SecretsClient.getString` (get + decode)"),
    ("peerGetSecretString", "peer: AWS `SecretCache.getSecretString`"),
    ("caffeineGet", "bare Caffeine `LoadingCache.get`"),
    ("concurrentHashMapGet", "`ConcurrentHashMap.get` (floor)"),
]

# Targets from issue #6; reported, never asserted.
TARGET_VS_CAFFEINE = 2.0
TARGET_SCALING = 1.8
ZERO_BYTES = 0.5  # JMH's own bookkeeping shows up as a few thousandths of a byte per op


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


class M:
    """A measurement with a symmetric error."""

    def __init__(self, v, e=0.0):
        self.v = float(v)
        e = float(e) if e is not None else 0.0  # JMH writes "NaN" when it had too few samples
        self.e = 0.0 if math.isnan(e) else e

    def rel(self):
        return self.e / self.v if self.v else 0.0

    def __truediv__(self, o):
        r = self.v / o.v
        return M(r, abs(r) * math.hypot(self.rel(), o.rel()))

    def scale(self, k):
        return M(self.v * k, self.e * k)

    def fmt(self, digits=1):
        if self.e:
            return f"{self.v:.{digits}f} ± {self.e:.{digits}f}"
        return f"{self.v:.{digits}f}"


def jmh_index(data):
    """{(method, params-tuple): {"t": M, "alloc": M, "threads": n}}"""
    out = {}
    for r in data or []:
        method = r["benchmark"].rsplit(".", 1)[1]
        params = tuple(sorted((r.get("params") or {}).items()))
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        raw = [x for fork in pm.get("rawData", []) for x in fork]
        out[(method, params)] = {
            "t": M(pm["score"], pm.get("scoreError")),
            # the fastest measured iteration: the one other jobs on the machine disturbed least
            "best": M(min(raw)) if raw else M(pm["score"]),
            "unit": pm["scoreUnit"],
            "alloc": M(alloc["score"], alloc.get("scoreError")) if alloc else None,
            "threads": r["threads"],
            "forks": r["forks"],
            "warmup": f'{r["warmupIterations"]} x {r["warmupTime"]}',
            "measure": f'{r["measurementIterations"]} x {r["measurementTime"]}',
        }
    return out


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    return f'{int(line.split()[1]) / 1024 / 1024:.0f} GiB'
    except OSError:
        pass
    return "unknown"


def alloc_fmt(a):
    if a is None:
        return "n/a"
    if a.v < ZERO_BYTES:
        return "0"
    return a.fmt(0)


def hot_section(t1, t2, lines, verdicts):
    names = sorted({dict(k[1]).get("names") for k in t1}, key=lambda s: int(s))
    lines.append("## 1–2. Warm read (hot path) and allocation per hit")
    lines.append("")
    lines.append("JMH `AverageTime`, ns per read per thread (lower is better). *Mean* is JMH's score "
                 "with its 99.9 % confidence half-width; *best* is the fastest 1 s iteration of all "
                 "forks, the one that other jobs on this shared machine disturbed least. *Scaling* is "
                 "the throughput of 2 threads over 1 thread (2 × t₁ / t₂; 2.0 is perfect on 2 cores). "
                 "*B/read* is `gc.alloc.rate.norm` from `-prof gc`, 1 thread.")
    lines.append("")
    lines.append("| read | names | 1 thread: mean | best | 2 threads: mean | best | scaling: mean | best | B/read |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        key = (("names", n),)
        for method, label in HOT_SIDES:
            a = t1.get((method, key))
            if a is None:
                continue
            b = t2.get((method, key))
            if b:
                two = f'{b["t"].fmt()} | {b["best"].fmt()} | {(a["t"] / b["t"]).scale(2).fmt(2)}× | ' \
                      f'{(a["best"] / b["best"]).scale(2).fmt(2)}×'
            else:
                two = "– | – | – | –"
            lines.append(f'| {label} | {n} | {a["t"].fmt()} | {a["best"].fmt()} | {two} | {alloc_fmt(a["alloc"])} |')
    lines.append("")
    lines.append("Ratios of time per read, mean (best) (ours = `SecretsClient.get`; below 1 means ours is faster):")
    lines.append("")
    lines.append("| names | threads | ours / peer | peer / ours (speed-up) | ours / Caffeine | ours / ConcurrentHashMap |")
    lines.append("|---:|---:|---:|---:|---:|---:|")
    worst = {"t": None, "best": None}
    for n in names:
        key = (("names", n),)
        for threads, idx in ((1, t1), (2, t2)):
            ours, peer = idx.get(("oursGet", key)), idx.get(("peerGetSecretString", key))
            caf, chm = idx.get(("caffeineGet", key)), idx.get(("concurrentHashMapGet", key))
            if not (ours and peer and caf and chm):
                continue
            for stat in worst:
                r = ours[stat] / caf[stat]
                if worst[stat] is None or r.v > worst[stat][0].v:
                    worst[stat] = (r, n, threads)

            def both(f, digits):
                return f'{f("t").fmt(digits)} ({f("best").fmt(digits)})'

            lines.append(f'| {n} | {threads} | {both(lambda k: ours[k] / peer[k], 3)} | '
                         f'{both(lambda k: peer[k] / ours[k], 1)}× | {both(lambda k: ours[k] / caf[k], 2)} | '
                         f'{both(lambda k: ours[k] / chm[k], 2)} |')
    lines.append("")
    if worst["t"]:
        (rm, nm, tm), (rb, nb, tb) = worst["t"], worst["best"]
        verdicts.append(("warm `get` within 2× of a bare Caffeine hit",
                         f"worst case {rm.fmt(2)}× on means ({nm} name(s), {tm} thread(s)); "
                         f"{rb.v:.2f}× on best iterations ({nb} name(s), {tb} thread(s))",
                         f'{"yes" if rm.v <= TARGET_VS_CAFFEINE else "**no**"} (mean), '
                         f'{"yes" if rb.v <= TARGET_VS_CAFFEINE else "**no**"} (best)'))
    allocs = [v["alloc"] for k, v in list(t1.items()) + list(t2.items())
              if k[0] in ("oursGet", "oursFacadeGet") and v["alloc"] is not None]
    if allocs:
        top = max(a.v for a in allocs)
        verdicts.append(("warm `get` allocates 0 B",
                         f"at most {top:.3f} B/read, 1 and 2 threads, client and facade "
                         f"(JMH's own bookkeeping shows as a few thousandths)",
                         "yes" if top < ZERO_BYTES else "**no**"))
    scal = []
    for n in names:
        key = (("names", n),)
        a, b = t1.get(("oursGet", key)), t2.get(("oursGet", key))
        if a and b:
            scal.append(((a["t"] / b["t"]).scale(2), (a["best"] / b["best"]).scale(2), n))
    if scal:
        worst_mean = min(x[0].v for x in scal)
        worst_best = min(x[1].v for x in scal)
        verdicts.append(("warm `get` scales ≥ 1.8× from 1 to 2 threads",
                         "; ".join(f'{m.fmt(2)}× mean, {b.v:.2f}× best ({n} name(s))' for m, b, n in scal),
                         f'{"yes" if worst_mean >= TARGET_SCALING else "**no**"} (mean), '
                         f'{"yes" if worst_best >= TARGET_SCALING else "**no**"} (best)'))
    if t1:
        any_run = next(iter(t1.values()))
        lines.append(f'Budget: {any_run["forks"]} forks × ({any_run["warmup"]} warm-up + '
                     f'{any_run["measure"]} measured) per row.')
        lines.append("")


def herd_section(herd, lines, verdicts):
    lines.append("## 3. Cold herd")
    lines.append("")
    lines.append(f'N threads released together ask for one uncached name; the store answers after '
                 f'{herd["latency_ms"]} ms. {herd["reps"]} repetitions per N (after 3 discarded), '
                 f'each on a new name. *Slowest wait*: median over repetitions of the slowest '
                 f'caller (p99 and max in brackets), in ms. *Round trips*: median slowest wait / '
                 f'store latency.')
    lines.append("")
    lines.append("| N | ours: store calls | ours: slowest wait | ours: round trips | "
                 "peer: store calls | peer: slowest wait | peer: round trips | peer / ours wait |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    peer_by_n = {r["threads"]: r for r in herd["peer"]}
    worst_calls, worst_trips = 0, 0.0
    for o in herd["ours"]:
        p = peer_by_n.get(o["threads"])
        ow, pw = o["slowest_wait"], p["slowest_wait"]
        worst_calls = max(worst_calls, o["store_calls_max"])
        worst_trips = max(worst_trips, o["round_trips"])

        def calls(r):
            lo, hi = r["store_calls_median"], r["store_calls_max"]
            return f"{lo}" if lo == hi else f"{lo} (max {hi})"

        lines.append(f'| {o["threads"]} | {calls(o)} | {ow["median_ms"]:.1f} ({ow["p99_ms"]:.1f}, {ow["max_ms"]:.1f}) | '
                     f'{o["round_trips"]:.1f} | {calls(p)} | '
                     f'{pw["median_ms"]:.1f} ({pw["p99_ms"]:.1f}, {pw["max_ms"]:.1f}) | {p["round_trips"]:.1f} | '
                     f'{pw["median_ms"] / ow["median_ms"]:.2f}× |')
    lines.append("")
    verdicts.append(("cold herd costs 1 store call and 1 round trip",
                     f"at most {worst_calls} store call(s); at most {worst_trips:.1f} round trips (median slowest wait)",
                     "yes" if worst_calls == 1 and worst_trips < 1.5 else "**no**"))


def stall_section(stall, lines, verdicts):
    lines.append("## 4. Refresh stall")
    lines.append("")
    lines.append(f'{stall["readers"]} readers read {stall["names"]} names in turn for {stall["seconds"]} s '
                 f'(one read, then a {stall["pause_us"]} µs pause); entries refresh every '
                 f'{stall["refresh_ms"]} ms from a store that answers in {stall["latency_ms"]} ms, and the '
                 f'store rotates every secret every {stall["rotate_every_ms"]} ms. Ours: '
                 f'`secrets.cache.refresh=PT1S`; peer: `cacheItemTTL` {stall["refresh_ms"]} ms (it refreshes '
                 f'at a random point between half the TTL and the TTL). The floor is a ConcurrentHashMap that '
                 f'nothing refreshes: its slow reads are the machine\'s own.')
    lines.append("")
    lines.append("| side | reads | reads > 10 ms | reads > 1 ms | slowest read, ms | store calls |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for side in ("ours", "peer", "floor"):
        s = stall[side]
        lines.append(f'| {side} | {s["reads"]:,} | {s["reads_over_10ms"]:,} | {s["reads_over_1ms"]:,} | '
                     f'{s["max_read_ms"]:.1f} | {s["store_calls"]:,} |')
    lines.append("")
    o, f = stall["ours"], stall["floor"]
    verdicts.append(("a refresh stalls no reader",
                     f'{o["reads_over_10ms"]} reads over 10 ms for ours (floor {f["reads_over_10ms"]}, '
                     f'peer {stall["peer"]["reads_over_10ms"]})',
                     "yes" if o["reads_over_10ms"] <= f["reads_over_10ms"] else "**no**"))


def startup_section(st, lines):
    lines.append("## 5. Start-up")
    lines.append("")
    lines.append(f'Wall time from spawning `java -cp benchmarks.jar StartupMain` to the line it prints after '
                 f'its first secret, {st["runs"]} runs per variant, variants interleaved, 2 rounds discarded. '
                 f'Default JVM flags. All variants load the same 14 MB shaded jar, so *over floor* is the '
                 f'cost of reaching the first secret.')
    lines.append("")
    lines.append("| variant | median, ms | min–max, ms | p90, ms | median over floor, ms |")
    lines.append("|---|---:|---:|---:|---:|")
    labels = {
        "floor": "floor: JVM start, main prints at once",
        "ours_env": "ours: `Secrets.get`, env provider",
        "ours_files": "ours: `Secrets.get`, file provider",
        "ours_files_disk": "ours: `Secrets.get`, file provider + disk cache",
        "peer_in_jvm": "peer: `SecretCache` over the in-JVM client (no network)",
    }
    floor = st.get("floor", {}).get("median_ms")
    for key, label in labels.items():
        if key not in st:
            continue
        v = st[key]
        over = f'{v["median_ms"] - floor:.0f}' if floor is not None and key != "floor" else "–"
        lines.append(f'| {label} | {v["median_ms"]:.0f} | {v["min_ms"]:.0f}–{v["max_ms"]:.0f} | '
                     f'{v["p90_ms"]:.0f} | {over} |')
    lines.append("")


def tink_section(tink, lines):
    lines.append("## Tink (the disk cache's AEAD)")
    lines.append("")
    lines.append("AES256_GCM through Tink's `Aead`, with the disk cache's associated data. `startup` is "
                 "single shot in a fresh JVM per fork (register, parse a JSON keyset, get the primitive, "
                 "first 64 B round trip), ms; the rest is steady state per value, ns, 1 thread.")
    lines.append("")
    lines.append("| benchmark | params | score | B/op |")
    lines.append("|---|---|---:|---:|")
    def order(item):
        (method, params), _ = item
        return method, [int(v) if str(v).isdigit() else 0 for _, v in params]

    for (method, params), r in sorted(tink.items(), key=order):
        p = ", ".join(f"{k}={v}" for k, v in params) or "–"
        lines.append(f'| {method} | {p} | {r["t"].fmt()} {r["unit"]} | {alloc_fmt(r["alloc"])} |')
    lines.append("")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--notes")
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--waited", type=int, default=0)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    r = a.results
    t1_raw, t2_raw = load(f"{r}/hot-t1.json"), load(f"{r}/hot-t2.json")
    t1, t2 = jmh_index(t1_raw), jmh_index(t2_raw)
    tink = jmh_index((load(f"{r}/tink-cold.json") or []) + (load(f"{r}/tink.json") or []))
    herd, stall, startup = load(f"{r}/herd.json"), load(f"{r}/stall.json"), load(f"{r}/startup.json")

    jdk = "unknown"
    if os.path.exists(f"{r}/java-version.txt"):
        with open(f"{r}/java-version.txt") as f:
            jdk = " / ".join(l.strip() for l in f if l.strip())
    loads = []
    if os.path.exists(f"{r}/load.txt"):
        with open(f"{r}/load.txt") as f:
            for line in f:
                parts = line.split()
                loads.append(f"{parts[0]} {parts[1]}")

    lines = ["# Benchmark results", ""]
    if a.quick:
        lines += ["> **Smoke run (`run.sh --quick`): budgets too small for the figures to mean much.**", ""]
    lines.append("Written by `benchmarks/run.sh` (see README.md). Targets are reported, never asserted.")
    lines.append("")
    lines.append("| | |")
    lines.append("|---|---|")
    stamp = os.path.getmtime(f"{r}/hot-t1.json") if os.path.exists(f"{r}/hot-t1.json") else None
    when = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc) if stamp else datetime.datetime.now(datetime.timezone.utc)
    lines.append(f'| date | {when.strftime("%Y-%m-%d %H:%M UTC")} |')
    lines.append(f"| JDK | {jdk} |")
    if t1_raw:
        lines.append(f'| JMH | {t1_raw[0]["jmhVersion"]}, JVM args {" ".join(t1_raw[0].get("jvmArgs", [])) or "none"} |')
    lines.append(f"| CPU | {cpu_model()}, {os.cpu_count()} cores, {mem_total()} |")
    lines.append(f'| load average (1 min) at the start of each stage | {"; ".join(loads) or "not recorded"} |')
    if a.seconds:
        waited = f" (not counting {a.waited} s spent waiting for another JMH run to finish)" if a.waited else ""
        lines.append(f"| whole run | {a.seconds // 60} min {a.seconds % 60} s{waited} |")
    lines.append("| peer | `com.amazonaws.secretsmanager:aws-secretsmanager-caching-java:2.2.0` over an "
                 "in-JVM `SecretsManagerClient` (no HTTP); default configuration except `cacheItemTTL` |")
    lines.append("| ours | `SecretsEngine.builder().provider(\"memory\", InMemorySecretProvider)`, "
                 "`secrets.rotation.poll=PT1H`; SLF4J simple binding at WARN |")
    lines.append("")
    lines.append("The machine is 2 cores shared with other jobs; the load averages above say how busy it "
                 "was. Each JMH run itself keeps 1 or 2 cores busy.")
    lines.append("")

    verdicts = []
    body = []
    if t1:
        hot_section(t1, t2, body, verdicts)
    if herd:
        herd_section(herd, body, verdicts)
    if stall:
        stall_section(stall, body, verdicts)
    if startup:
        startup_section(startup, body)
    if tink:
        tink_section(tink, body)

    lines.append("## Targets")
    lines.append("")
    lines.append("| target | measured | met |")
    lines.append("|---|---|---|")
    for t, m, ok in verdicts:
        lines.append(f"| {t} | {m} | {ok} |")
    lines.append("")
    lines += body
    if a.notes and os.path.exists(a.notes):
        with open(a.notes) as f:
            lines.append(f.read().rstrip())
            lines.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
