#!/usr/bin/env python3
"""Validates the engine's real outputs against the versioned JSON contracts
(docs/compatibility.md) with an independent validator (python3-jsonschema):

1. docs/schema/decision.schema.json, record.schema.json and
   explain.schema.json are valid draft-07 schemas, and `referral schema
   --decision/--record/--explain` prints exactly them.
2. The case schema `referral schema --case rules/bogota` generates accepts
   every case of rules/bogota's test files and rejects misspelt fields, unknown
   values, wrong types and a missing required field.
3. Every decision `referral route --jsonl` makes for those cases, at each
   trace level, is valid against the decision schema.
4. Every decision record and a review record written by `referral route
   --record` and `referral review` are valid against the record schema.
5. The schemas are not vacuous: a decision without `outcome`, a referral
   without `service` and a record with a bad hash are rejected.
6. `referral explain --format json` of every sample case (rules/*/samples/,
   with its rule set) and of the Bogota test cases, and its `--why-not` answer
   for every service of the catalogue, are valid against the explain schema;
   its explanation part is the decision schema's fields (no trace, no
   record) plus `explanation`, so the two cannot drift apart; and it is not
   vacuous either.

Usage: validate_contracts.py SOURCE_DIR REFERRAL_BINARY. Exit 0 when all
hold, 1 otherwise.
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from validate_rules import load_yaml  # YAML 1.2, as the engine reads it  # noqa: E402


def run(binary, args, stdin=None, cwd=None):
    p = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def errors(schema, doc):
    return [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]


def check_explain(src, binary, schemas, cases, decisions, expect, failures):
    """Part 6; returns how many explain outputs were validated."""
    explain, decision = schemas["explain"], schemas["decision"]
    # The explanation is a decision without the trace (explain asks for none),
    # plus `explanation`; a sidecar that records adds the record's
    # `decision_id` and `decided_at` (POST /v1/explain?format=json), as to a
    # decision.
    part = explain["definitions"]["explanation"]
    not_explained = {"trace", "eligibility"}
    kept = {k: v for k, v in decision["properties"].items() if k not in not_explained}
    # `summary` (what to do, issue 19) is the explanation's own, optional.
    expect({k: v for k, v in part["properties"].items() if k not in ("explanation", "summary")} == kept,
           "explain.schema.json's explanation fields differ from decision.schema.json's")
    expect(part["required"] == decision["required"] + ["explanation"],
           "explain.schema.json's required fields differ from decision.schema.json's")
    expect(explain["definitions"]["ruleset"] == decision["definitions"]["ruleset"],
           "explain.schema.json's ruleset differs from decision.schema.json's")

    outputs = []  # (what, JSON object)

    def explain_json(what, rules, args, stdin=None):
        rc, out, err = run(binary, ["explain", "--rules", rules, "--format", "json", *args], stdin=stdin, cwd=src)
        expect(rc == 0 and out.count("\n") == 1, f"explain {what}: exit {rc}, {out.count(chr(10))} lines: {err}")
        if rc == 0:
            outputs.append((what, json.loads(out)))

    samples = sorted((src / "rules").glob("*/samples/*.json"))
    expect(any(p.parts[-3] == "bogota" for p in samples), "no sample case in rules/bogota/samples/")
    for sample in samples:
        rules = f"rules/{sample.parts[-3]}"
        for lang in ("es", "en"):
            explain_json(f"{sample.name} --lang {lang}", rules, ["--lang", lang, str(sample)])
    # One test case per shape of decision (outcome, because, offices,
    # fallbacks, warnings): a process each, so not all of them.
    shapes = set()
    for c in cases:
        d = decisions.get(c.get("case_id"), {})
        refs = d.get("referrals", [])
        shape = (d.get("outcome"), "because" in d, any("office" in r for r in refs),
                 any("fallback_from" in r for r in refs), tuple(sorted(w["code"] for w in d.get("warnings", []))))
        if shape not in shapes:
            shapes.add(shape)
            explain_json(f"test case {c.get('case_id')}", "rules/bogota", ["-"], stdin=json.dumps(c))
    bogota_sample = src / "rules" / "bogota" / "samples" / "nina-venezolana-3-anos.json"
    services = []
    for f in sorted((src / "rules" / "bogota").glob("*.yaml")):
        services += list((load_yaml(f.read_text()) or {}).get("services") or {})
    for service in services:
        explain_json(f"--why-not {service}", "rules/bogota", ["--why-not", service, str(bogota_sample)])

    kinds = {"explanation": 0, "why_not": 0, "already": 0, "found": 0, "not found": 0, "sensitive": 0, "via": 0}
    outcomes = set()
    for what, doc in outputs:
        for e in errors(explain, doc):
            failures.append(f"explain {what}: {e}")
        if "explanation" in doc:
            kinds["explanation"] += 1
            outcomes.add(doc["outcome"])
        else:
            kinds["why_not"] += 1
            kinds["already" if doc["already"] else "found" if doc["found"] else "not found"] += 1
            kinds["sensitive"] += any(c["sensitive"] for c in doc["changes"])
            kinds["via"] += any("via" in c for c in doc["changes"])
    # The outputs validated cover each shape the schema describes.
    expect(outcomes == {"referred", "no_referral", "out_of_scope"}, f"explained outcomes: {sorted(outcomes)}")
    for kind, n in kinds.items():
        expect(n > 0, f"no explain output of the kind `{kind}` was validated")

    # Not vacuous.
    explanation = next(doc for _, doc in outputs if "explanation" in doc)
    why_not = next(doc for _, doc in outputs if "changes" in doc and doc["changes"])
    wrong = [
        ("an explanation without its text", {k: v for k, v in explanation.items() if k != "explanation"}),
        ("an explanation with a trace", dict(explanation, trace=[])),
        ("a decision with an unknown outcome", dict(explanation, outcome="derivado")),
        ("a why-not answer without changes", {k: v for k, v in why_not.items() if k != "changes"}),
        ("an answer already referred with changes", dict(why_not, already=True)),
        ("an answer not found without a reason", dict(why_not, found=False, changes=[])),
        ("a sensitive change with its values", dict(why_not, changes=[{"fact": "pregnant", "sensitive": True,
                                                                       "from": "false", "to": "true"}])),
        ("a change without its values", dict(why_not, changes=[{"fact": "nationality", "sensitive": False}])),
    ]
    for what, doc in wrong:
        expect(errors(explain, doc), f"the explain schema accepts {what}")
    return len(outputs)


def main(source, binary):
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    src = pathlib.Path(source)
    schemas = {}
    for name in ("decision", "record", "explain"):
        path = src / "docs" / "schema" / f"{name}.schema.json"
        schemas[name] = json.loads(path.read_text())
        jsonschema.Draft7Validator.check_schema(schemas[name])
        rc, out, _ = run(binary, ["schema", f"--{name}"])
        expect(rc == 0 and out == path.read_text(), f"referral schema --{name} differs from {path}")

    rc, out, err = run(binary, ["schema", "--case", "rules/bogota"], cwd=src)
    expect(rc == 0, f"referral schema --case failed: {err}")
    case_schema = json.loads(out)
    jsonschema.Draft7Validator.check_schema(case_schema)

    cases = []
    for f in sorted((src / "rules" / "bogota" / "tests").glob("*.yaml")):
        for t in load_yaml(f.read_text())["tests"]:
            if "error" not in (t.get("expect") or {}):  # cases the engine must reject are tested elsewhere
                cases.append(t["case"])
    expect(len(cases) >= 40, f"only {len(cases)} cases found")
    for c in cases:
        for e in errors(case_schema, c):
            failures.append(f"case {c.get('case_id')}: rejected by the case schema: {e}")

    base = copy.deepcopy(cases[0])
    wrong = [
        ("misspelt field", dict(base, nacionality="venezolana")),
        ("unknown value", dict(base, nationality="venezuelan")),
        ("wrong type", dict(base, age_documented="yes")),
        ("missing case_id", {k: v for k, v in base.items() if k != "case_id"}),
        ("missing required fact", {k: v for k, v in base.items() if k != "evaluation_date"}),
        ("derived fact sent", dict(base, age_months=40)),
        ("capacity of an unknown service", dict(base, capacity={"SDIS_NO_SUCH": 3})),
        ("negative capacity", dict(base, capacity={"SDIS_CENTRO_AMAR": -1})),
    ]
    for what, c in wrong:
        expect(errors(case_schema, c), f"the case schema accepts a case with a {what}")
        rc, _, _ = run(binary, ["route", "--rules", "rules/bogota", "-"], stdin=json.dumps(c), cwd=src)
        expect(rc == 1, f"the engine accepts a case with a {what} (exit {rc})")

    jsonl = "".join(json.dumps(c) + "\n" for c in cases)
    decisions = {}  # case_id: decision, for choosing cases to explain
    for trace in ("off", "rules", "full"):
        rc, out, err = run(binary, ["route", "--rules", "rules/bogota", "--jsonl", "--trace", trace, "-"],
                           stdin=jsonl, cwd=src)
        expect(rc == 0, f"route --jsonl --trace {trace} failed: {err}")
        lines = out.splitlines()
        expect(len(lines) == len(cases), f"--trace {trace}: {len(lines)} lines for {len(cases)} cases")
        for line in lines:
            d = json.loads(line)
            decisions[d.get("case_id")] = d
            for e in errors(schemas["decision"], d):
                failures.append(f"decision {d.get('case_id')} (--trace {trace}): {e}")

    with tempfile.TemporaryDirectory() as tmp:
        records = pathlib.Path(tmp) / "records.jsonl"
        rc, _, err = run(binary, ["route", "--rules", "rules/bogota", "--jsonl", "-", "--record", str(records),
                                  "--now", "2026-03-01T10:00:00Z"], stdin=jsonl, cwd=src)
        expect(rc == 0, f"route --record failed: {err}")
        first = json.loads(records.read_text().splitlines()[0])
        rc, _, err = run(binary, ["review", str(records), "--decision", first["decision_id"], "--role",
                                  "profesional_sdis", "--action", "accept", "--reason", "verificado",
                                  "--now", "2026-03-01T11:00:00Z"], cwd=src)
        expect(rc == 0, f"review failed: {err}")
        lines = records.read_text().splitlines()
        expect(len(lines) == len(cases) + 1, f"{len(lines)} record lines for {len(cases)} cases and a review")
        for n, line in enumerate(lines, 1):
            for e in errors(schemas["record"], json.loads(line)):
                failures.append(f"record line {n}: {e}")

    decision = json.loads(run(binary, ["route", "--rules", "rules/bogota", "-"], stdin=json.dumps(cases[0]),
                              cwd=src)[1])
    no_outcome = {k: v for k, v in decision.items() if k != "outcome"}
    expect(errors(schemas["decision"], no_outcome), "the decision schema accepts a decision without outcome")
    if decision["referrals"]:
        bad = copy.deepcopy(decision)
        del bad["referrals"][0]["service"]
        expect(errors(schemas["decision"], bad), "the decision schema accepts a referral without service")
    bad_record = dict(first, prev_hash="123")
    expect(errors(schemas["record"], bad_record), "the record schema accepts a bad prev_hash")

    explained = check_explain(src, binary, schemas, cases, decisions, expect, failures)

    for f in failures:
        print(f"FAIL: {f}")
    print(f"validate_contracts: {len(cases)} cases, {explained} explain outputs, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
