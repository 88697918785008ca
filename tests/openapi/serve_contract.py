#!/usr/bin/env python3
"""Checks every answer of the real `referral serve` against docs/openapi.json.

Starts the sidecar on loopback (`--listen 127.0.0.1:0`) four times: plain;
with `--record`; with `--token-file` and a small `--max-body`; and on a rule
set with a `unique` node two rules can match (for `eval.*`), whose reload is
then refused. Against them it sends a list of probes: every endpoint, and
every error it can provoke (a rejected case, an unknown field, a bad query
parameter, no token, an unknown path, another method, a review without
records, a body over `--max-body`, a case over the depth limit, a request line
too long, an unreadable request, a replayed and a conflicting idempotency key,
a record that cannot be written (a file-size limit on the server, as
tests/tools/serve_records_test.cc does), a record file that is gone (/readyz)).

For each answer:
1. its status is the one the probe provokes;
2. the operation (or, for a request that names none, `x-referral-unrouted`)
   documents that status;
3. each header that response documents as required is there (X-Request-Id
   always), and each documented header sent validates against its schema;
   the request's own X-Request-Id is echoed when usable;
4. its Content-Type is one the response documents, and the body validates
   (python3-jsonschema, Draft 2020-12, `$ref`s resolved in the document)
   against that media type's schema; for application/x-ndjson, each line;
5. an error carries the code the probe provokes.
`referral schema --openapi` must print docs/openapi.json byte for byte, and
so must GET /openapi.json. Then every response object the document
describes, with each of its media types, must have been received at least
once, but those in NOT_PROVOKED (with why).

Usage: serve_contract.py SOURCE_DIR REFERRAL_BINARY. Exit 0 when all hold.
"""
import http.client
import json
import pathlib
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "schema"))
from validate_rules import load_yaml  # noqa: E402

# Responses the document describes that no probe can provoke.
NOT_PROVOKED = {
    "/components/responses/Internal": "500 `internal` is a bug: no request provokes it",
}

TOKEN = "contract-test-token"
DOC_URI = "urn:referral:openapi"


def escape(part):
    return part.replace("~", "~0").replace("/", "~1")


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)


