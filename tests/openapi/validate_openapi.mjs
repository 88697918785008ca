// Validates docs/openapi.json with a real OpenAPI tool,
// @seriousme/openapi-schema-validator (pinned in package.json beside this
// file; scripts/setup.sh installs it here with `npm ci`): the document
// against the OpenAPI Initiative's JSON Schema for 3.1, and every internal
// `$ref` resolved. That schema does not look inside Schema Objects;
// embedded_schemas.py checks those against the 2020-12 meta-schema.
//
// Then the validator is shown not to be vacuous: copies of the document
// broken in ways a careless edit breaks them must be refused.
//
// Usage: node validate_openapi.mjs docs/openapi.json. Exit 0 when all hold.
import { readFileSync } from "node:fs";
import { argv, exit } from "node:process";

let Validator;
try {
  ({ Validator } = await import("@seriousme/openapi-schema-validator"));
} catch (e) {
  console.log(`FAIL: cannot load @seriousme/openapi-schema-validator (${e.code}): run scripts/setup.sh, ` +
              "which installs it into tests/openapi/node_modules with `npm ci`");
  exit(1);
}

const path = argv[2];
const text = readFileSync(path, "utf-8");
const failures = [];

async function validate(doc) {
  // A fresh validator each time: validate() keeps what it last read.
  return new Validator().validate(doc);
}

const result = await validate(JSON.parse(text));
if (!result.valid) {
  failures.push(`${path} is not a valid OpenAPI document:\n${JSON.stringify(result.errors, null, 2)}`);
}
const doc = JSON.parse(text);
if (!/^3\.1\.\d+$/.test(doc.openapi)) failures.push(`${path} says openapi ${doc.openapi}, not 3.1.x`);

const broken = [
  ["without info", (d) => { delete d.info; }],
  ["with a response $ref to nothing", (d) => {
    d.paths["/v1/decide"].post.responses["409"] = { $ref: "#/components/responses/NoSuchResponse" };
  }],
  ["with a schema $ref to nothing", (d) => {
    d.components.schemas.BatchLine.oneOf[0] = { $ref: "#/components/schemas/Decision/$defs/no_such" };
  }],
  ["with a status that is not one", (d) => {
    d.paths["/healthz"].get.responses["20x"] = { description: "x" };
  }],
  ["with a parameter that is nowhere", (d) => { delete d.components.parameters.lang.in; }],
  ["with a response without a description", (d) => {
    delete d.components.responses.NotFound.description;
  }],
];
for (const [what, breakIt] of broken) {
  const copy = JSON.parse(text);
  breakIt(copy);
  const r = await validate(copy);
  if (r.valid) failures.push(`the validator accepts the document ${what}`);
}

for (const f of failures) console.log(`FAIL: ${f}`);
const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`validate_openapi: ${path}: OpenAPI ${doc.openapi}, ${Object.keys(doc.paths).length} paths, ` +
            `${operations} operations, ${broken.length} broken copies refused; ${failures.length} failure(s)`);
exit(failures.length ? 1 : 0);
