#!/usr/bin/env python3
"""Validates rule and test files against docs/schema/*.json with an independent
validator (python3-jsonschema, python3-yaml), the way an editor would.

1. Both schemas are valid draft-07 schemas, and the rules schema knows the
   same keys as the loader's key lists (engine/load/*.cc).
2. Every YAML file under rules/ is accepted: test files (under a tests/ folder,
   or named *.test.yaml) by tests.schema.json, the others by rules.schema.json.
   A schema that rejects a shipped, valid file would show policy staff false
   errors in their editor, so this fails the test.
3. The broken fixtures whose defect is visible to a schema
   (tests/fixtures/broken_rules/, listed in SCHEMA_VISIBLE) are rejected.
4. A few hand-written test files are rejected by the tests schema.

Usage: validate_rules.py SOURCE_DIR. Exit 0 when all hold, 1 otherwise.

YAML is read as YAML 1.2 (like yaml-cpp, the engine's parser, and
yaml-language-server): `2026-01-01` and `no` are strings, not a date and a
boolean as PyYAML's YAML 1.1 default would have them. Duplicate keys are
reported as YAML problems, as editors do.
"""
import pathlib
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover - the message is the point
    print(f"validate_rules.py: {e}; install the Debian packages python3-jsonschema and python3-yaml "
          "(scripts/setup.sh does)", file=sys.stderr)
    sys.exit(1)

# Fixtures under tests/fixtures/broken_rules/ that the rule schema must reject.
# The others break rules the schema cannot see (names, values against a fact's
# type, the graph, templates) or are not YAML at all; `referral check` reports
# those (tests/engine/load/broken_rules_test.cc).
SCHEMA_VISIBLE = {
    "07_unknown_top_level_key.yaml",
    "08_unknown_fact_type.yaml",
    "09_fact_without_default.yaml",
    "10_fact_required_and_default.yaml",
    "11_enum_without_values.yaml",
    "12_duplicate_enum_value.yaml",
    "29_rule_does_nothing.yaml",
    "30_node_without_rules.yaml",
    "31_bad_hit_policy.yaml",
    "32_duty_without_confirmation.yaml",
    "33_bad_legal_basis.yaml",
    "36_reason_without_outcome.yaml",
    "38_unknown_rule_key.yaml",
    "39_several_problems.yaml",
    "40_unknown_fact_key.yaml",
    "41_missing_fallback.yaml",
    "42_wrong_scalar_type.yaml",
    "43_bad_basis_status.yaml",
    "45_bad_outcome.yaml",
    "48_condition_not_mapping.yaml",
    "49_bad_effective_date.yaml",
}

# Test files the tests schema must reject: (what, text).
BAD_TEST_FILES = [
    ("unknown key in expect", "tests:\n  - case: {case_id: a}\n    expect: {outcom: referred}\n"),
    ("test without a case", "tests:\n  - name: no case\n    expect: {outcome: referred}\n"),
    ("unknown outcome", "tests:\n  - case: {case_id: a}\n    expect: {outcome: refered}\n"),
    ("unknown top-level key", "test:\n  - case: {case_id: a}\n"),
    ("a legal basis that is not one", "tests:\n  - case: {case_id: a}\n    expect: {includes: [{service: A, legal_basis: parental}]}\n"),
    ("a test with nothing to check", "tests:\n  - name: nothing\n    case: {case_id: a}\n"),
    ("an empty expect", "tests:\n  - case: {case_id: a}\n    expect: {}\n"),
    ("a decision time that is not RFC 3339", "tests:\n  - case: {case_id: a}\n    now: mañana\n    expect: {outcome: referred}\n"),
    ("an unknown referral term", "tests:\n  - case: {case_id: a}\n    expect: {includes: [{service: A, oficina: x}]}\n"),
    ("confirmation that is not true or false",
     "tests:\n  - case: {case_id: a}\n    expect: {referrals: [{service: A, requires_human_confirmation: si}]}\n"),
]


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars and duplicate-key errors."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def _int_12(loader, node):  # YAML 1.2: "010" is ten, not octal eight
    return int(loader.construct_scalar(node), 10)


def _mapping_no_duplicates(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int_12)
Yaml12Loader.add_constructor("tag:yaml.org,2002:map", _mapping_no_duplicates)


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12Loader)


def is_test_file(relative):
    """As the engine decides (engine/load/source_files.cc, IsTestFile)."""
    name = relative.name
    return "tests" in relative.parent.parts or name.endswith(".test.yaml") or name.endswith(".test.yml")


def errors_of(validator, document):
    return sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))


def describe(error):
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"at {where}: {error.message[:300]}"