def request(port, method, target, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        r = conn.getresponse()
        return Answer(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def raw_request(port, data):
    """Sends bytes as they are and reads one answer (with Content-Length)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(data)
        got = b""
        while b"\r\n\r\n" not in got:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        head, _, body = got.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = [tuple(p.strip() for p in line.split(":", 1)) for line in lines[1:] if ":" in line]
        length = int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return Answer(status, headers, body)


class Server:
    """`referral serve` on 127.0.0.1, any free port."""

    def __init__(self, binary, src, tmp, name, rules, *args):
        self.name = name
        self.log = tmp / f"{name}.stderr"
        self.proc = subprocess.Popen(
            [binary, "serve", "--rules", str(rules), "--listen", "127.0.0.1:0", "--poll", "0", "--quiet", *args],
            cwd=src, stdout=subprocess.PIPE, stderr=self.log.open("w"), stdin=subprocess.DEVNULL, text=True)
        line = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(120)  # the start runs the rule set's tests
        m = re.match(r"listening on 127\.0\.0\.1:(\d+)", line[0] if line else "")
        if not m:
            self.stop()
            raise RuntimeError(f"{name}: no `listening on` line: {line}; stderr: {self.log.read_text()[-2000:]}")
        self.port = int(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        return self.proc.returncode


class Contract:
    def __init__(self, doc):
        self.doc = doc
        self.validators = {}
        self.seen = set()      # (response pointer, media type or None)

    def at(self, pointer):
        node = self.doc
        for part in pointer.lstrip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def deref(self, node, pointer):
        while "$ref" in node:
            pointer = node["$ref"][1:]
            node = self.at(pointer)
        return node, pointer

    def errors(self, instance, pointer):
        if pointer not in self.validators:
            schema = {"$ref": f"{DOC_URI}#{pointer}"}
            try:  # jsonschema >= 4.18
                from referencing import Registry
                from referencing.jsonschema import DRAFT202012
                registry = Registry().with_resource(DOC_URI, DRAFT202012.create_resource(self.doc))
                v = jsonschema.Draft202012Validator(schema, registry=registry)
            except ImportError:  # Debian 12: 4.10
                v = jsonschema.Draft202012Validator(schema, resolver=jsonschema.RefResolver(DOC_URI, self.doc))
            self.validators[pointer] = v
        return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                for e in self.validators[pointer].iter_errors(instance)]

    def responses_of(self, method, target):
        path = target.split("?", 1)[0]
        item = self.doc["paths"].get(path, {})
        if method.lower() in item:
            return item[method.lower()]["responses"], f"/paths/{escape(path)}/{method.lower()}/responses"
        return self.doc["x-referral-unrouted"]["responses"], "/x-referral-unrouted/responses"

    def response(self, method, target, status):
        responses, pointer = self.responses_of(method, target)
        if str(status) not in responses:
            return None, None
        return self.deref(responses[str(status)], f"{pointer}/{status}")

    def all_responses(self):
        """(pointer, media type or None) of every response the document describes."""
        out = set()
        sources = [(f"/paths/{escape(p)}/{m}/responses", op["responses"]) for p, item in self.doc["paths"].items()
                   for m, op in item.items()]
        sources.append(("/x-referral-unrouted/responses", self.doc["x-referral-unrouted"]["responses"]))
        for base, responses in sources:
            for status, r in responses.items():
                r, pointer = self.deref(r, f"{base}/{status}")
                for media in r.get("content") or [None]:
                    out.add((pointer, media))
        return out

    def check(self, what, method, target, sent_headers, answer):
        """Every way `answer` differs from the document, as text."""
        problems = []
        r, pointer = self.response(method, target, answer.status)
        if r is None:
            return [f"{what}: status {answer.status} is not documented for {method} {target.split('?')[0]}"]
        documented = {}
        for name, h in (r.get("headers") or {}).items():
            documented[name.lower()] = self.deref(h, f"{pointer}/headers/{escape(name)}")
        if "x-request-id" not in documented:
            problems.append(f"{what}: the {answer.status} response documents no X-Request-Id")
        for name, (h, hp) in documented.items():
            value = answer.headers.get(name)
            if value is None:
                if h.get("required"):
                    problems.append(f"{what}: no {name} header, which the document requires")
                continue
            problems += [f"{what}: header {name}: {e}" for e in self.errors(value, f"{hp}/schema")]
        rid = answer.headers.get("x-request-id", "")
        sent = sent_headers.get("X-Request-Id")
        # A request refused before its headers were read (a request line too
        # long, or unreadable) cannot have its own id echoed: it gets a new one.
        unread = answer.status == 414 or (answer.status == 400 and "http.bad_request" in answer.body.decode())
        if sent and re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", sent) and not unread:
            if rid != sent:
                problems.append(f"{what}: X-Request-Id {rid!r}, not the request's {sent!r}")
        elif not re.fullmatch(r"[0-9a-f]{32}", rid):
            problems.append(f"{what}: X-Request-Id {rid!r} is not 32 new hex digits")

        content = r.get("content") or {}
        media = answer.headers.get("content-type", "").split(";")[0].strip().lower() or None
        if not content:
            if answer.body:
                problems.append(f"{what}: a body, where the document describes none")
            self.seen.add((pointer, None))
            return problems
        if media not in content:
            return problems + [f"{what}: Content-Type {media} is not documented (only {', '.join(content)})"]
        self.seen.add((pointer, media))
        schema = f"{pointer}/content/{escape(media)}/schema"
        text = answer.body.decode("utf-8")
        if media == "application/json":
            instances = [json.loads(text)]
        elif media == "application/x-ndjson":
            instances = [json.loads(line) for line in text.splitlines()]
        else:
            instances = [text]
        for n, instance in enumerate(instances, 1):
            where = f" (line {n})" if media == "application/x-ndjson" else ""
            problems += [f"{what}{where}: {e}" for e in self.errors(instance, schema)]
        return problems


def main(source, binary):
    src = pathlib.Path(source).resolve()
    doc_text = (src / "docs" / "openapi.json").read_text()
    contract = Contract(json.loads(doc_text))
    failures = []
    counter = [0]

    # The document built into the program (GET /openapi.json serves it) is
    # docs/openapi.json.
    built = subprocess.run([binary, "schema", "--openapi"], capture_output=True, text=True)
    if built.returncode != 0 or built.stdout != doc_text:
        failures.append(f"`referral schema --openapi` is not docs/openapi.json (exit {built.returncode})")

    def probe(what, server, method, target, body=None, headers=None, status=200, code=None, raw=None):
        """Sends one request, checks its answer; returns it."""
        headers = dict(headers or {})
        counter[0] += 1
        if raw is None and counter[0] % 2 == 0 and "X-Request-Id" not in headers:
            headers["X-Request-Id"] = f"contract-{counter[0]}"  # half the probes name themselves
        if isinstance(body, str):
            body = body.encode("utf-8")
        answer = raw_request(server.port, raw) if raw is not None else request(server.port, method, target, body,
                                                                               headers)
        got_code = None
        if answer.headers.get("content-type", "").startswith("application/json") and answer.status >= 400:
            try:
                got_code = answer.json()["error"]["code"]
            except (ValueError, KeyError, TypeError):
                pass
        ok = answer.status == status and (code is None or got_code == code)
        if not ok:
            failures.append(f"{what}: got {answer.status} {got_code}, expected {status} {code or ''} "
                            f"(body: {answer.body[:300]!r})")
        failures.extend(contract.check(what, method, target, headers, answer))
        return answer

    sample = json.loads((src / "rules" / "bogota" / "samples" / "nina-venezolana-3-anos.json").read_text())
    cases = []
    for f in sorted((src / "rules" / "bogota" / "tests").glob("*.yaml")):
        for t in load_yaml(f.read_text())["tests"]:
            if "error" not in (t.get("expect") or {}):
                cases.append(t["case"])
    case = json.dumps(sample)
    other_case = json.dumps(dict(sample, case_id="otro-caso"))
    JSON = {"Content-Type": "application/json"}
    AUTH = {"Authorization": f"Bearer {TOKEN}"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    servers = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        try:
            # 1. Plain: no records, no token.
            plain = Server(binary, src, tmp, "plain", "rules/bogota")
            servers.append(plain)
            for trace in ("off", "rules", "full"):
                probe(f"decide trace={trace}", plain, "POST", f"/v1/decide?trace={trace}", case, JSON)
            probe("decide, default trace", plain, "POST", "/v1/decide", case, JSON)
            yaml_case = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in sample.items())
            probe("decide a YAML case", plain, "POST", "/v1/decide", yaml_case, {"Content-Type": "application/yaml"})
            for c in cases[:5]:
                probe(f"decide test case {c.get('case_id')}", plain, "POST", "/v1/decide?trace=full", json.dumps(c),
                      JSON)
            probe("decide a case with an unknown field", plain, "POST", "/v1/decide", json.dumps(dict(sample, edad=3)),
                  JSON, status=400, code="case.unknown_field")
            wrong = dict(sample, nationality="marciana", age_documented="si")
            a = probe("decide a case with two wrong fields, in Spanish", plain, "POST", "/v1/decide?lang=es",
                      json.dumps(wrong), JSON, status=400)
            if a.status == 400 and len(a.json().get("errors", [])) < 2:
                failures.append("a case with two wrong fields: fewer than 2 `errors`")
            probe("decide a body that is not JSON", plain, "POST", "/v1/decide", "{not json", JSON, status=400,
                  code="case.bad_json")
            probe("decide a case nested too deep", plain, "POST", "/v1/decide",
                  '{"case_id": "hondo", "x": ' + "[" * 40 + "]" * 40 + "}", JSON, status=413,
                  code="limit.case_depth")
            probe("decide ?trace=everything", plain, "POST", "/v1/decide?trace=everything", case, JSON, status=400,
                  code="http.bad_param")
            probe("decide ?lang=fr", plain, "POST", "/v1/decide?lang=fr", case, JSON, status=400,
                  code="http.bad_param")
            probe("decide with an Idempotency-Key but no records", plain, "POST", "/v1/decide", case,
                  {**JSON, "Idempotency-Key": "k-1"}, status=400, code="http.idempotency_without_records")
            probe("decide with a request line too long", plain, "POST", "/v1/decide?pad=" + "a" * 20000, case, JSON,
                  status=414, code="http.uri_too_long")
            probe("415: a form sent to /v1/decide", plain, "POST", "/v1/decide", "case=1&x=2", form, status=415,
                  code="http.unsupported_media_type")

            probe("explain as text, es", plain, "POST", "/v1/explain?lang=es", case, JSON)
            probe("explain as text, Accept-Language en-US", plain, "POST", "/v1/explain", case,
                  {**JSON, "Accept-Language": "en-US,en;q=0.8"})
            probe("explain as JSON", plain, "POST", "/v1/explain?format=json&lang=en", case, JSON)
            probe("explain as text, format=text", plain, "POST", "/v1/explain?format=text", case, JSON)
            probe("explain ?format=xml", plain, "POST", "/v1/explain?format=xml", case, JSON, status=400,
                  code="http.bad_param")
            probe("explain a rejected case", plain, "POST", "/v1/explain", json.dumps(dict(sample, edad=3)), JSON,
                  status=400, code="case.unknown_field")
            probe("415: a form sent to /v1/explain", plain, "POST", "/v1/explain", "case=1", form, status=415,
                  code="http.unsupported_media_type")

            lines = [json.dumps(c) for c in cases] + ["", "{not json", json.dumps(dict(sample, edad=3))]
            batch = "\n".join(lines) + "\n"
            ndjson = {"Content-Type": "application/x-ndjson"}
            a = probe("batch, default trace", plain, "POST", "/v1/decide/batch", batch, ndjson)
            if a.status == 200 and len(a.body.decode().splitlines()) != len(lines):
                failures.append(f"batch: {len(a.body.decode().splitlines())} lines for {len(lines)}")
            probe("batch trace=full", plain, "POST", "/v1/decide/batch?trace=full", batch, ndjson)
            probe("batch ?trace=some", plain, "POST", "/v1/decide/batch?trace=some", batch, ndjson, status=400,
                  code="http.bad_param")
            probe("batch with an Idempotency-Key", plain, "POST", "/v1/decide/batch", batch,
                  {**ndjson, "Idempotency-Key": "k-2"}, status=400, code="http.bad_idempotency_key")

            review = {"decision_id": "0" * 32, "role": "profesional_sdis", "action": "accept", "reason": "verificado"}
            probe("review without records", plain, "POST", "/v1/reviews", json.dumps(review), JSON, status=409,
                  code="http.no_records")
            probe("ruleset", plain, "GET", "/v1/ruleset")
            probe("healthz", plain, "GET", "/healthz", headers={"X-Request-Id": "not usable!"})
            probe("readyz, no records", plain, "GET", "/readyz")
            probe("metrics", plain, "GET", "/metrics")
            a = probe("GET /openapi.json", plain, "GET", "/openapi.json")
            if a.body.decode("utf-8") != doc_text:
                failures.append("GET /openapi.json is not docs/openapi.json byte for byte")
            probe("an unknown path", plain, "GET", "/v2/decide", status=404, code="http.not_found")
            probe("GET /v1/decide", plain, "GET", "/v1/decide", status=405, code="http.method_not_allowed")
            a = probe("POST /healthz", plain, "POST", "/healthz", "{}", JSON, status=405,
                      code="http.method_not_allowed")
            if a.headers.get("allow") != "GET":
                failures.append(f"POST /healthz: Allow {a.headers.get('allow')!r}, not GET")
            probe("a request line that is not HTTP", plain, "NOT", "(no path)", raw=b"NOT HTTP AT ALL\r\n\r\n", status=400,
                  code="http.bad_request")
            probe("GET /v1/ruleset with a request line too long", plain, "GET", "/v1/ruleset?pad=" + "b" * 20000,
                  status=414, code="http.uri_too_long")

            # 2. With records.
            records = tmp / "records.jsonl"
            rec = Server(binary, src, tmp, "records", "rules/bogota", "--record", str(records))
            servers.append(rec)
            first = probe("decide, recorded", rec, "POST", "/v1/decide", case, JSON).json()
            key = {**JSON, "Idempotency-Key": "contract-key-1"}
            once = probe("decide with an Idempotency-Key", rec, "POST", "/v1/decide", case, key)
            again = probe("decide, the same key and case again", rec, "POST", "/v1/decide", case, key)
            if again.headers.get("idempotent-replayed") != "true" or \
                    again.json().get("decision_id") != once.json().get("decision_id"):
                failures.append("a replayed Idempotency-Key did not return the first decision_id with "
                                "Idempotent-Replayed: true")
            probe("decide, the same key and another case", rec, "POST", "/v1/decide", other_case, key, status=422,
                  code="record.idempotency_conflict")
            probe("decide with an Idempotency-Key of 201 characters", rec, "POST", "/v1/decide", case,
                  {**JSON, "Idempotency-Key": "k" * 201}, status=400, code="record.bad_idempotency_key")
            probe("decide with an empty Idempotency-Key", rec, "POST", "/v1/decide", case,
                  {**JSON, "Idempotency-Key": ""}, status=400, code="record.bad_idempotency_key")
            probe("explain as JSON, recorded", rec, "POST", "/v1/explain?format=json", case, JSON)
            ekey = {**JSON, "Idempotency-Key": "contract-key-2"}
            probe("explain as text with an Idempotency-Key", rec, "POST", "/v1/explain", case, ekey)
            a = probe("explain as JSON, the same key again", rec, "POST", "/v1/explain?format=json", case, ekey)
            if a.headers.get("idempotent-replayed") != "true":
                failures.append("a replayed explain did not say Idempotent-Replayed: true")
            probe("batch, recorded", rec, "POST", "/v1/decide/batch", batch, ndjson)
            review = {"decision_id": first.get("decision_id", ""), "role": "profesional_sdis", "action": "accept",
                      "reason": "verificado"}
            probe("review", rec, "POST", "/v1/reviews", json.dumps(review), JSON, status=201)
            probe("review a decision never made", rec, "POST", "/v1/reviews",
                  json.dumps(dict(review, decision_id="f" * 32)), JSON, status=404, code="record.unknown_decision")
            probe("review with a body that is not JSON", rec, "POST", "/v1/reviews", "[1, 2", JSON, status=400,
                  code="review.bad_json")
            probe("review with free text", rec, "POST", "/v1/reviews", json.dumps(dict(review, note="llamar")),
                  JSON, status=400, code="review.unknown_field")
            probe("review without a reason", rec, "POST", "/v1/reviews",
                  json.dumps({k: v for k, v in review.items() if k != "reason"}), JSON, status=400,
                  code="review.missing_field")
            probe("review with a number for a role", rec, "POST", "/v1/reviews", json.dumps(dict(review, role=3)),
                  JSON, status=400, code="review.bad_type")
            probe("review by a role the rules do not declare", rec, "POST", "/v1/reviews",
                  json.dumps(dict(review, role="vecino")), JSON, status=400, code="record.bad_review")
            probe("415: a form sent to /v1/reviews", rec, "POST", "/v1/reviews", "decision_id=1", form, status=415,
                  code="http.unsupported_media_type")
            probe("readyz, records writable", rec, "GET", "/readyz")
            # A record that cannot be written: a file-size limit on the server.
            size = records.stat().st_size
            old = resource.prlimit(rec.proc.pid, resource.RLIMIT_FSIZE)
            resource.prlimit(rec.proc.pid, resource.RLIMIT_FSIZE, (size + 100, old[1]))
            try:
                probe("decide when the record cannot be written", rec, "POST", "/v1/decide", case, JSON,
                      status=503, code="record.io")
                probe("explain when the record cannot be written", rec, "POST", "/v1/explain", case, JSON,
                      status=503, code="record.io")
                probe("review when the record cannot be written", rec, "POST", "/v1/reviews", json.dumps(review),
                      JSON, status=503, code="record.io")
            finally:
                resource.prlimit(rec.proc.pid, resource.RLIMIT_FSIZE, old)
            probe("decide once the record can be written again", rec, "POST", "/v1/decide", case, JSON)
            records.rename(tmp / "records-moved.jsonl")
            probe("readyz, the record file gone", rec, "GET", "/readyz", status=503)

            # 3. With a token and a small --max-body.
            token_file = tmp / "token"
            token_file.write_text(TOKEN + "\n")
            tok = Server(binary, src, tmp, "token", "rules/bogota", "--token-file", str(token_file),
                         "--max-body", "8192")
            servers.append(tok)
            probe("decide without the token", tok, "POST", "/v1/decide", case, JSON, status=401,
                  code="http.unauthorized")
            probe("decide with a wrong token", tok, "POST", "/v1/decide", case,
                  {**JSON, "Authorization": "Bearer nope"}, status=401, code="http.unauthorized")
            probe("decide with the token", tok, "POST", "/v1/decide", case, {**JSON, **AUTH})
            probe("batch without the token", tok, "POST", "/v1/decide/batch", case, ndjson, status=401,
                  code="http.unauthorized")
            probe("explain without the token", tok, "POST", "/v1/explain", case, JSON, status=401,
                  code="http.unauthorized")
            probe("review without the token", tok, "POST", "/v1/reviews", "{}", JSON, status=401,
                  code="http.unauthorized")
            probe("ruleset without the token", tok, "GET", "/v1/ruleset", status=401, code="http.unauthorized")
            probe("metrics without the token", tok, "GET", "/metrics", status=401, code="http.unauthorized")
            probe("openapi.json without the token", tok, "GET", "/openapi.json", status=401,
                  code="http.unauthorized")
            probe("GET /openapi.json with the token", tok, "GET", "/openapi.json", headers=AUTH)
            probe("an unknown path without the token", tok, "GET", "/admin", status=401, code="http.unauthorized")
            probe("healthz needs no token", tok, "GET", "/healthz")
            probe("readyz needs no token", tok, "GET", "/readyz")
            big = json.dumps(dict(sample, case_id="x" * 9000))
            probe("decide a body over --max-body", tok, "POST", "/v1/decide", big, {**JSON, **AUTH}, status=413,
                  code="http.body_too_large")
            probe("batch a body over --max-body", tok, "POST", "/v1/decide/batch", big, {**ndjson, **AUTH},
                  status=413, code="http.body_too_large")
            probe("review a body over --max-body", tok, "POST", "/v1/reviews", big, {**JSON, **AUTH}, status=413,
                  code="http.body_too_large")

            # 4. Rules with a `unique` node that two rules can match; then a refused reload.
            flawed = tmp / "flawed.yaml"
            shutil.copy(src / "tests" / "fixtures" / "analyze" / "flawed.yaml", flawed)
            uniq = Server(binary, src, tmp, "unique", flawed)
            servers.append(uniq)
            both = json.dumps({"case_id": "u-1", "age": 7, "kind": "prison"})
            probe("decide a case two rules of a unique node match", uniq, "POST", "/v1/decide", both, JSON,
                  status=422, code="eval.unique_violation")
            probe("explain a case two rules of a unique node match", uniq, "POST", "/v1/explain", both, JSON,
                  status=422, code="eval.unique_violation")
            flawed.write_text(flawed.read_text().replace("entry: start", "entry: nowhere"))
            uniq.proc.send_signal(signal.SIGHUP)
            refused = False
            for _ in range(100):  # at most 10 s
                a = request(uniq.port, "GET", "/v1/ruleset")
                if a.status == 200 and a.json()["last_reload"]["ok"] is False:
                    refused = True
                    break
                time.sleep(0.1)
            if not refused:
                failures.append("the broken rule set's reload was not refused within 10 s")
            a = probe("ruleset after a refused reload", uniq, "GET", "/v1/ruleset")
            if refused and not a.json()["last_reload"].get("diagnostics"):
                failures.append("a refused reload shows no diagnostics")
        finally:
            for s in servers:
                rc = s.stop()
                if rc != 0:
                    failures.append(f"the {s.name} sidecar exited {rc} on SIGTERM: {s.log.read_text()[-1000:]}")

    for pointer, media in sorted(contract.all_responses() - contract.seen, key=str):
        if pointer in NOT_PROVOKED:
            print(f"not provoked: {pointer}: {NOT_PROVOKED[pointer]}")
        else:
            failures.append(f"no probe received {pointer} ({media}): provoke it, or say why in NOT_PROVOKED")
    for f in failures:
        print(f"FAIL: {f}")
    print(f"serve_contract: {counter[0]} probes, {len(contract.seen)} documented responses seen, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
