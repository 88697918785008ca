#!/usr/bin/env python3
"""Keeps the JSON Schemas docs/openapi.json embeds equal to docs/schema/.

docs/openapi.json must stand alone: `GET /openapi.json` serves it, and a
relative `$ref` to schema/decision.schema.json would point at nothing on the
server. So components/schemas/Decision and Explain hold copies of
docs/schema/decision.schema.json and explain.schema.json, turned from
draft-07 into the 2020-12 dialect OpenAPI 3.1 uses: without `$schema` and
`$id` (the copy is part of this document, not a resource of its own),
`definitions` as `$defs`, and each `#/definitions/X` reference made absolute
in the document. The sources use no keyword whose meaning differs between
the two drafts (checked below), so the copy accepts exactly what the source
accepts.

Usage: embedded_schemas.py SOURCE_DIR [--write]
  without --write: exit 1 when a copy differs from its source, naming it, or
  when a component schema is not a valid 2020-12 schema;
  with --write: rewrite docs/openapi.json's copies from docs/schema/.
"""
import copy
import json
import pathlib
import sys

import jsonschema

# components/schemas name: docs/schema file.
EMBEDDED = {"Decision": "decision.schema.json", "Explain": "explain.schema.json"}

# Draft-07 keywords whose meaning changed in 2020-12 (or that 2020-12 drops):
# a source using one could not be copied unchanged.
CHANGED_KEYWORDS = {"dependencies", "additionalItems", "$recursiveRef", "$recursiveAnchor"}


def _walk(node, visit, at="#"):
    if isinstance(node, dict):
        visit(node, at)
        for k, v in node.items():
            _walk(v, visit, f"{at}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk(v, visit, f"{at}/{i}")


def to_2020(source, name):
    """docs/schema/<file> (draft-07) as components/schemas/<name>, or ValueError."""
    problems = []

    def check(node, at):
        for k in CHANGED_KEYWORDS & node.keys():
            problems.append(f"{at}/{k}")
        if isinstance(node.get("items"), list):
            problems.append(f"{at}/items (an array)")
        if at != "#" and ("$id" in node or "$schema" in node):
            problems.append(f"{at}: a nested $id or $schema")
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#/definitions/"):
            problems.append(f"{at}/$ref: {ref} (only #/definitions/… is copied)")

    _walk(source, check)
    if problems:
        raise ValueError(f"{name}: cannot be copied as is into 2020-12: " + "; ".join(problems))

    schema = copy.deepcopy(source)
    schema.pop("$schema", None)
    schema.pop("$id", None)
    if "definitions" in schema:
        schema["$defs"] = schema.pop("definitions")

    def rewrite(node, _):
        ref = node.get("$ref")
        if isinstance(ref, str):
            node["$ref"] = f"#/components/schemas/{name}/$defs/" + ref[len("#/definitions/"):]

    _walk(schema, rewrite)
    return schema


def expected(src):
    return {name: to_2020(json.loads((src / "docs" / "schema" / f).read_text()), name) for name, f in EMBEDDED.items()}


def check(src, doc):
    """Every problem with docs/openapi.json's component schemas, as text."""
    failures = []
    schemas = doc.get("components", {}).get("schemas", {})
    try:
        want = expected(src)
    except ValueError as e:
        return [str(e)]
    for name, schema in want.items():
        if schemas.get(name) != schema:
            failures.append(f"components/schemas/{name} differs from docs/schema/{EMBEDDED[name]}: run "
                            f"`python3 tests/openapi/embedded_schemas.py . --write`")
    for name, schema in schemas.items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            failures.append(f"components/schemas/{name} is not a valid 2020-12 schema: {e.message}")
    return failures


def main(argv):
    src = pathlib.Path(argv[1])
    path = src / "docs" / "openapi.json"
    doc = json.loads(path.read_text())
    if "--write" in argv[2:]:
        doc["components"]["schemas"].update(expected(src))
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {', '.join(EMBEDDED)} into {path}")
        return 0
    failures = check(src, doc)
    for f in failures:
        print(f"FAIL: {f}")
    print(f"embedded_schemas: {len(EMBEDDED)} copies, {len(doc['components']['schemas'])} schemas checked, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
