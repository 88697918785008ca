// The referral scenario (shared/bench/SCENARIO.md, version 1) as data, for the peer harnesses.
//
// Rules R1..R10 and the synthetic rules S0000..S0999 are written once here, as plain data
// (conditions on case fields, referrals emitted); zen.mjs turns them into a JDM decision
// graph and jre.mjs into json-rules-engine rules. Nothing here evaluates a case.
//
// A condition is an object mapping a case field to one test:
//   { eq: v }          field == v            (string or boolean)
//   { ne: v }          field != v
//   { in: [a, b] }     field is one of the values
//   { range: [lo, hi] } lo <= field <= hi     (inclusive integer range)
// A referral is { service, priority } or, for per-locality services,
//   { servicePrefix, suffixField: 'locality', priority }  (service = prefix + case[suffixField]).
// Each rule has a tier:
//   'stop'   R1: when it fires, only 'always' rules contribute besides it (SCENARIO 4.2)
//   'always' R7, R8: contribute whether or not the stop fired
//   'main'   R2-R6, R9, R10 and every synthetic rule: suppressed by the stop
// R11 (fallback) is not a rule over case fields: FALLBACK below, applied after merging
// when there is no candidate at all (SCENARIO 4.3).

export const LOCALITIES = [
  'usaquen', 'chapinero', 'santa_fe', 'san_cristobal', 'usme', 'tunjuelito', 'bosa',
  'kennedy', 'fontibon', 'engativa', 'suba', 'barrios_unidos', 'teusaquillo',
  'los_martires', 'antonio_narino', 'puente_aranda', 'la_candelaria',
  'rafael_uribe_uribe', 'ciudad_bolivar', 'sumapaz',
];
export const CHANNELS = ['territorial_mobilization', 'active_search', 'citizen_complaint',
  'interinstitutional_operation'];
export const FIELDS = ['age', 'migrant_status', 'risk_context', 'locality', 'school_enrolled',
  'has_disability', 'channel'];

const U = 'urgent', S = 'standard';
const BEGGING_WORK = { in: ['own_begging', 'work_accompaniment'] };
const MINOR_0_5 = { range: [0, 5] };
const MINOR_6_17 = { range: [6, 17] };

export const FALLBACK = { rule: 'R11', service: 'seguimiento_territorial', priority: S };

// R8 is one referral whose priority depends on age: two rows, one per age band.
export const BASE_RULES = [
  { id: 'R1', tier: 'stop', when: { risk_context: { eq: 'rights_violation' } },
    emit: [{ service: 'icbf_pard', priority: U }] },
  { id: 'R2', tier: 'main', when: { risk_context: { eq: 'parental_prison' } },
    emit: [{ service: 'icbf_pard', priority: U }, { service: 'comisaria_familia', priority: U }] },
  { id: 'R3', tier: 'main', when: { age: MINOR_0_5, risk_context: BEGGING_WORK },
    emit: [{ servicePrefix: 'jardin_infantil_', suffixField: 'locality', priority: S }] },
  { id: 'R4', tier: 'main',
    when: { age: MINOR_6_17, risk_context: BEGGING_WORK, migrant_status: { ne: 'colombian' } },
    emit: [{ service: 'centro_abrazar', priority: S }] },
  { id: 'R5', tier: 'main',
    when: { age: MINOR_6_17, risk_context: BEGGING_WORK, migrant_status: { eq: 'colombian' } },
    emit: [{ servicePrefix: 'centro_amar_', suffixField: 'locality', priority: S }] },
  // R6's "and R1 does not fire" is the stop itself (SCENARIO 7.3): tier 'main'.
  { id: 'R6', tier: 'main', when: { age: MINOR_6_17, school_enrolled: { eq: false } },
    emit: [{ service: 'sed_matricula', priority: S }] },
  { id: 'R7', tier: 'always', when: { has_disability: { eq: true } },
    emit: [{ service: 'ruta_discapacidad', priority: S }] },
  { id: 'R8', part: '0-5', tier: 'always',
    when: { migrant_status: { in: ['migrant_irregular', 'in_transit'] }, age: MINOR_0_5 },
    emit: [{ service: 'centro_migrantes', priority: U }] },
  { id: 'R8', part: '6-17', tier: 'always',
    when: { migrant_status: { in: ['migrant_irregular', 'in_transit'] }, age: MINOR_6_17 },
    emit: [{ service: 'centro_migrantes', priority: S }] },
  { id: 'R9', tier: 'main', when: { age: { range: [15, 17] }, risk_context: { eq: 'work_accompaniment' } },
    emit: [{ service: 'proteccion_trabajo_adolescente', priority: S }] },
  { id: 'R10', tier: 'main',
    when: { channel: { eq: 'citizen_complaint' }, risk_context: { eq: 'own_begging' } },
    emit: [{ service: 'icbf_pard', priority: S }] },
];

const AGE_BANDS = [[0, 3], [4, 7], [8, 11], [12, 14], [15, 17]];

// SCENARIO section 6, verbatim.
export function syntheticRules() {
  const rules = [];
  for (let j = 0; j < 1000; j++) {
    const locality = LOCALITIES[j % 20];
    const p = Math.floor(j / 20);
    const b = p % 5;
    const q = Math.floor(p / 5);
    const channel = CHANNELS[q % 4];
    const risk = ['own_begging', 'work_accompaniment', 'parental_prison'][Math.floor(q / 4)];
    const service = p % 7 === 0 ? 'icbf_pard'
      : `programa_local_${locality}_${String(p).padStart(2, '0')}`;
    rules.push({
      id: 'S' + String(j).padStart(4, '0'), tier: 'main',
      when: { locality: { eq: locality }, age: { range: AGE_BANDS[b] }, channel: { eq: channel },
        risk_context: { eq: risk } },
      emit: [{ service, priority: b === 0 ? U : S }],
    });
  }
  return rules;
}

export function rulesFor(variant) {
  if (variant === 'base') return BASE_RULES;
  if (variant === 'scaled') return BASE_RULES.concat(syntheticRules());
  throw new Error(`unknown variant ${variant}`);
}

// Steps 2-4 (fallback, merge, sort) for engines whose rules only yield candidates.
// candidates: [{ service, priority }]. Returns the referral list of SCENARIO section 3.
export function finish(candidates) {
  if (candidates.length === 0) return [{ service: FALLBACK.service, priority: FALLBACK.priority }];
  const best = new Map();
  for (const c of candidates) {
    if (best.get(c.service) !== U) best.set(c.service, c.priority);
  }
  const out = [];
  for (const [service, priority] of best) out.push({ service, priority });
  // urgent first, then service in byte order (names are ASCII: UTF-16 order == byte order)
  out.sort((a, b) => (a.priority === b.priority
    ? (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)
    : (a.priority === U ? -1 : 1)));
  return out;
}