# The loader's lists of accepted keys (engine/load/*.cc) and where the schema
# describes them: the schema must know every key the loader accepts, and no other.
LOADER_KEY_LISTS = {
    ("loader.cc", "kSections"): ["properties"],
    ("header.cc", "kHeaderKeys"): ["definitions", "header", "properties"],
    ("consent.cc", "kConsentKeys"): ["definitions", "header", "properties", "consent", "properties"],
    ("facts.cc", "kFactKeys"): ["definitions", "fact", "properties"],
    ("services.cc", "kServiceKeys"): ["definitions", "service", "properties"],
    ("nodes.cc", "kNodeKeys"): ["definitions", "node", "properties"],
    ("nodes.cc", "kRuleKeys"): ["definitions", "rule", "properties"],
    ("directory.cc", "kDirectoryKeys"): ["definitions", "directory", "properties"],
    ("directory.cc", "kOfficeKeys"): ["definitions", "office", "properties"],
}


def check_keys_match_loader(root, rules_schema, failures):
    for (file, constant), path in LOADER_KEY_LISTS.items():
        source = (root / "engine" / "load" / file).read_text(encoding="utf-8")
        match = re.search(r"\b" + constant + r"\s*=\s*\{([^}]*)\}", source)
        if not match:
            failures.append(f"engine/load/{file}: cannot find {constant} (update LOADER_KEY_LISTS)")
            continue
        loader_keys = set(re.findall(r'"([^"]+)"', match.group(1)))
        node = rules_schema
        for step in path:
            node = node[step]
        schema_keys = set(node)
        if loader_keys != schema_keys:
            failures.append(f"rules.schema.json {'/'.join(path)} differs from {constant} in engine/load/{file}: "
                            f"loader only {sorted(loader_keys - schema_keys)}, schema only {sorted(schema_keys - loader_keys)}")


def main(source_dir):
    root = pathlib.Path(source_dir)
    failures = []
    validators = {}
    for kind in ("rules", "tests"):
        schema_path = root / "docs" / "schema" / f"{kind}.schema.json"
        schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))  # JSON is YAML
        jsonschema.Draft7Validator.check_schema(schema)
        validators[kind] = jsonschema.Draft7Validator(schema)
        if kind == "rules":
            check_keys_match_loader(root, schema, failures)
    print("ok   docs/schema/rules.schema.json and tests.schema.json are valid draft-07 schemas")

    # 2. Every shipped YAML file is accepted.
    shipped = sorted(p for p in (root / "rules").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not shipped:
        failures.append("no YAML file found under rules/")
    for path in shipped:
        relative = path.relative_to(root / "rules")
        kind = "tests" if is_test_file(relative) else "rules"
        try:
            document = load_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            failures.append(f"rules/{relative}: not valid YAML: {e}")
            continue
        errors = errors_of(validators[kind], document)
        for e in errors:
            failures.append(f"rules/{relative} ({kind} schema) {describe(e)}")
        print(f"{'ok  ' if not errors else 'FAIL'} rules/{relative} ({kind} schema)")

    # 3. Broken fixtures: the schema-visible ones are rejected.
    broken_dir = root / "tests" / "fixtures" / "broken_rules"
    rejected = set()
    for path in sorted(broken_dir.rglob("*.yaml")):
        name = str(path.relative_to(broken_dir))
        try:
            document = load_yaml(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as e:
            print(f"text {name}: not UTF-8 ({e.reason} at byte {e.start}); editors show that themselves")
            continue
        except yaml.YAMLError as e:
            problem = getattr(e, "problem", None) or str(e).splitlines()[0]
            print(f"yaml {name}: not YAML ({problem}); editors show that themselves")
            continue
        if document is None:
            print(f"yaml {name}: empty")
            continue
        errors = errors_of(validators["rules"], document)
        if errors:
            rejected.add(name)
            print(f"rej  {name}: {describe(errors[0])}")
        else:
            print(f"acc  {name}: the defect is not visible to a schema")
    for name in sorted(SCHEMA_VISIBLE - rejected):
        failures.append(f"tests/fixtures/broken_rules/{name}: the rules schema accepts it, but its defect is schema-visible")
    missing = sorted(n for n in SCHEMA_VISIBLE if not (broken_dir / n).exists())
    for name in missing:
        failures.append(f"tests/fixtures/broken_rules/{name}: listed in SCHEMA_VISIBLE but missing")

    # 4. Bad test files are rejected by the tests schema.
    for what, text in BAD_TEST_FILES:
        if not errors_of(validators["tests"], load_yaml(text)):
            failures.append(f"tests schema accepts a test file with {what}")

    for f in failures:
        print(f"error: {f}", file=sys.stderr)
    print(f"{len(shipped)} shipped file(s), {len(rejected)} broken fixture(s) rejected, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: validate_rules.py SOURCE_DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
