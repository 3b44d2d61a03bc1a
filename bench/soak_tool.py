#!/usr/bin/env python3
"""Helpers for bench/soak.sh: the service behind the outlet, the traffic through the inlet, the report.

  soak_tool.py server PORT
      TCP service on 127.0.0.1:PORT. A connection starts with one mode byte:
        'E'  echo everything until the client closes
        'C'  then a 4-byte big-endian length N: echo N bytes, then the server closes first
  soak_tool.py traffic PORT --stats FILE --pause-file FILE --bulk-pause-file FILE [--conn-rate R] [--bulk-rate MBPS]
      Through the inlet on 127.0.0.1:PORT, until SIGTERM:
        bulk   one long-lived 'E' connection carrying a known byte pattern at BULK-RATE MB/s (0: as fast
               as it goes); every echoed byte is checked; the connection is made again after an error
        short  R new connections a second (open loop, at most 64 at once), a random payload of
               16 B-64 KiB each, checked on the way back; in turn (of 10): 7 'E' closed by the client
               after the echo, 2 'C' closed by the server (the client must see EOF), 1 sent and then
               reset by the client without reading (SO_LINGER 0)
      While the --pause-file exists no new short connection starts; while the --bulk-pause-file exists
      the bulk connection sends nothing more (it stays open) and reports when all it sent has come
      back. soak.sh samples the nodes so, with nothing in flight: heap, workers and file descriptors
      are then the nodes' steady state, not traffic that happens to be passing.
      Counters go to --stats as JSON, rewritten twice a second.
  soak_tool.py perf PID COUNTER...
      The values of HotSpot perf counters (what 'jcmd PID PerfCounter.print' shows), read from the
      JVM's hsperfdata file without starting a JVM; NA for a counter that is missing.
  soak_tool.py report CSV --warmup S [--out FILE]
      The per-node table and verdicts from soak.sh's samples (see report()).
"""
import argparse
import asyncio
import csv
import json
import math
import os
import random
import signal
import socket
import struct
import sys
import time

SHORT_TIMEOUT_S = 15.0
MAX_INFLIGHT = 64
PATTERN = random.Random(13).randbytes(1 << 20)
PATTERN2 = PATTERN + PATTERN  # a slice of up to len(PATTERN) bytes from any offset, without wrapping


# ------------------------------------------------------------------------------------------------
# server
# ------------------------------------------------------------------------------------------------
async def serve_one(reader, writer):
    try:
        mode = await reader.readexactly(1)
        if mode == b"C":
            (n,) = struct.unpack(">I", await reader.readexactly(4))
            while n > 0:
                chunk = await reader.read(min(n, 65536))
                if not chunk:
                    return
                writer.write(chunk)
                await writer.drain()
                n -= len(chunk)
        else:
            writer.write(mode)
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    return
                writer.write(chunk)
                await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def server_main(port):
    server = await asyncio.start_server(serve_one, "127.0.0.1", port, backlog=512)
    async with server:
        await server.serve_forever()


# ------------------------------------------------------------------------------------------------
# traffic
# ------------------------------------------------------------------------------------------------
class Stats:
    def __init__(self, path):
        self.path = path
        self.started = time.time()
        self.bulk_bytes = 0  # echoed back and checked
        self.bulk_errors = 0
        self.bulk_connections = 0
        self.short_ok = 0
        self.short_aborted = 0  # reset on purpose by the client: not a failure
        self.short_failed = 0
        self.short_bytes = 0
        self.inflight = 0
        self.paused = False
        self.bulk_drained = False  # bulk paused and everything it sent echoed back
        self.errors = []  # the first few, with a time stamp

    def error(self, what):
        if len(self.errors) < 20:
            self.errors.append(f"{time.time() - self.started:.1f}s {what}")

    def write(self):
        d = dict(self.__dict__)
        del d["path"]
        d["time"] = time.time()
        with open(self.path + ".tmp", "w") as f:
            json.dump(d, f)
        os.replace(self.path + ".tmp", self.path)


def check(data, offset):
    """Is data the pattern stream from offset on?"""
    o = offset % len(PATTERN)
    pos = 0
    while pos < len(data):
        n = min(len(data) - pos, len(PATTERN))
        if data[pos:pos + n] != PATTERN2[o:o + n]:
            return False
        pos += n
        o = (o + n) % len(PATTERN)
    return True


