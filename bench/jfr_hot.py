#!/usr/bin/env python3
"""Summarise a JFR recording; JDK 17's 'jfr' has no 'view' command. Prints Java execution samples
per thread, hot methods (top frame, and inclusive for io.ockamj frames), sampled allocation by class
and by allocating frame (the first frame outside JDK/Netty buffer internals), and GC totals.

  # while bench/portal.sh or your own iperf3 run loads a portal (node pids: 'ockam node list'):
  jcmd PID JFR.start settings=profile duration=20s filename=/tmp/node.jfr
  python3 bench/jfr_hot.py /tmp/node.jfr [TOP]

Allocation weights are JFR's sampled estimates: a rare allocation can carry a large weight.
"""
import collections, json, subprocess, sys

def events(path, names):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", names, path], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]

def pkg_frame(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
ex = events(path, "jdk.ExecutionSample")
n = len(ex)
self_c = collections.Counter(); incl = collections.Counter(); threads = collections.Counter()
for e in ex:
    frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
    threads[e["values"]["sampledThread"]["javaName"] or "?"] += 1
    if frames:
        self_c[pkg_frame(frames[0])] += 1
    seen = set()
    for f in frames:
        k = pkg_frame(f)
        if k not in seen:
            seen.add(k); incl[k] += 1
print(f"== {path}: {n} Java execution samples")
print("-- threads"); [print(f"{c:6d} {100*c/n:5.1f}%  {t}") for t, c in threads.most_common(8)]
print("-- self (top frame)"); [print(f"{c:6d} {100*c/n:5.1f}%  {k}") for k, c in self_c.most_common(top)]
print("-- inclusive (io.ockamj frames)")
[print(f"{c:6d} {100*c/n:5.1f}%  {k}") for k, c in [(k, c) for k, c in incl.most_common() if k.startswith("io.ockamj")][:top]]
nat = events(path, "jdk.NativeMethodSample")
print(f"-- native samples: {len(nat)} (threads parked in native code, e.g. epoll)")
al = events(path, "jdk.ObjectAllocationSample")
byclass = collections.Counter(); byframe = collections.Counter(); tot = 0
for e in al:
    w = e["values"]["weight"]; tot += w
    byclass[e["values"]["objectClass"]["name"]] += w
    st = e["values"]["stackTrace"]
    if st and st["frames"]:
        # first frame outside java.*/jdk.* internals = who asked for the memory
        fr = next((f for f in st["frames"] if not pkg_frame(f).startswith(("java.", "jdk.", "sun.", "io.netty.util.internal", "io.vertx.core.buffer"))), st["frames"][0])
        byframe[pkg_frame(fr)] += w
print(f"-- allocation (sampled weight): {tot/1e9:.2f} GB total")
[print(f"{w/1e6:10.1f} MB {100*w/tot:5.1f}%  {k}") for k, w in byclass.most_common(12)]
print("-- allocating frames")
[print(f"{w/1e6:10.1f} MB {100*w/tot:5.1f}%  {k}") for k, w in byframe.most_common(15)]
gc = events(path, "jdk.GarbageCollection")
if gc:
    def dur(s):
        # jfr json durations look like "PT0.001234S"
        return float(s[2:-1]) if s.startswith("PT") and s.endswith("S") else 0.0
    print(f"-- GC: {len(gc)} collections, total pause {sum(dur(g['values']['sumOfPauses']) for g in gc)*1000:.0f} ms, kinds {collections.Counter(g['values']['name'] for g in gc).most_common()}")
