#!/usr/bin/env python3
"""One contract for cases (issue 15, item 5): what the case schema accepts, the
engine accepts.

For every input fact of rules/bogota (read from its rule files, not from the
schema), and for `case_id`, `capacity` and the case as a whole, this builds
cases from the Bogotá sample case with one change each: values of the wrong
JSON type, ints at and past their bounds, integral and non-integral floats,
unknown enum values, set lists with unknown, non-string and repeated members,
nulls, missing required facts, unknown fields, bad dates, control characters
in the case id. Then it asks both sides:

- the engine: `referral route --rules rules/bogota --jsonl`, one real process
  for all the cases (a decision line = accepted, an error line = refused);
- python3-jsonschema (draft-07) with `referral schema --case rules/bogota`;

and fails on every case where one accepts what the other refuses. The only
allowed disagreements are the engine's checks that a JSON Schema cannot
express, listed in INEXPRESSIBLE: for those the test checks that the schema
accepts, the engine refuses with the listed code, and the schema says so in
the description of the field (or of the case, for checks on the text).

Usage: case_contract.py SOURCE_DIR REFERRAL_BINARY. Exit 0 when all hold.
"""
import datetime
import json
import pathlib
import subprocess
import sys

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from validate_rules import load_yaml  # YAML 1.2, as the engine reads it  # noqa: E402

# The decision time of the run: the engine refuses evaluation dates more than
# a day after it, so it is pinned (and the test never expires).
NOW = "2026-03-02T12:00:00Z"
NOW_DAY = datetime.date(2026, 3, 2)

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# The engine's checks that JSON Schema cannot express. Key: the tag a variant
# carries; value: (the engine's error code, where the schema must say so:
# "field" = the description of the field the engine names, "case" = the
# schema's own description).
INEXPRESSIBLE = {
    # Relative to the decision time (`--now` or the clock), which a schema
    # does not know.
    "future": ("case.future_evaluation_date", "field"),
    # Comparisons between two fields' values.
    "birth_after_evaluation": ("case.birth_after_evaluation", "field"),
    "estimate_order": ("case.bad_estimate", "field"),
    # Checks on the text, which a schema of the parsed value never sees: a
    # key given twice (a JSON parser keeps one of the values) and a lone
    # UTF-16 surrogate escape (Python reads it as a string; the engine
    # refuses text that is not Unicode).
    "duplicate_key": ("case.duplicate_key", "case"),
    "lone_surrogate": ("case.bad_json", "case"),
}
# Not in the list: a real calendar day. The schema's date pattern knows month
# lengths and leap years (checked against Python's calendar below), so a
# validator refuses 2026-02-30 without asserting `format: date`.