async def bulk(port, rate_mbps, pause_file, stats):
    chunk = 64 * 1024
    window = 4 << 20  # at most this much sent and not yet echoed
    while True:
        writer = None
        reading = None
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            stats.bulk_connections += 1
            writer.write(b"E")
            sent = 0
            received = 0
            progress = asyncio.Event()

            async def read_side():
                nonlocal received
                if await asyncio.wait_for(reader.readexactly(1), SHORT_TIMEOUT_S) != b"E":
                    raise RuntimeError("bulk: wrong first byte")
                while True:
                    data = await asyncio.wait_for(reader.read(1 << 20), 60)
                    if not data:
                        raise RuntimeError(f"bulk: EOF after {received} bytes")
                    if not check(data, received):
                        raise RuntimeError(f"bulk: corrupt data at byte {received}")
                    received += len(data)
                    stats.bulk_bytes += len(data)
                    progress.set()

            reading = asyncio.ensure_future(read_side())
            t0 = time.monotonic()
            paused_at = None
            while not reading.done():
                if os.path.exists(pause_file):
                    paused_at = paused_at or time.monotonic()
                    if sent == received and not stats.bulk_drained:
                        stats.bulk_drained = True
                        stats.write()
                    await asyncio.sleep(0.01)
                    continue
                if paused_at is not None:  # the pause does not count against the rate: no burst after it
                    t0 += time.monotonic() - paused_at
                    paused_at = None
                    stats.bulk_drained = False
                if sent - received >= window:
                    progress.clear()
                    waiter = asyncio.ensure_future(progress.wait())
                    await asyncio.wait([reading, waiter], timeout=1, return_when=asyncio.FIRST_COMPLETED)
                    waiter.cancel()
                    continue
                if rate_mbps > 0:
                    ahead = sent / (rate_mbps * 1e6) - (time.monotonic() - t0)
                    if ahead > 0:
                        await asyncio.sleep(ahead)
                o = sent % len(PATTERN)
                writer.write(PATTERN2[o:o + chunk])
                sent += chunk
                await writer.drain()
            reading.result()  # raises what ended it
        except (OSError, RuntimeError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
            stats.bulk_errors += 1
            stats.error(f"bulk: {type(e).__name__}: {e}")
            await asyncio.sleep(1)
        finally:
            if reading is not None:
                reading.cancel()
            if writer is not None:
                writer.close()


async def short_once(port, kind, stats):
    stats.inflight += 1
    payload = random.randbytes(random.randint(16, 65536))
    writer = None
    try:
        async def run():
            nonlocal writer
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if kind == "abort":
                writer.write(b"E" + payload)
                await writer.drain()
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return "aborted"
            if kind == "server-close":
                writer.write(b"C" + struct.pack(">I", len(payload)) + payload)
                expect = payload
            else:
                writer.write(b"E" + payload)
                expect = b"E" + payload
            await writer.drain()
            got = await reader.readexactly(len(expect))
            if got != expect:
                raise RuntimeError("echo differs from what was sent")
            if kind == "server-close":
                rest = await reader.read(1)
                if rest:
                    raise RuntimeError("data after the echo instead of EOF")
            return "ok"

        outcome = await asyncio.wait_for(run(), SHORT_TIMEOUT_S)
        if outcome == "ok":
            stats.short_ok += 1
            stats.short_bytes += len(payload)
        else:
            stats.short_aborted += 1
    except (OSError, RuntimeError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
        stats.short_failed += 1
        stats.error(f"short {kind}: {type(e).__name__}: {e}")
    finally:
        if writer is not None:
            writer.close()
        stats.inflight -= 1
        if stats.paused and stats.inflight == 0:
            stats.write()


async def traffic_main(args):
    stats = Stats(args.stats)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tasks = {asyncio.ensure_future(bulk(args.port, args.bulk_rate, args.bulk_pause_file, stats))}

    async def publish():
        while True:
            stats.write()
            await asyncio.sleep(0.5)

    async def open_short_connections():
        kinds = ["echo"] * 7 + ["server-close"] * 2 + ["abort"]
        period = 1.0 / args.conn_rate
        n = 0
        next_at = time.monotonic()
        while True:
            paused = os.path.exists(args.pause_file)
            if paused != stats.paused:
                stats.paused = paused
                stats.write()
            now = time.monotonic()
            if paused or stats.inflight >= MAX_INFLIGHT:
                next_at = now + period
                await asyncio.sleep(0.02)
                continue
            if now < next_at:
                await asyncio.sleep(min(next_at - now, 0.02))
                continue
            next_at += period
            t = asyncio.ensure_future(short_once(args.port, kinds[n % len(kinds)], stats))
            tasks.add(t)
            t.add_done_callback(tasks.discard)
            n += 1

    tasks.add(asyncio.ensure_future(publish()))
    tasks.add(asyncio.ensure_future(open_short_connections()))
    await stop.wait()
    for t in list(tasks):
        t.cancel()
    stats.inflight = 0
    stats.write()


# ------------------------------------------------------------------------------------------------
# perf counters
# ------------------------------------------------------------------------------------------------
def perf_counters(pid):
    """Long ('J') counters of a HotSpot JVM's hsperfdata file (format 2.0: a prologue, then entries)."""
    import getpass
    path = f"/tmp/hsperfdata_{getpass.getuser()}/{pid}"  # HotSpot on Linux: /tmp whatever java.io.tmpdir is
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:4] != b"\xca\xfe\xc0\xc0":
        raise ValueError(f"{path}: not a hsperfdata file")
    e = "<" if buf[4] == 1 else ">"
    entry, count = struct.unpack_from(e + "ii", buf, 24)
    out = {}
    for _ in range(count):
        length, name_off, vector_len, kind, _, _, _, data_off = struct.unpack_from(e + "iiicBBBi", buf, entry)
        if kind == b"J" and vector_len == 0:
            name = buf[entry + name_off:buf.index(b"\0", entry + name_off)].decode()
            out[name] = struct.unpack_from(e + "q", buf, entry + data_off)[0]
        entry += length
    return out


def perf(args):
    try:
        c = perf_counters(args.pid)
    except (OSError, ValueError, struct.error) as err:
        print(f"soak_tool.py perf: {err}", file=sys.stderr)
        return 1
    print(" ".join(str(c.get(k, "NA")) for k in args.counters))
    return 0


# ------------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------------
METRICS = [  # column, label, scale, unit, decimals
    ("workers", "workers", 1, "", 1),
    ("heap_used_bytes", "heap after GC", 1 / 1048576, "MiB", 2),
    ("threads", "threads", 1, "", 1),
    ("fds", "open fds", 1, "", 1),
    ("rss_kib", "RSS", 1 / 1024, "MiB", 1),
]
WORKERS_LIMIT_PER_H = 0.5


def fit(points):
    """Least squares y = a + b t: slope b, its standard error, residual standard deviation."""
    n = len(points)
    if n < 3:
        return None
    mt = sum(t for t, _ in points) / n
    my = sum(y for _, y in points) / n
    stt = sum((t - mt) ** 2 for t, _ in points)
    if stt == 0:
        return None
    b = sum((t - mt) * (y - my) for t, y in points) / stt
    a = my - b * mt
    sse = sum((y - a - b * t) ** 2 for t, y in points)
    sigma = math.sqrt(sse / (n - 2))
    return b, sigma / math.sqrt(stt), sigma


def grows(b, se, sigma, span):
    """A slope is a trend, not noise, when it is significant (more than 2 standard errors) and the
    change it makes over the window is larger than the scatter of the samples around the line
    (2 residual standard deviations, about 95 % of the samples)."""
    return abs(b) > 2 * se and abs(b) * span > 2 * sigma


def report(args):
    rows = list(csv.DictReader(open(args.csv)))
    nodes = list(dict.fromkeys(r["node"] for r in rows))
    out = []
    leak = False
    for node in nodes:
        rs = [r for r in rows if r["node"] == node]
        pid = rs[-1]["pid"]
        late = [r for r in rs if float(r["time_s"]) >= args.warmup]
        span = float(late[-1]["time_s"]) - float(late[0]["time_s"]) if len(late) >= 2 else 0
        out.append(f"node {node} (pid {pid}): {len(rs)} samples, slope over the {len(late)} after "
                   f"{args.warmup:g} s of warm-up ({span / 60:.1f} min)")
        out.append(f"  {'metric':<20}{'first':>10}{'last':>10}{'min':>10}{'max':>10}{'slope/h':>11}"
                   f"{'noise(2σ)':>11}  trend")
        verdicts = []
        for col, label, scale, unit, dec in METRICS:
            vals = [(float(r["time_s"]), float(r[col]) * scale) for r in rs if r[col] not in ("", "NA")]
            pts = [(t, v) for t, v in vals if t >= args.warmup]
            if not vals:
                out.append(f"  {label:<20}  (no samples)")
                continue
            ys = [v for _, v in vals]
            f = fit(pts)
            name = f"{label} ({unit})" if unit else label
            if f is None:
                slope_s, noise_s, trend = "n/a", "n/a", "too few samples after warm-up"
            else:
                b, se, sigma = f
                slope_s = f"{b * 3600:+.{dec}f}"
                noise_s = f"{2 * sigma:.{dec}f}"
                if col == "workers":
                    flat = abs(b * 3600) <= WORKERS_LIMIT_PER_H
                    trend = "flat" if flat else f"LEAK: {b * 3600:+.1f}/h, limit ±{WORKERS_LIMIT_PER_H}/h"
                else:
                    trend_ = grows(b, se, sigma, span)
                    flat = not (trend_ and b > 0)  # a falling heap is no leak
                    trend = ("RISING" if trend_ and b > 0 else "falling" if trend_ else "flat") + \
                        f" ({b * span:+.{dec}f} over the window vs noise {2 * sigma:.{dec}f})"
                if col in ("workers", "heap_used_bytes"):
                    verdicts.append((label, flat, f"{slope_s} {unit}/h".replace(" /h", "/h")))
            out.append(f"  {name:<20}{ys[0]:>10.{dec}f}{ys[-1]:>10.{dec}f}{min(ys):>10.{dec}f}"
                       f"{max(ys):>10.{dec}f}{slope_s:>11}{noise_s:>11}  {trend}")
        gcs = [float(r["full_gc_ms"]) for r in rs if r["full_gc_ms"] not in ("", "NA")]
        if gcs:
            out.append(f"  forced full GC per sample: mean {sum(gcs) / len(gcs):.1f} ms, max {max(gcs):.1f} ms")
        if len(verdicts) < 2:
            out.append(f"  VERDICT {node}: n/a (too few samples after warm-up)")
        else:
            bad = [f"{label} {s}" for label, flat, s in verdicts if not flat]
            leak |= bool(bad)
            out.append(f"  VERDICT {node}: " + ("PASS: workers flat and heap not rising after warm-up" if not bad
                                               else "LEAK: " + ", ".join(bad) + " growing"))
        out.append("")
    out.append("first/last/min/max: all samples; slope: least squares per hour over the samples after warm-up.")
    out.append("Verdict: workers must stay within ±0.5/h; the heap (used right after a forced full GC, with no")
    out.append("traffic in flight) must not be RISING. A metric other than workers is RISING (or falling) only")
    out.append("when its slope is over 2 standard errors AND the change it makes over the window exceeds the")
    out.append("noise, 2 standard deviations of the samples around the fitted line; otherwise it is flat within")
    out.append("noise. Threads, fds and RSS are shown for information (RSS of a JVM creeps up as it warms).")
    text = "\n".join(out)
    print(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
    return 3 if leak else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("server")
    s.add_argument("port", type=int)
    t = sub.add_parser("traffic")
    t.add_argument("port", type=int)
    t.add_argument("--stats", required=True)
    t.add_argument("--pause-file", required=True)
    t.add_argument("--bulk-pause-file", required=True)
    t.add_argument("--conn-rate", type=float, default=5)
    t.add_argument("--bulk-rate", type=float, default=10)
    c = sub.add_parser("perf")
    c.add_argument("pid", type=int)
    c.add_argument("counters", nargs="+")
    r = sub.add_parser("report")
    r.add_argument("csv")
    r.add_argument("--warmup", type=float, default=60)
    r.add_argument("--out")
    args = p.parse_args()
    if args.cmd == "server":
        asyncio.run(server_main(args.port))
    elif args.cmd == "traffic":
        asyncio.run(traffic_main(args))
    elif args.cmd == "perf":
        sys.exit(perf(args))
    else:
        sys.exit(report(args))


if __name__ == "__main__":
    main()
