// GoRules ZEN harness: the scenario as a JDM decision graph, generated from scenario.mjs.
//
//   node zen.mjs --variant base|scaled     prints the generated JDM graph (JSON) to stdout
//
// Graph (every rule is a row of a collect-hit-policy decision table):
//
//   request ──> "R1 + always (R1, R7, R8)"  table, collect ──────────────> "merge & sort" ──> response
//      │                                                                      ^   (function node:
//      └──> switch "R1 stop": not(R1's condition) ──> "main rules" table ─────┘    R11, merge, sort)
//                                                     (R2-R6, R9, R10 [+ S0000-S0999]), collect
//
// ZEN decision tables have no "stop" row (collect returns every matching row, first returns only
// one), so R1's stop is routing in the graph: the switch node forwards the case to the
// suppressible table only when R1's condition does not hold, and that table is not evaluated
// at all otherwise. Each table writes its hits under its own output path ("always", "main");
// the function node receives both (ZEN merges the outputs of a node's parents), applies R11
// when there is no candidate, merges duplicates (most urgent wins) and sorts.
import { createRequire } from 'node:module';
import { FIELDS, FALLBACK, rulesFor } from './scenario.mjs';

const q = (v) => JSON.stringify(v); // ZEN string literal (double quotes); booleans/numbers as is

// unary-test cell for a decision-table input column with a field name
function unaryCell(test) {
  if (test === undefined) return '';
  if ('eq' in test) return q(test.eq);
  if ('ne' in test) return '!= ' + q(test.ne);
  if ('in' in test) return test.in.map(q).join(', ');
  if ('range' in test) return `[${test.range[0]}..${test.range[1]}]`;
  throw new Error('unknown test ' + q(test));
}

// the same test as a standard-mode expression (for the switch node)
function exprTest(field, test) {
  if ('eq' in test) return `${field} == ${q(test.eq)}`;
  if ('ne' in test) return `${field} != ${q(test.ne)}`;
  if ('in' in test) return `${field} in [${test.in.map(q).join(', ')}]`;
  if ('range' in test) return `(${field} >= ${test.range[0]} and ${field} <= ${test.range[1]})`;
  throw new Error('unknown test ' + q(test));
}

function serviceCell(ref) {
  return ref.service !== undefined ? q(ref.service) : `${q(ref.servicePrefix)} + ${ref.suffixField}`;
}

function table(id, name, rules, outputPath) {
  const used = FIELDS.filter((f) => rules.some((r) => r.when[f] !== undefined));
  const inputs = used.map((f) => ({ id: 'in_' + f, name: f, field: f }));
  const outputs = [
    { id: 'out_service', name: 'service', field: 'service' },
    { id: 'out_priority', name: 'priority', field: 'priority' },
    { id: 'out_rule', name: 'rule', field: 'rule' },
  ];
  const rows = [];
  for (const r of rules) {
    r.emit.forEach((ref, k) => {
      const row = { _id: `${r.id}${r.part ? '_' + r.part : ''}${r.emit.length > 1 ? '_' + k : ''}` };
      for (const f of used) row['in_' + f] = unaryCell(r.when[f]);
      row.out_service = serviceCell(ref);
      row.out_priority = q(ref.priority);
      row.out_rule = q(r.id);
      rows.push(row);
    });
  }
  return {
    id, name, type: 'decisionTableNode', position: { x: 0, y: 0 },
    content: { hitPolicy: 'collect', inputs, outputs, rules: rows, outputPath, passThrough: false },
  };
}

// merge & sort (function node, QuickJS inside ZEN). FALLBACK is inlined from scenario.mjs.
const TAIL_SOURCE = `
const FALLBACK = ${q({ service: FALLBACK.service, priority: FALLBACK.priority })};
export const handler = async (input) => {
  const cands = (input.always || []).concat(input.main || []);
  if (cands.length === 0) return { referrals: [FALLBACK] };
  const best = {};
  for (const c of cands) if (best[c.service] !== 'urgent') best[c.service] = c.priority;
  const referrals = Object.keys(best).map((service) => ({ service, priority: best[service] }));
  referrals.sort((a, b) => a.priority === b.priority
    ? (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)
    : (a.priority === 'urgent' ? -1 : 1));
  return { referrals };
};
`;

export function buildGraph(variant) {
  const rules = rulesFor(variant);
  const stop = rules.filter((r) => r.tier === 'stop');
  const always = rules.filter((r) => r.tier === 'always');
  const main = rules.filter((r) => r.tier === 'main');
  if (stop.length !== 1) throw new Error('expected exactly one stop rule');
  const stopCond = Object.entries(stop[0].when).map(([f, t]) => exprTest(f, t)).join(' and ');
  const nodes = [
    { id: 'request', name: 'request', type: 'inputNode', position: { x: 0, y: 0 } },
    table('t_always', 'R1 + always (R1, R7, R8)', stop.concat(always), 'always'),
    { id: 'sw_stop', name: 'R1 stop', type: 'switchNode', position: { x: 0, y: 0 },
      content: { hitPolicy: 'first',
        statements: [{ id: 'not_stopped', condition: `not (${stopCond})` }] } },
    table('t_main', `main rules (${main.length})`, main, 'main'),
    { id: 'f_tail', name: 'merge & sort', type: 'functionNode', position: { x: 0, y: 0 },
      content: { source: TAIL_SOURCE } },
    { id: 'response', name: 'response', type: 'outputNode', position: { x: 0, y: 0 } },
  ];
  const edge = (id, sourceId, targetId, sourceHandle) =>
    (sourceHandle ? { id, sourceId, targetId, sourceHandle } : { id, sourceId, targetId });
  const edges = [
    edge('e1', 'request', 't_always'),
    edge('e2', 'request', 'sw_stop'),
    edge('e3', 'sw_stop', 't_main', 'not_stopped'),
    edge('e4', 't_always', 'f_tail'),
    edge('e5', 't_main', 'f_tail'),
    edge('e6', 'f_tail', 'response'),
  ];
  return { contentType: 'application/vnd.gorules.decision', nodes, edges };
}

export function zenVersion() {
  const require = createRequire(import.meta.url);
  return require('@gorules/zen-engine/package.json').version;
}

// Returns { version, decide(case) -> Promise<referrals> }; the engine and decision are made once.
export async function makeEngine(variant) {
  const { ZenEngine } = await import('@gorules/zen-engine');
  const engine = new ZenEngine();
  const decision = engine.createDecision(buildGraph(variant));
  return {
    version: zenVersion(),
    async decide(c) {
      const r = await decision.evaluate(c);
      return r.result.referrals;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--variant');
  const variant = i > 0 ? process.argv[i + 1] : 'base';
  process.stdout.write(JSON.stringify(buildGraph(variant), null, 2) + '\n');
}