# The code points the engine refuses in a case id (util/utf8.cc, IsControl),
# written out here independently.
CONTROL = ([*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
            *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
NOT_CONTROL = [0x20, 0x7E, 0xA0, 0xF1, 0x061B, 0x200D, 0x2027, 0x202F, 0x2065, 0x206A, 0xFEFF, 0x1F642]


class Variant:
    """A case text with one change; the inexpressible check it trips (if
    any); and, where the test knows it, whether it is valid."""

    def __init__(self, label, text, tag=None, field=None, valid=None):
        self.label, self.text, self.tag, self.field, self.valid = label, text, tag, field, valid


def with_value(base, field, value_text):
    """The base case with `field` set to the JSON text `value_text`, verbatim
    (so `1e2` stays `1e2`, and big integers stay exact)."""
    marker = "\u0001value\u0001"
    text = json.dumps(dict(base, **{field: marker}))
    return text.replace(json.dumps(marker), value_text)


def without(base, *fields):
    return json.dumps({k: v for k, v in base.items() if k not in fields})


def j(value):
    return json.dumps(value)


def route(binary, rules_dir, texts, now):
    """The engine's answer to each case text (one line each), from one
    `referral route --jsonl` process; None (reported) if it did not answer
    one line per case."""
    for t in texts:
        assert "\n" not in t, t
    p = subprocess.run([binary, "route", "--rules", str(rules_dir), "--jsonl", "--trace", "off", "--now", now, "-"],
                       input="".join(t + "\n" for t in texts), capture_output=True, text=True)
    lines = p.stdout.splitlines()
    if len(lines) != len(texts):
        print(f"FAIL: {len(lines)} output lines for {len(texts)} cases (exit {p.returncode}): {p.stderr[-500:]}")
        return None
    return [json.loads(line) for line in lines]


def rule_facts(rules_dir):
    facts = {}
    for f in sorted(rules_dir.glob("*.yaml")):
        doc = load_yaml(f.read_text()) or {}
        facts.update(doc.get("facts") or {})
    return facts


def rule_services(rules_dir):
    services = []
    for f in sorted(rules_dir.glob("*.yaml")):
        services += list((load_yaml(f.read_text()) or {}).get("services") or {})
    return services


def int_values(fact):
    """(label, JSON text, valid?) for an int fact. Valid: a JSON number whose
    value (as a double, the way both sides read a number with a fraction or
    exponent) is a whole number in the fact's range, or in int64's where the
    fact sets no bound."""
    lo = fact.get("min", INT64_MIN)
    hi = fact.get("max", INT64_MAX)
    numbers = [
        ("min", str(lo)), ("max", str(hi)), ("min+1", str(lo + 1)), ("middle", str(lo + (hi - lo) // 2)),
        ("min-1", str(lo - 1)), ("max+1", str(hi + 1)),
        ("min as a float", f"{lo}.0"), ("max as a float", f"{hi}.0"),
        # Seen (issue 15): "months_in_bogota": 1.0 was valid under the schema
        # and case.bad_type in the engine.
        ("min+1 as a float", f"{lo + 1}.0"),
        ("min+1 with an exponent", f"{lo + 1}e0"), ("min+1 as a float with an exponent", f"{lo + 1}.0e0"),
        ("min-1 as a float", f"{lo - 1}.0"), ("max+1 as a float", f"{hi + 1}.0"),
        ("a half past min", f"{lo}.5"), ("a half below max", f"{hi - 1}.5"), ("a tenth", f"{lo + 1}e-1"),
        ("1e300", "1e300"), ("-1e300", "-1e300"),
        ("above int64", "9223372036854775808"), ("above uint64", "18446744073709551616"),
        ("below int64", "-9223372036854775809"),
        # The largest double below 2^63, and 2^63 written as a decimal float.
        ("the largest double below 2^63", "9.2233720368547748e18"), ("2^63 as a float", "9.223372036854775807e18"),
        ("-0", "-0"), ("-0.0", "-0.0"), ("0e5", "0e5"),
        ("1e2", "1e2"), ("1E2", "1E2"), ("100.000", "100.000"), ("1e-400 (underflows to 0)", "1e-400"),
    ]
    out = []
    for label, text in numbers:
        value = json.loads(text)
        whole = isinstance(value, int) or value.is_integer()
        out.append((label, text, whole and lo <= value <= hi))
    out += [("the string of an int", j(str(lo)), False), ("true", "true", False), ("false", "false", False),
            ("a list", f"[{lo}]", False), ("an object", "{}", False), ("a word", j("uno"), False)]
    return out


DATES = [
    ("a past day", "2025-06-15", True), ("a leap day", "2024-02-29", True),
    ("2000-02-29, a leap year", "2000-02-29", True), ("the first year allowed", "1900-01-01", True),
    ("the last day allowed", "2999-12-31", True),
    ("February 30", "2026-02-30", False), ("29 February of a common year", "2025-02-29", False),
    ("1900 is no leap year", "1900-02-29", False), ("2100 is no leap year", "2100-02-29", False),
    ("2400 is a leap year", "2400-02-29", True), ("April 31", "2026-04-31", False),
    ("September 30", "2025-09-30", True), ("December 31", "2025-12-31", True),
    ("before 1900", "1899-12-31", False), ("after 2999", "3000-01-01", False),
    ("month 13", "2026-13-01", False), ("month 00", "2026-00-10", False), ("day 00", "2026-01-00", False),
    ("day 32", "2026-01-32", False), ("one-digit month", "2026-3-01", False),
    ("a date and time", "2026-03-01T00:00:00", False), ("compact", "20260301", False),
    ("slashes", "2026/03/01", False), ("a trailing newline", "2026-03-01\n", False),
    ("a leading space", " 2026-03-01", False), ("a trailing space", "2026-03-01 ", False),
    ("Arabic-Indic digits", "\u0662\u0660\u0662\u0666-03-01", False), ("empty", "", False),
]


def main(source, binary):
    src = pathlib.Path(source)
    rules_dir = src / "rules" / "bogota"
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    p = subprocess.run([binary, "schema", "--case", str(rules_dir)], capture_output=True, text=True)
    if p.returncode != 0:
        print(f"FAIL: referral schema --case: {p.stderr}")
        return 1
    schema = json.loads(p.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    plain = jsonschema.Draft7Validator(schema)

    facts = rule_facts(rules_dir)
    inputs = {name: f for name, f in facts.items() if "derive" not in f}
    props = schema["properties"]
    expect(set(props) == set(inputs) | {"case_id", "capacity"},
           f"the schema's fields {sorted(props)} are not the rule files' input facts {sorted(inputs)}")
    services = rule_services(rules_dir)
    expect(len(services) >= 10, f"only {len(services)} services found")
    derivations = [f["derive"]["age_in_months"] for f in facts.values() if "age_in_months" in f.get("derive", {})]

    base = json.loads((rules_dir / "samples" / "nina-venezolana-3-anos.json").read_text())
    variants = [Variant("the sample case", json.dumps(base))]

    def add(label, text, tag=None, field=None, valid=None):
        variants.append(Variant(label, text, tag, field, valid))

    def as_date(s):
        return datetime.date.fromisoformat(s)

    def relational_tag(name, value):
        """The inexpressible check a valid calendar day trips on fact `name`
        of the base case, if any."""
        for d in derivations:
            if name == d.get("as_of") and as_date(value) > NOW_DAY + datetime.timedelta(days=1):
                return "future", name
            birth = base.get(d.get("birth_date"))
            if name == d.get("as_of") and birth and as_date(birth) > as_date(value):
                return "birth_after_evaluation", d["birth_date"]
            if name == d.get("birth_date") and as_date(value) > as_date(base[d["as_of"]]):
                return "birth_after_evaluation", name
        return None, None

    for name, fact in sorted(inputs.items()):
        typ = fact["type"]
        required = bool(fact.get("required"))
        what = f"{name} ({typ})"
        add(f"{what}: null", with_value(base, name, "null"))
        add(f"{what}: missing", without(base, name))
        if typ == "int":
            for label, text, valid in int_values(fact):
                add(f"{what}: {label} {text}", with_value(base, name, text), valid=valid)
        elif typ == "bool":
            for text in ("true", "false", "0", "1", "1.0", '"true"', '"false"', "[]", "{}", "[true]"):
                add(f"{what}: {text}", with_value(base, name, text))
        elif typ == "enum":
            values = fact["values"]
            others = sorted({v for f in inputs.values() for v in f.get("values", [])} - set(values))
            for v in values:
                add(f"{what}: {v}", with_value(base, name, j(v)))
            for v in ("zzz", values[0].upper(), " " + values[0], values[0] + " ", "", others[0], "null"):
                add(f"{what}: unknown value {v!r}", with_value(base, name, j(v)))
            for text in ("1", "1.0", "true", j([values[0]]), j({values[0]: True})):
                add(f"{what}: {text}", with_value(base, name, text))
        elif typ == "set":
            values = fact["values"]
            lists = [[], *([v] for v in values), values, [values[0], values[0]], ["zzz"], [values[0], "zzz"],
                     [values[0].upper()], [1], [None], [True], [1.0], [[values[0]]], [{}]]
            for lst in lists:
                add(f"{what}: {j(lst)}", with_value(base, name, j(lst)))
            for text in (j(values[0]), "1", "true", "{}"):
                add(f"{what}: {text}", with_value(base, name, text))
        elif typ == "string":
            for v in ("", "texto libre", "2026-03-01T10:00:00-05:00", "a\nb\tc", "\u00f1and\u00fa \U0001F642",
                      "x" * 2000):
                add(f"{what}: {v[:30]!r}", with_value(base, name, j(v)))
            add(f"{what}: a lone surrogate escape", with_value(base, name, '"a\\ud800b"'), "lone_surrogate")
            for text in ("1", "1.0", "true", '["a"]', '{"a":"b"}'):
                add(f"{what}: {text}", with_value(base, name, text))
        elif typ == "date":
            for label, v, valid in DATES:
                tag, field = relational_tag(name, v) if valid else (None, None)
                add(f"{what}: {label} {v!r}", with_value(base, name, j(v)), tag, field,
                    valid=None if tag else valid)
            for text in ("20260301", "1.0", "true", '["2026-03-01"]', '{"date":"2026-03-01"}'):
                add(f"{what}: {text}", with_value(base, name, text))
        else:
            failures.append(f"{name}: a fact type the test does not know: {typ}")
        if required:
            expect(name in base, f"the sample case lacks the required fact {name}")

    # Two fields at once: the estimate's bounds (the sample has neither).
    for d in derivations:
        lo, hi = d.get("estimate"), d.get("estimate_max")
        if not (lo and hi):
            continue
        undocumented = dict(base, **{d["documented"]: False})
        undocumented.pop(d["birth_date"], None)
        for a, b, tag in (("30", "40", None), ("40", "40.0", None), ("40.0", "30", "estimate_order"),
                          ("40", "30", "estimate_order")):
            text = with_value(json.loads(with_value(undocumented, lo, a)), hi, b)
            add(f"estimate {lo}={a} {hi}={b}", text, tag, hi if tag else None)

    # case_id.
    for v in ("c-1", "\u00f1", "a b", " ", "x" * 500):
        add(f"case_id {v[:20]!r}", with_value(base, "case_id", j(v)))
    for text in ('""', "17", "17.0", "null", "true", '["c-1"]', "{}"):
        add(f"case_id {text}", with_value(base, "case_id", text))
    add("case_id missing", without(base, "case_id"))
    for cp in CONTROL:
        add(f"case_id with U+{cp:04X} inside", with_value(base, "case_id", j(f"caso{chr(cp)}1")))
    add("case_id ending in a newline", with_value(base, "case_id", j("caso-1\n")))
    for cp in NOT_CONTROL:
        add(f"case_id with U+{cp:04X}", with_value(base, "case_id", j(f"caso{chr(cp)}1")))
    add("case_id with a lone surrogate escape", with_value(base, "case_id", '"caso\\udc00"'), "lone_surrogate")

    # capacity.
    svc = services[0]
    for text in ("null", "{}", f'{{"{svc}":0}}', f'{{"{svc}":5,"{services[1]}":0}}',
                 f'{{"{svc}":{INT64_MAX}}}', f'{{"{svc}":-1}}', f'{{"{svc}":{INT64_MAX + 1}}}',
                 f'{{"{svc}":1.5}}', f'{{"{svc}":"3"}}', f'{{"{svc}":null}}', f'{{"{svc}":true}}',
                 f'{{"{svc}":[1]}}', '{"NO_SUCH_SERVICE":1}', f'{{"{svc.lower()}":1}}', "[]", "5", '"x"', "true"):
        add(f"capacity {text}", with_value(base, "capacity", text))
    add("capacity 1.0", with_value(base, "capacity", f'{{"{svc}":1.0}}'))
    add("capacity a key twice", with_value(base, "capacity", f'{{"{svc}":1,"{svc}":2}}'), "duplicate_key")

    # The case as a whole.
    for name in ("nacionality", "AGE_DOCUMENTED", "", "age_months", "capacity ", "case_id\u0000"):
        add(f"the field {name!r}", with_value(base, name, "1"))
    for text in ("[]", "null", "1", '"caso"', "[" + json.dumps(base) + "]"):
        add(f"the case {text[:20]}", text)
    opened = json.dumps(base)[:-1]
    add("a key twice, another value", opened + ', "caregiver_consent": "rechaza"}', "duplicate_key")
    add("a key twice, the same value", opened + f', "case_id": {j(base["case_id"])}}}', "duplicate_key")
    add("a key twice, once escaped", opened + ', "caregiver_\\u0063onsent": "rechaza"}', "duplicate_key")

    # The engine: one process for all of them.
    outputs = route(binary, rules_dir, [v.text for v in variants], NOW)
    if outputs is None:
        return 1

    counts = {"compared": 0, "both accept": 0, "inexpressible": 0}
    for v, out in zip(variants, outputs):
        engine_ok = "error" not in out
        codes = sorted({(e["code"], e.get("field")) for e in out.get("errors", [])})
        doc = json.loads(v.text)
        schema_errors = [e.message for e in plain.iter_errors(doc)]
        schema_ok = not schema_errors
        where = f"{v.label}: {v.text if len(v.text) < 200 else v.text[:200] + '...'}"
        if v.valid is not None and engine_ok != v.valid:
            failures.append(f"{where}\n    should be {'accepted' if v.valid else 'refused'}; the engine "
                            f"{'accepts' if engine_ok else f'refuses {codes}'}")
        if v.tag is None:
            if engine_ok != schema_ok:
                failures.append(f"{where}\n    engine {'accepts' if engine_ok else f'refuses {codes}'}, "
                                f"schema {'accepts' if schema_ok else f'refuses: {schema_errors[:2]}'}")
            counts["compared"] += 1
            counts["both accept"] += engine_ok and schema_ok
            continue
        # An inexpressible check: the schema accepts, the engine refuses with
        # the listed code, and the schema says so where the test expects.
        code, place = INEXPRESSIBLE[v.tag]
        counts["inexpressible"] += 1
        expect(schema_ok, f"{where}\n    listed as inexpressible ({v.tag}), but the schema refuses it: "
                          f"{schema_errors[:2]}: take it off the list")
        expect(any(c == code for c, _ in codes),
               f"{where}\n    listed as inexpressible ({v.tag}): the engine should refuse it with {code}; "
               f"it {'accepts' if engine_ok else f'refuses {codes}'}")
        if place == "case":
            expect(code in schema.get("description", ""), f"the schema's description does not mention {code}")
        else:
            prop = props[v.field]
            texts = [prop.get("description", "")] + [a.get("description", "") for a in prop.get("oneOf", [])]
            expect(any(code in t for t in texts), f"the description of `{v.field}` does not mention {code}")

    # Calendar days: every month 00..13 and day 00..32 of years around the
    # bounds, leap years and centuries, as the evaluation date of a case
    # with no birth date, at a decision time after them all: the schema's
    # date pattern and the engine against Python's calendar.
    d = derivations[0]
    swept = {k: v for k, v in base.items() if k != d["birth_date"]}
    swept.update({d["documented"]: False, d["estimate"]: 40})
    date_schema = jsonschema.Draft7Validator(props[d["as_of"]])
    days = [f"{y:04d}-{m:02d}-{dd:02d}" for y in (1899, 1900, 1901, 1904, 1996, 1999, 2000, 2023, 2024, 2100, 2104,
                                                   2400, 2500, 2800, 2900, 2996, 2999, 3000)
            for m in range(14) for dd in range(33)]
    answers = route(binary, rules_dir, [with_value(swept, d["as_of"], j(day)) for day in days], "2999-12-31T12:00:00Z")
    if answers is None:
        return 1
    real = 0
    for day, out in zip(days, answers):
        try:
            is_real = 1900 <= int(day[:4]) <= 2999 and datetime.date.fromisoformat(day) is not None
        except ValueError:
            is_real = False
        real += is_real
        engine_ok, schema_ok = "error" not in out, date_schema.is_valid(day)
        if not engine_ok == schema_ok == is_real:
            failures.append(f"evaluation date {day}: a real day: {is_real}; engine "
                            f"{'accepts' if engine_ok else 'refuses ' + str(out['errors'])}; schema "
                            f"{'accepts' if schema_ok else 'refuses'}")

    for f in failures:
        print(f"FAIL: {f}")
    print(f"case_contract: {len(variants)} cases ({counts['both accept']} accepted by both, "
          f"{counts['compared'] - counts['both accept']} refused by both, "
          f"{counts['inexpressible']} inexpressible checks); {len(days)} dates ({real} real days); "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
