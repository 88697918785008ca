#!/usr/bin/env node
// Peer-engine benchmark for the referral scenario (shared/bench/SCENARIO.md v1).
//
//   node bench.mjs --engine zen|jre --variant base|scaled --cases FILE --expected FILE [--seconds S]
//
// Loads the engine once, decides every case and compares each referral list, in order, with the
// same line of the expected file (from tools/bench/scenario/reference.py); on the first mismatch
// it prints case id, expected and got and exits 1. Then it decides the cases one at a time
// (awaiting each, as a case-management system calling the engine would), cycling over the file,
// for about S seconds (default 5), and prints one JSON line with the throughput.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const USAGE = 'usage: node bench.mjs --engine zen|jre --variant base|scaled --cases FILE '
  + '--expected FILE [--seconds S]';

function parseArgs(argv) {
  const a = { seconds: 5 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--engine') { a.engine = v; i++; }
    else if (k === '--variant') { a.variant = v; i++; }
    else if (k === '--cases') { a.cases = v; i++; }
    else if (k === '--expected') { a.expected = v; i++; }
    else if (k === '--seconds') { a.seconds = Number(v); i++; }
    else if (k === '-h' || k === '--help') { console.log(USAGE); process.exit(0); }
    else { console.error(`unknown argument ${k}\n${USAGE}`); process.exit(2); }
  }
  if (!['zen', 'jre'].includes(a.engine) || !['base', 'scaled'].includes(a.variant)
      || !a.cases || !a.expected || !(a.seconds >= 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  return a;
}

function readJsonl(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    try { return JSON.parse(l); } catch (e) { throw new Error(`${path}:${i + 1}: ${e.message}`); }
  });
}

// referral lists compared in order, field by field (key order irrelevant)
const norm = (list) => (Array.isArray(list)
  ? list.map((r) => ({ service: r?.service, priority: r?.priority })) : list);
const same = (a, b) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const cases = readJsonl(args.cases);
  const expected = readJsonl(args.expected);
  if (cases.length === 0) throw new Error('no cases');
  if (expected.length !== cases.length) {
    console.error(`mismatch: ${cases.length} cases but ${expected.length} expected lines`);
    process.exit(1);
  }
  const mod = await import(args.engine === 'zen' ? './zen.mjs' : './jre.mjs');
  const engine = await mod.makeEngine(args.variant);

  // 1. verify every case
  const v0 = performance.now();
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const want = expected[i];
    if (want.case_id !== c.case_id) {
      console.error(`mismatch at line ${i + 1}: case ${c.case_id} but expected line is for ${want.case_id}`);
      process.exit(1);
    }
    let got;
    try { got = await engine.decide(c); } catch (e) { got = `error: ${e?.message ?? e}`; }
    if (!same(want.referrals, got)) {
      console.error(`mismatch (${args.engine}, ${args.variant}) at case ${c.case_id} (line ${i + 1})\n`
        + `  expected: ${JSON.stringify(norm(want.referrals))}\n  got:      ${JSON.stringify(norm(got))}`);
      process.exit(1);
    }
  }

  const vs = (performance.now() - v0) / 1000;
  console.error(`verified ${cases.length} cases in ${vs.toFixed(1)} s (${Math.round(cases.length / vs)}/s, cold)`);

  // 2. time decisions one at a time, cycling over the cases
  const budgetMs = args.seconds * 1000;
  let decisions = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < cases.length; i++) {
      await engine.decide(cases[i]);
      decisions++;
      if ((elapsed = performance.now() - t0) >= budgetMs) break;
    }
  } while (elapsed < budgetMs);
  const seconds = elapsed / 1000;
  console.log(JSON.stringify({
    engine: args.engine,
    version: engine.version,
    variant: args.variant,
    cases: cases.length,
    decisions,
    seconds: Number(seconds.toFixed(3)),
    decisions_per_second: Math.round(decisions / seconds),
    verified: true,
  }));
}

main().catch((e) => { console.error(e?.stack ?? String(e)); process.exit(1); });
