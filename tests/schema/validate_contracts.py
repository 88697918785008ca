#!/usr/bin/env python3
"""Validates the engine's real outputs against the versioned JSON contracts
(docs/compatibility.md) with an independent validator (python3-jsonschema):

1. docs/schema/decision.schema.json and record.schema.json are valid draft-07
   schemas, and `referral schema --decision/--record` prints exactly them.
2. The case schema `referral schema --case rules/bogota` generates accepts
   every case of rules/bogota's test files and rejects misspelt fields, unknown
   values, wrong types and a missing required field.
3. Every decision `referral route --jsonl` makes for those cases, at each
   trace level, is valid against the decision schema.
4. Every decision record and a review record written by `referral route
   --record` and `referral review` are valid against the record schema.
5. The schemas are not vacuous: a decision without `outcome`, a referral
   without `service` and a record with a bad hash are rejected.

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


def main(source, binary):
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    src = pathlib.Path(source)
    schemas = {}
    for name in ("decision", "record"):
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
    for trace in ("off", "rules", "full"):
        rc, out, err = run(binary, ["route", "--rules", "rules/bogota", "--jsonl", "--trace", trace, "-"],
                           stdin=jsonl, cwd=src)
        expect(rc == 0, f"route --jsonl --trace {trace} failed: {err}")
        lines = out.splitlines()
        expect(len(lines) == len(cases), f"--trace {trace}: {len(lines)} lines for {len(cases)} cases")
        for line in lines:
            d = json.loads(line)
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

    for f in failures:
        print(f"FAIL: {f}")
    print(f"validate_contracts: {len(cases)} cases, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
