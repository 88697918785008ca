#!/usr/bin/env python3
"""Hostile load on `referral serve`, on loopback (issue 16, item 2).

Holds IDLE connections that send nothing, SLOW_HEADER clients that send a
request header one byte every half second, and SLOW_BODY clients that send a
body the same way (each reconnects when the server closes it), and meanwhile
times REQUESTS `GET /healthz` and `POST /v1/decide` (one Bogota sample case)
on a fresh client connection each. Then sends a CHUNKED_MB megabyte chunked
body to /v1/decide and reports how far the server's resident memory rose over
its idle level (VmHWM against VmRSS, from /proc).

Usage: serve_load.py REFERRAL_BINARY [--idle 500] [--slow-header 20]
       [--slow-body 20] [--requests 50] [--chunked-mb 200] [--check]
With --check, exits 1 unless both medians are under 100 ms, every timed
request was answered, and memory rose by less than 50 MB (the issue's bar).
With --check-answered (the test suite's, which times nothing), exits 1 unless
every timed request was answered 200 within 5 s and the chunked body 413.
Bounded: every loop has a count and every socket a timeout; the server is
stopped at the end.
"""
import argparse
import http.client
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASE = (ROOT / "rules/bogota/samples/nina-venezolana-3-anos.json").read_bytes()


def rss_kb(pid, field):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Drip(threading.Thread):
    """Clients that send a request one byte at a time, reconnecting when cut."""

    def __init__(self, port, count, request):
        super().__init__(daemon=True)
        self.port, self.request = port, request
        self.clients = [[connect(port), 0] for _ in range(count)]
        self.stop = threading.Event()
        self.reconnects = 0

    def run(self):
        while not self.stop.wait(0.5):
            for c in self.clients:
                sock, sent = c
                try:
                    sock.send(self.request[sent % len(self.request):][:1])
                    c[1] = sent + 1
                except OSError:
                    sock.close()
                    try:
                        c[0], c[1] = connect(self.port), 0
                        self.reconnects += 1
                    except OSError:
                        pass

    def close(self):
        self.stop.set()
        self.join(timeout=5)
        for sock, _ in self.clients:
            sock.close()


def timed(port, method, path, body=None):
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        status = conn.getresponse().status
        conn.close()
    except OSError:
        return None, None
    return (time.perf_counter() - started) * 1000, status


def chunked_peak(port, pid, megabytes):
    """Sends a chunked body of `megabytes` MiB (as fast as the server takes
    it, until it closes) and returns the server's peak RSS rise in MB."""
    before = rss_kb(pid, "VmRSS")
    hwm_before = rss_kb(pid, "VmHWM")
    sock = connect(port)
    sock.settimeout(10)
    sock.sendall(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"100000\r\n" + b" " * 0x100000 + b"\r\n"
    sent = 0
    try:
        for _ in range(megabytes):
            sock.sendall(chunk)
            sent += 1
    except OSError:
        pass
    answer = b""
    try:
        answer = sock.recv(4096)
    except OSError:
        pass
    sock.close()
    time.sleep(0.2)
    peak = max(rss_kb(pid, "VmHWM"), hwm_before)
    status = answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/1.1 ") else "none"
    return (peak - before) / 1024, sent, status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--idle", type=int, default=500)
    ap.add_argument("--slow-header", type=int, default=20)
    ap.add_argument("--slow-body", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--chunked-mb", type=int, default=200)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--check-answered", action="store_true")
    args = ap.parse_args()

    server = subprocess.Popen([args.binary, "serve", "--listen", "127.0.0.1:0", "--quiet",
                               "--rules", str(ROOT / "rules/bogota")],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(line.rsplit(":", 1)[1])
        timed(port, "GET", "/healthz")
        idle_rss = rss_kb(server.pid, "VmRSS") / 1024

        idle = [connect(port) for _ in range(args.idle)]
        header = Drip(port, args.slow_header, b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000)
        body = Drip(port, args.slow_body, b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                    + b" " * 100000)
        header.start()
        body.start()
        time.sleep(1)
        health, decide, unanswered = [], [], 0
        for _ in range(args.requests):
            for method, path, payload, into in (("GET", "/healthz", None, health),
                                                ("POST", "/v1/decide?trace=rules", CASE, decide)):
                ms, status = timed(port, method, path, payload)
                if ms is None or status != 200:
                    unanswered += 1
                else:
                    into.append(ms)
        header.close()
        body.close()
        for s in idle:
            s.close()
        rise, sent, status = chunked_peak(port, server.pid, args.chunked_mb)

        def summary(xs):
            if not xs:
                return "no answer"
            xs = sorted(xs)
            return (f"median {statistics.median(xs):.2f} ms, p90 {xs[int(len(xs) * 0.9) - 1]:.2f} ms, "
                    f"max {xs[-1]:.2f} ms ({len(xs)} answered)")

        print(f"referral serve under load: {args.idle} idle connections, {args.slow_header} slow-header and "
              f"{args.slow_body} slow-body clients held open (one byte every 0.5 s), {os.cpu_count()} cores")
        print(f"  GET /healthz:     {summary(health)}")
        print(f"  POST /v1/decide:  {summary(decide)}")
        print(f"  unanswered or not 200 within 5 s: {unanswered} of {2 * args.requests}")
        print(f"  slow clients cut off and reconnected: {header.reconnects + body.reconnects}")
        print(f"  {args.chunked_mb} MiB chunked body: server took {sent} MiB before answering {status}; "
              f"resident memory rose {rise:.1f} MB over its idle {idle_rss:.1f} MB")
        if args.check:
            ok = (health and decide and unanswered == 0 and statistics.median(health) < 100
                  and statistics.median(decide) < 100 and rise < 50)
            print("check:", "passed" if ok else "FAILED")
            return 0 if ok else 1
        if args.check_answered:
            ok = unanswered == 0 and status == "413"
            print("check-answered:", "passed" if ok else "FAILED")
            return 0 if ok else 1
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
