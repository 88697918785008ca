// json-rules-engine harness: the scenario as json-rules-engine rules, generated from scenario.mjs.
//
//   node jre.mjs --variant base|scaled     prints the generated rules (JSON) to stdout
//
// One json-rules-engine rule per scenario rule (R8 as two, one per age band; each synthetic rule
// as one); its conditions are an `all` of fact tests, its event (type "referral") carries the
// rule id and the referrals it emits. Per-locality services (R3, R5) cannot be computed in a
// static event, so the event carries { servicePrefix, suffixField: "locality" } and the harness
// appends the case's locality when it reads the event.
//
// R1's stop uses json-rules-engine's own mechanism: R1, R7 and R8 have priority 2 and are
// evaluated first (in parallel, as one priority set); the R1 rule's event has `stop: true` and
// the harness's success handler calls engine.stop(), so the priority-1 set (R2-R6, R9, R10 and
// every synthetic rule) is skipped. engine.stop() sets engine-wide state (reset by the next
// run()), so one engine must not run two decisions at once; bench.mjs awaits each decision.
// R11 (fallback), merging and sorting are done in the harness (scenario.mjs finish()).
import { createRequire } from 'node:module';
import { rulesFor, finish } from './scenario.mjs';

function conditions(when) {
  const all = [];
  for (const [fact, t] of Object.entries(when)) {
    if ('eq' in t) all.push({ fact, operator: 'equal', value: t.eq });
    else if ('ne' in t) all.push({ fact, operator: 'notEqual', value: t.ne });
    else if ('in' in t) all.push({ fact, operator: 'in', value: t.in });
    else if ('range' in t) {
      all.push({ fact, operator: 'greaterThanInclusive', value: t.range[0] });
      all.push({ fact, operator: 'lessThanInclusive', value: t.range[1] });
    } else throw new Error('unknown test ' + JSON.stringify(t));
  }
  return { all };
}

export function buildRules(variant) {
  return rulesFor(variant).map((r) => ({
    name: r.id + (r.part ? '_' + r.part : ''),
    priority: r.tier === 'main' ? 1 : 2,
    conditions: conditions(r.when),
    event: { type: 'referral', params: { rule: r.id, stop: r.tier === 'stop', referrals: r.emit } },
  }));
}

export function jreVersion() {
  const require = createRequire(import.meta.url);
  return require('json-rules-engine/package.json').version;
}

export async function makeEngine(variant) {
  const { Engine } = await import('json-rules-engine');
  const engine = new Engine(buildRules(variant), { allowUndefinedFacts: false });
  engine.on('success', (event) => { if (event.params.stop) engine.stop(); });
  return {
    version: jreVersion(),
    async decide(c) {
      const { events } = await engine.run(c);
      const cands = [];
      for (const ev of events) {
        for (const ref of ev.params.referrals) {
          cands.push({
            service: ref.service !== undefined ? ref.service : ref.servicePrefix + c[ref.suffixField],
            priority: ref.priority,
          });
        }
      }
      return finish(cands);
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--variant');
  const variant = i > 0 ? process.argv[i + 1] : 'base';
  process.stdout.write(JSON.stringify(buildRules(variant), null, 2) + '\n');
}
