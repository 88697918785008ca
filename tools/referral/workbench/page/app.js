// The workbench's pages (docs/workbench.md): plain JavaScript over the JSON
// that `referral workbench` answers. Nothing is fetched from elsewhere, and
// nothing a person enters leaves this page but to that server.
'use strict';

// ---------------------------------------------------------------- words

const WORDS = {
  es: {
    skip: 'Saltar al contenido', pages: 'Páginas', language: 'Idioma',
    probar: 'Probar un caso', reglas: 'Reglas', hallazgos: 'Hallazgos', pruebas: 'Pruebas',
    cambios: 'Cambios', registros: 'Registros',
    broken: 'Las reglas no cargan. Corrija estos problemas y guarde: la página se actualiza sola.',
    need_token: 'Esta mesa de trabajo pide un token: ábrala con el enlace que lleva «?token=…» (quien la inició lo tiene).',
    warnings_title: 'Avisos al cargar las reglas',
    case_title: 'El caso', decision_title: 'La decisión', graph_title: 'El recorrido en el grafo',
    not_informed: 'no informado', choose: '— elija una opción —', yes: 'sí', no: 'no', required: 'obligatorio',
    if_absent: 'Si no se informa: {0}.', sensitive: 'Dato sensible: el registro guarda solo el resultado de las condiciones.',
    load_file: 'Cargar un caso desde un archivo', paste: 'Pegar un caso (JSON)', apply: 'Usar este caso',
    save_test: 'Guardar como prueba', to_decision: 'Ir a la decisión',
    nothing_to_save: 'El caso no se puede decidir todavía: no hay decisión que guardar como prueba.',
    diff_wait: 'Comparando las dos versiones en todo el espacio de casos…', clear: 'Vaciar el formulario', copy_link: 'Copiar el enlace a este caso',
    link_copied: 'Enlace copiado.', link_hint: 'La dirección de esta página lleva el caso, con sus datos sensibles: sirve para repetirlo. Pruebe aquí casos inventados, no los de niños reales, y comparta el enlace solo con quien pueda ver el caso.',
    bad_json: 'El texto no es un caso JSON: {0}', case_refused: 'El caso no se puede decidir:',
    deciding: 'Decidiendo…', actions: 'Qué hacer', why: 'Por qué', detail: 'Detalle técnico (reglas, nodos y archivo:línea)',
    outcome: 'Resultado', warnings: 'Advertencias', instructions: 'Instrucciones', follow_up: 'Seguimiento',
    priority: 'Prioridad', timeframe: 'Plazo', basis: 'Base legal', office: 'Oficina', deadline: 'Fecha límite',
    confirm: 'Requiere confirmación de una persona', instead_of: 'en lugar de {0}',
    not_chosen: 'Servicios no elegidos', why_not: '¿Por qué no?', asking: 'Buscando el cambio más pequeño…',
    would_refer: ['Se remitiría a {1} cambiando 1 dato:', 'Se remitiría a {1} cambiando {0} datos:'], no_value: '(sin valor)',
    sensitive_change: 'otro valor (dato sensible: no se muestra)', that_is: 'es decir, {0}',
    zoom_in: 'Ampliar el grafo', zoom_out: 'Reducir el grafo',
    no_graph: 'No se puede dibujar el grafo: {0}',
    test_name: 'Caso probado en la mesa de trabajo',
    graph_link: 'Ver en el grafo', book_title: 'El libro de reglas', graph_whole: 'El grafo de enrutamiento',
    graph_hint: 'Pulse un nodo del grafo para ir a su parte del libro; en el libro, «Ver en el grafo» lo señala.',
    findings_none: 'El análisis no encontró nada que señalar.', regions: 'Se exploraron {0} regiones del espacio de casos.',
    incomplete: 'Análisis incompleto: {0}', open_example: 'Abrir el ejemplo en «Probar un caso»',
    severity_error: 'error', severity_warning: 'advertencia', severity_note: 'nota',
    findings_summary: '{0}, {1}, {2}.', errors_n: ['{0} error', '{0} errores'], warnings_n: ['{0} advertencia', '{0} advertencias'],
    notes_n: ['{0} nota', '{0} notas'], passed_n: ['{0} aprobada', '{0} aprobadas'], failed_n: ['{0} fallida', '{0} fallidas'],
    tests_summary: '{0}, {1}', passed: 'aprobada', failed: 'fallida',
    coverage: 'Cobertura: {0} de {1} reglas se dispararon; {2} de {3} condiciones se vieron verdaderas y falsas.',
    never_fired: 'Reglas que ninguna prueba dispara', explanation: 'Explicación de la decisión',
    declared: 'Difiere como se declaró: {0}', inherited: 'heredada de {0}',
    inherited_title: 'Pruebas heredadas de {0}',
    inherited_summary: '{0} aprobada(s), {1} difieren como se declaró, {2} fallida(s) (como «referral test --inherit»).',
    no_compare: 'Para ver cambios, inicie la mesa de trabajo con --compare y la carpeta (o el archivo) de las reglas anteriores:',
    diff_header: 'De {0} a {1}', diff_none: 'Ningún caso cambia de ruta.',
    diff_changed: ['{0} región del espacio de casos cambia de decisión.', '{0} regiones del espacio de casos cambian de decisión.'], facts_differ: 'Los hechos difieren: solo en la base: {0}; solo en las nuevas: {1}; declarados de otra forma: {2}. Se comparan sobre los hechos comunes.',
    diff_rejected: ['{0} ejemplo no comparable.', '{0} ejemplos no comparables.'], count: ['{0} región', '{0} regiones'],
    no_records: 'Para revisar registros, inicie la mesa de trabajo con --records y el archivo de registros:',
    chain_ok: 'Cadena verificada: {0}, {1}, {2}; {3} con el mismo resultado.', records_n: ['{0} registro', '{0} registros'],
    decisions_n: ['{0} decisión', '{0} decisiones'], reviews_n: ['{0} revisión', '{0} revisiones'], replayed_n: ['{0} recalculada', '{0} recalculadas'],
    chain_bad: ['La verificación encontró {0} problema en el archivo de registros:', 'La verificación encontró {0} problemas en el archivo de registros:'],
    awaiting: 'Remisiones por deber legal pendientes de revisión: {0}',
    filters: 'Filtrar las decisiones', f_outcome: 'Resultado', f_service: 'Servicio', f_rule: 'Regla',
    f_awaiting: 'Solo las pendientes de revisión', case_id_label: 'identificador del caso', f_from: 'Desde', f_to: 'Hasta', any: 'cualquiera',
    shown: '{0} de {1} decisiones.', outcome_referred: 'remitido', outcome_no_referral: 'sin remisión', outcome_out_of_scope: 'fuera del alcance',
    follow_up_yes: 'Sí: programe el seguimiento del caso.', to_field: 'ir al campo', saved: 'Se descargó «{0}». Guárdelo en la carpeta tests/ de las reglas: aparecerá en «Pruebas».', col_line: 'Línea', col_id: 'Decisión', col_at: 'Fecha', col_outcome: 'Resultado',
    col_services: 'Servicios', col_review: 'Revisión', pending: 'pendiente', explain_record: 'Explicar',
    record_title: 'La decisión {0}, explicada desde su registro (línea {1})',
    record_note: 'Recalculada con las reglas {0} {1}: muestra solo lo que guarda el registro (de un dato sensible, el resultado de sus condiciones; de un dato que el caso no informó, el valor que se asumió).',
    problem_line: 'línea {0}', error: 'Error: {0}', none: 'ninguno',
  },
  en: {
    skip: 'Skip to content', pages: 'Pages', language: 'Language',
    probar: 'Try a case', reglas: 'Rules', hallazgos: 'Findings', pruebas: 'Tests',
    cambios: 'Changes', registros: 'Records',
    broken: 'The rules do not load. Fix these problems and save: the page updates itself.',
    need_token: 'This workbench asks for a token: open it with the link that carries "?token=…" (whoever started it has it).',
    warnings_title: 'Warnings while loading the rules',
    case_title: 'The case', decision_title: 'The decision', graph_title: 'The path through the graph',
    not_informed: 'not given', choose: '— choose one —', yes: 'yes', no: 'no', required: 'required',
    if_absent: 'If not given: {0}.', sensitive: 'Sensitive: records keep only the result of the conditions on it.',
    load_file: 'Load a case from a file', paste: 'Paste a case (JSON)', apply: 'Use this case',
    save_test: 'Save as a test', to_decision: 'Go to the decision',
    nothing_to_save: 'The case cannot be decided yet: there is no decision to save as a test.',
    diff_wait: 'Comparing the two versions over the whole case space…', clear: 'Clear the form', copy_link: 'Copy the link to this case',
    link_copied: 'Link copied.', link_hint: 'This page\'s address carries the case, sensitive facts included: it reproduces it. Try made-up cases here, not real children\'s, and share the link only with people who may see the case.',
    bad_json: 'The text is not a JSON case: {0}', case_refused: 'The case cannot be decided:',
    deciding: 'Deciding…', actions: 'What to do', why: 'Why', detail: 'Technical detail (rules, nodes and file:line)',
    outcome: 'Outcome', warnings: 'Warnings', instructions: 'Instructions', follow_up: 'Follow-up',
    priority: 'Priority', timeframe: 'Timeframe', basis: 'Legal basis', office: 'Office', deadline: 'Deadline',
    confirm: 'A person must confirm it', instead_of: 'instead of {0}',
    not_chosen: 'Services not chosen', why_not: 'Why not?', asking: 'Looking for the smallest change…',
    would_refer: ['It would be referred to {1} by changing 1 fact:', 'It would be referred to {1} by changing {0} facts:'], no_value: '(no value)',
    sensitive_change: 'another value (sensitive fact: not shown)', that_is: 'that is, {0}',
    zoom_in: 'Zoom in on the graph', zoom_out: 'Zoom out of the graph',
    no_graph: 'Cannot draw the graph: {0}',
    test_name: 'Case tried in the workbench',
    graph_link: 'Show in the graph', book_title: 'The rule book', graph_whole: 'The routing graph',
    graph_hint: 'Click a node of the graph to go to its part of the book; in the book, "Show in the graph" points it out.',
    findings_none: 'The analysis found nothing to point out.', regions: '{0} regions of the case space explored.',
    incomplete: 'Analysis incomplete: {0}', open_example: 'Open the example in "Try a case"',
    severity_error: 'error', severity_warning: 'warning', severity_note: 'note',
    findings_summary: '{0}, {1}, {2}.', errors_n: ['{0} error', '{0} errors'], warnings_n: ['{0} warning', '{0} warnings'],
    notes_n: ['{0} note', '{0} notes'], passed_n: ['{0} passed', '{0} passed'], failed_n: ['{0} failed', '{0} failed'],
    tests_summary: '{0}, {1}', passed: 'passed', failed: 'failed',
    coverage: 'Coverage: {0} of {1} rules fired; {2} of {3} conditions were seen both true and false.',
    never_fired: 'Rules no test fires', explanation: 'The decision explained',
    declared: 'Differs as declared: {0}', inherited: 'inherited from {0}',
    inherited_title: 'Tests inherited from {0}',
    inherited_summary: '{0} passed, {1} differ as declared, {2} failed (as "referral test --inherit").',
    no_compare: 'To see changes, start the workbench with --compare and the folder (or archive) of the earlier rules:',
    diff_header: 'From {0} to {1}', diff_none: 'No case changes route.',
    diff_changed: ['{0} region of the case space changes decision.', '{0} regions of the case space change decision.'], facts_differ: 'The facts differ: only in the base: {0}; only in the new rules: {1}; declared otherwise: {2}. Compared over the facts they share.',
    diff_rejected: ['{0} example not comparable.', '{0} examples not comparable.'], count: ['{0} region', '{0} regions'],
    no_records: 'To review records, start the workbench with --records and the record file:',
    chain_ok: 'Chain verified: {0}, {1}, {2}; {3} with the same result.', records_n: ['{0} record', '{0} records'],
    decisions_n: ['{0} decision', '{0} decisions'], reviews_n: ['{0} review', '{0} reviews'], replayed_n: ['{0} replayed', '{0} replayed'],
    chain_bad: ['Verification found {0} problem in the record file:', 'Verification found {0} problems in the record file:'],
    awaiting: 'Duty referrals awaiting review: {0}',
    filters: 'Filter the decisions', f_outcome: 'Outcome', f_service: 'Service', f_rule: 'Rule',
    f_awaiting: 'Only those awaiting review', case_id_label: 'case id', f_from: 'From', f_to: 'To', any: 'any',
    shown: '{0} of {1} decisions.', outcome_referred: 'referred', outcome_no_referral: 'no referral', outcome_out_of_scope: 'out of scope',
    follow_up_yes: 'Yes: schedule the case\'s follow-up.', to_field: 'go to the field', saved: 'Downloaded "{0}". Put it in the rules\' tests/ folder: it will show in "Tests".', col_line: 'Line', col_id: 'Decision', col_at: 'Date', col_outcome: 'Outcome',
    col_services: 'Services', col_review: 'Review', pending: 'awaiting', explain_record: 'Explain',
    record_title: 'Decision {0}, explained from its record (line {1})',
    record_note: 'Replayed with the rules {0} {1}: it shows only what the record holds (of a sensitive fact, the result of its conditions; of a fact the case left out, the value assumed).',
    problem_line: 'line {0}', error: 'Error: {0}', none: 'none',
  },
};

const state = {
  lang: null,         // the page's language: ?lang, else the rule set's
  generation: 0,      // of the rules last shown
  ok: true,
  page: 'probar',
  form: null,         // GET /api/form
  caseValues: {},     // fact -> value, as the case gives it
  token: null,
};

function t(key, ...args) {
  const words = WORDS[state.lang] || WORDS.es;
  let text = words[key] !== undefined ? words[key] : key;
  if (Array.isArray(text)) text = text[Number(args[0]) === 1 ? 0 : 1];  // [one, many]
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

// An element with attributes and children (strings become text: never HTML).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// ---------------------------------------------------------------- the server

async function api(path, options = {}) {
  const sep = path.includes('?') ? '&' : '?';
  const headers = {};
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(state.lang ? path + sep + 'lang=' + state.lang : path, {
    method: options.method || 'GET', headers, body: options.body,
  });
  const type = res.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await res.json() : await res.text();
  return { status: res.status, ok: res.ok, body };
}

function errorsOf(body) {
  if (body && Array.isArray(body.errors) && body.errors.length) return body.errors;
  if (body && body.error) return [body.error];
  return [{ code: 'http', message: String(body) }];
}

// ---------------------------------------------------------------- shell

function setChrome() {
  document.documentElement.lang = state.lang;
  document.getElementById('skip').textContent = t('skip');
  document.getElementById('nav').setAttribute('aria-label', t('pages'));
  document.getElementById('lang-label').textContent = t('language');
  document.getElementById('lang').value = state.lang;
  for (const a of document.querySelectorAll('#nav a')) {
    a.textContent = t(a.dataset.page);
    if (a.dataset.page === state.page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = t(state.page) + ' · referral';
}

// `#PAGE?caso=…`: the page, and the case it opens with (an address edited
// by hand that does not decode opens the page without it).
function parseHash() {
  const hash = location.hash.slice(1);
  const q = hash.indexOf('?');
  const page = (q < 0 ? hash : hash.slice(0, q)) || 'probar';
  let params;
  try {
    params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  } catch (e) {
    params = new URLSearchParams('');
  }
  return { page: PAGES.includes(page) ? page : 'probar', params };
}

const PAGES = ['probar', 'reglas', 'hallazgos', 'pruebas', 'cambios', 'registros'];

function showDiagnostics(s) {
  const box = document.getElementById('problems');
  box.replaceChildren();
  const shown = s.diagnostics.filter((d) => !s.ok || d.severity !== 'note');
  if (s.ok && !shown.length) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.className = s.ok ? 'problems warn' : 'problems broken';
  box.append(el('h2', {}, s.ok ? t('warnings_title') : t('broken')));
  box.append(el('ul', { class: 'diagnostics' },
    shown.map((d) => el('li', { class: d.severity }, el('code', {}, d.text)))));
}

async function refreshState(force) {
  let r;
  try {
    r = await api('/api/state');
  } catch (e) {
    return;  // the program stopped: keep what is shown
  }
  if (r.status === 401) {
    document.getElementById('main').replaceChildren(el('p', { class: 'error', id: 'need-token' }, t('need_token')));
    return;
  }
  if (!r.ok) return;
  const s = r.body;
  if (!state.lang) state.lang = s.lang;
  const rs = s.ruleset;
  document.getElementById('ruleset').textContent =
    rs ? `${rs.title} · ${rs.id} ${rs.version} · ${rs.digest.slice(0, 12)}` : s.rules_path;
  showDiagnostics(s);
  const changed = s.generation !== state.generation || s.ok !== state.ok;
  state.generation = s.generation;
  state.ok = s.ok;
  state.records = s.records;
  state.compare = s.compare;
  if (changed || force) {
    state.form = null;
    await render();
  }
}

async function render() {
  const { page, params } = parseHash();
  state.page = page;
  setChrome();
  const main = document.getElementById('main');
  if (!state.ok) {
    main.replaceChildren(el('p', { class: 'muted' }, t('broken')));
    return;
  }
  const pages = { probar: pageTry, reglas: pageRules, hallazgos: pageFindings, pruebas: pageTests,
    cambios: pageChanges, registros: pageRecords };
  const view = el('div', { class: 'page page-' + page });
  view.append(el('h1', {}, t(page)));
  main.replaceChildren(view);
  await pages[page](view, params);
}

// ---------------------------------------------------------------- Probar un caso

function factControl(f) {
  const id = 'f-' + f.id;
  const hint = [];
  if (f.description) hint.push(f.description);
  if (f.default !== null && f.default !== undefined) hint.push(t('if_absent', displayValue(f, f.default)));
  if (f.sensitive) hint.push(t('sensitive'));
  const hintId = hint.length ? id + '-hint' : null;
  const label = el('label', { for: id },
    el('span', { class: 'label' }, f.label), ' ', el('code', {}, f.id),
    f.required ? el('span', { class: 'req' }, ' (' + t('required') + ')') : null);
  const common = { id, name: f.id, 'aria-describedby': hintId, required: f.required || null,
    'data-fact': f.id, 'data-type': f.type };
  let control;
  // A required fact has no "not given": its empty choice asks for one.
  const empty = f.required ? t('choose') : t('not_informed');
  if (f.type === 'bool') {
    control = el('select', common,
      el('option', { value: '' }, empty),
      el('option', { value: 'true' }, t('yes')), el('option', { value: 'false' }, t('no')));
  } else if (f.type === 'enum') {
    control = el('select', common, el('option', { value: '' }, empty),
      f.values.map((v) => el('option', { value: v.value }, v.label)));
  } else if (f.type === 'set') {
    const boxes = f.values.map((v, i) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', id: `${id}-${i}`, value: v.value, 'data-fact': f.id, 'data-type': 'set' }),
      ' ', v.label));
    const fieldset = el('fieldset', { class: 'field set', id, 'data-type': 'set', 'aria-describedby': hintId },
      el('legend', {}, el('span', { class: 'label' }, f.label), ' ', el('code', {}, f.id)), boxes,
      hintId ? el('p', { class: 'hint', id: hintId }, hint.join(' ')) : null);
    return fieldset;
  } else if (f.type === 'int') {
    control = el('input', Object.assign({ type: 'number', step: '1', inputmode: 'numeric',
      min: f.min > -1e15 ? f.min : null, max: f.max < 1e15 ? f.max : null }, common));
  } else if (f.type === 'date') {
    control = el('input', Object.assign({ type: 'date' }, common));
  } else {
    control = el('input', Object.assign({ type: 'text' }, common));
  }
  return el('div', { class: 'field' }, label, control,
    hintId ? el('p', { class: 'hint', id: hintId }, hint.join(' ')) : null);
}

function displayValue(f, v) {
  if (f.type === 'bool') return v ? t('yes') : t('no');
  if (f.type === 'enum') {
    const found = f.values.find((x) => x.value === v);
    return found ? found.label : v;
  }
  if (f.type === 'set') return v.length ? v.join(', ') : t('none');
  return String(v);
}

// The case the form holds, as the engine reads it.
function caseFromForm(form) {
  const c = {};
  const caseId = form.querySelector('#f-case_id').value;
  if (caseId !== '') c.case_id = caseId;
  const sets = {};
  for (const input of form.querySelectorAll('[data-fact]')) {
    const fact = input.dataset.fact;
    if (fact === 'case_id') continue;
    const type = input.dataset.type;
    if (type === 'set') {
      if (input.tagName !== 'INPUT') continue;
      sets[fact] = sets[fact] || [];
      if (input.checked) sets[fact].push(input.value);
      continue;
    }
    const v = input.value;
    if (v === '') continue;
    if (type === 'bool') c[fact] = v === 'true';
    else if (type === 'int') c[fact] = Number(v);
    else c[fact] = v;
  }
  for (const [fact, values] of Object.entries(sets)) {
    if (values.length) c[fact] = values;
  }
  return c;
}

// Puts a case's values into the form (unknown keys are kept aside and sent as
// they are, so the engine names them).
function caseIntoForm(form, c) {
  for (const input of form.querySelectorAll('[data-fact]')) {
    const fact = input.dataset.fact;
    const v = c[fact];
    if (input.dataset.type === 'set') {
      if (input.tagName === 'INPUT') input.checked = Array.isArray(v) && v.includes(input.value);
    } else {
      input.value = v === undefined || v === null ? '' : String(v);
    }
  }
}

function encodeCase(c) {
  return encodeURIComponent(JSON.stringify(c));
}

function download(name, text, type) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

// A rule test of the case and its decision now (docs/analysis.md, "Test files").
function testYaml(c, decision) {
  const q = (s) => JSON.stringify(String(s));
  const lines = ['tests:', `  - name: ${q(t('test_name') + ' ' + (c.case_id || ''))}`, '    case:'];
  for (const [k, v] of Object.entries(c)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
  lines.push('    expect:');
  if (decision.outcome) lines.push(`      outcome: ${decision.outcome}`);
  lines.push('      referrals:');
  if (!decision.referrals.length) lines[lines.length - 1] = '      referrals: []';
  for (const r of decision.referrals) {
    lines.push(`        - service: ${r.service}`);
    if (r.priority) lines.push(`          priority: ${r.priority}`);
  }
  return lines.join('\n') + '\n';
}

async function pageTry(view, params) {
  if (!state.form) {
    const r = await api('/api/form');
    if (!r.ok) return view.append(el('p', { class: 'error' }, t('error', errorsOf(r.body)[0].message)));
    state.form = r.body;
  }
  const fromUrl = params.get('caso');
  if (fromUrl) {
    try {
      state.caseValues = JSON.parse(fromUrl);
    } catch (e) { /* a broken link: start from what the form had */ }
  }
  const form = el('form', { class: 'case-form', id: 'case-form', 'aria-labelledby': 'case-title', novalidate: true,
    onsubmit: (e) => e.preventDefault() });
  form.append(el('div', { class: 'field' },
    el('label', { for: 'f-case_id' }, el('span', { class: 'label' }, t('case_id_label')), ' ', el('code', {}, 'case_id'),
      el('span', { class: 'req' }, ' (' + t('required') + ')')),
    el('input', { type: 'text', id: 'f-case_id', name: 'case_id', 'data-fact': 'case_id', required: true })));
  for (const f of state.form.facts) form.append(factControl(f));

  const fileInput = el('input', { type: 'file', id: 'case-file', accept: '.json,application/json' });
  const pasteArea = el('textarea', { id: 'case-paste', rows: 6, spellcheck: 'false' });
  const status = el('p', { class: 'status', role: 'status', id: 'try-status' });
  const tools = el('div', { class: 'tools' },
    el('div', { class: 'field' }, el('label', { for: 'case-file' }, t('load_file')), fileInput),
    el('details', {}, el('summary', {}, t('paste')),
      el('label', { for: 'case-paste', class: 'visually-hidden' }, t('paste')), pasteArea,
      el('button', { type: 'button', id: 'paste-apply', onclick: () => applyText(pasteArea.value) }, t('apply'))),
    el('div', { class: 'buttons' },
      el('button', { type: 'button', id: 'save-test', onclick: () => saveTest() }, t('save_test')),
      el('button', { type: 'button', id: 'copy-link', onclick: () => copyLink() }, t('copy_link')),
      el('button', { type: 'button', id: 'clear', onclick: () => { state.caseValues = {}; caseIntoForm(form, {}); update(); } },
        t('clear'))),
    el('p', { class: 'hint' }, t('link_hint')), status,
    el('button', { type: 'button', class: 'to-decision', onclick: () => {
      const title = document.getElementById('decision-title');
      title.setAttribute('tabindex', '-1');
      title.focus();
    } }, t('to_decision')));

  const result = el('section', { class: 'result', id: 'result', 'aria-labelledby': 'decision-title' });
  // What a screen reader announces on each change: the headline, not the whole decision.
  const announce = el('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'announce' });
  const graphBox = el('div', { id: 'graph', class: 'svg' });
  const graph = el('section', { class: 'graph', 'aria-labelledby': 'graph-title' },
    el('h2', { id: 'graph-title' }, t('graph_title')), zoomButtons(graphBox), graphBox);
  view.append(el('div', { class: 'try' },
    el('section', { class: 'case', 'aria-labelledby': 'case-title' },
      el('h2', { id: 'case-title' }, t('case_title')), tools, form),
    el('div', { class: 'outcome' }, announce, result, graph)));

  let lastDecision = null;
  // A first visit starts from a case id and today's date, not an empty form.
  if (!Object.keys(state.caseValues).length) {
    const today = new Date();
    const iso = new Date(today.getTime() - today.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    state.caseValues = { case_id: 'caso-1' };
    if (state.form.facts.some((f) => f.id === 'evaluation_date')) state.caseValues.evaluation_date = iso;
  }
  caseIntoForm(form, state.caseValues);

  function applyText(text) {
    try {
      const c = JSON.parse(text);
      if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new Error('{…}');
      state.caseValues = c;
      caseIntoForm(form, c);
      status.textContent = '';
      update();
    } catch (e) {
      status.textContent = t('bad_json', e.message);
    }
  }
  fileInput.addEventListener('change', async () => {
    if (fileInput.files.length) applyText(await fileInput.files[0].text());
  });
  function saveTest() {
    if (!lastDecision) {
      status.textContent = t('nothing_to_save');
      return;
    }
    const c = caseFromForm(form);
    const name = `prueba-${(c.case_id || 'caso').replace(/[^A-Za-z0-9_.-]/g, '_')}.yaml`;
    download(name, testYaml(c, lastDecision), 'application/yaml');
    status.textContent = t('saved', name);
  }
  async function copyLink() {
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = t('link_copied');
    } catch (e) {
      status.textContent = location.href;
    }
  }

  let timer = null;
  let asked = 0;
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 250); });
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(update, 50); });

  async function update() {
    const c = caseFromForm(form);
    // Keys the form has no field for stay in the case, so the engine names them.
    for (const [k, v] of Object.entries(state.caseValues)) {
      if (!form.querySelector(`[data-fact="${CSS.escape(k)}"]`)) c[k] = v;
    }
    state.caseValues = c;
    history.replaceState(null, '', '#probar?caso=' + encodeCase(c));
    const mine = ++asked;
    result.setAttribute('aria-busy', 'true');
    const r = await api('/api/decide', { method: 'POST', body: JSON.stringify(c) });
    if (mine !== asked) return;  // a newer change is on its way
    result.removeAttribute('aria-busy');
    for (const bad of form.querySelectorAll('[aria-invalid]')) bad.removeAttribute('aria-invalid');
    if (!r.ok) {
      lastDecision = null;
      const errors = errorsOf(r.body);
      announce.textContent = t('case_refused') + ' ' + errors.length;
      for (const e of errors) {
        const field = e.field && form.querySelector('#f-' + CSS.escape(e.field));
        if (field) field.setAttribute('aria-invalid', 'true');
      }
      result.replaceChildren(el('h2', { id: 'decision-title' }, t('decision_title')),
        el('div', { class: 'refused', id: 'refused' }, el('p', {}, t('case_refused')),
          el('ul', {}, errors.map((e) => el('li', {}, el('code', {}, e.code), ' ', e.message,
            e.field && form.querySelector('#f-' + CSS.escape(e.field)) ? el('span', {}, ' (', el('a', { href: '#', onclick: (ev) => { ev.preventDefault();
              form.querySelector('#f-' + CSS.escape(e.field)).focus(); } }, t('to_field')), ')') : null)))));
      document.getElementById('graph').replaceChildren();
      return;
    }
    lastDecision = r.body.decision;
    renderDecision(result, r.body, c);
    announce.textContent = (r.body.decision.summary || {}).headline || '';
    const g = document.getElementById('graph');
    if (r.body.svg) showSvg(g, r.body.svg);
    else g.replaceChildren(el('p', { class: 'error' }, t('no_graph', r.body.svg_error || '')));
  }
  await update();
}

function renderDecision(box, body, c) {
  const d = body.decision;
  const s = d.summary || {};
  const chosen = new Set(d.referrals.map((r) => r.service));
  const actions = (s.actions || []).map((a) => el('li', { class: 'action', 'data-service': a.service },
    el('strong', {}, a.name), ' ', el('code', {}, a.service),
    el('dl', {},
      a.priority_label ? [el('dt', {}, t('priority')), el('dd', {}, a.priority_label)] : null,
      a.timeframe_text ? [el('dt', {}, t('timeframe')), el('dd', {}, a.timeframe_text)] : null,
      a.deadline ? [el('dt', {}, t('deadline')), el('dd', {}, a.deadline.replace('T', ' ').replace(/:00([+-]\d\d:\d\d)$/, ' (UTC$1)').replace(/:00Z$/, ' (UTC)'))] : null,
      a.legal_basis_text ? [el('dt', {}, t('basis')), el('dd', {}, a.legal_basis_text, a.citation ? ' (' + a.citation + ')' : '')] : null,
      a.office ? [el('dt', {}, t('office')), el('dd', {}, typeof a.office === 'string' ? a.office : [a.office.name, a.office.address, a.office.hours].filter(Boolean).join(' · '))] : null),
    a.requires_human_confirmation ? el('p', { class: 'confirm' }, t('confirm')) : null,
    a.instead_of ? el('p', {}, t('instead_of', a.instead_of)) : null));
  const notChosen = state.form.services.filter((sv) => !chosen.has(sv.id));
  box.replaceChildren(
    el('h2', { id: 'decision-title' }, t('decision_title')),
    el('section', { class: 'summary', 'aria-label': t('actions') },
      el('p', { class: 'headline', id: 'headline' }, s.headline || d.outcome),
      s.because ? el('p', {}, s.because) : null,
      el('ol', { class: 'actions', id: 'actions' }, actions),
      (s.instructions || []).length ? [el('h3', {}, t('instructions')), el('ul', {}, s.instructions.map((i) => el('li', {}, i)))] : null,
      (s.warnings || []).length ? [el('h3', {}, t('warnings')), el('ul', { class: 'warnings' }, s.warnings.map((w) => el('li', {}, w.text)))] : null,
      s.follow_up ? [el('h3', {}, t('follow_up')), el('p', {}, typeof s.follow_up === 'string' ? s.follow_up : t('follow_up_yes'))] : null),
    el('details', { open: true }, el('summary', {}, t('why')), el('pre', { class: 'explanation', id: 'explanation' }, d.explanation)),
    el('details', {}, el('summary', {}, t('detail')), el('pre', { class: 'explanation' }, body.detail)),
    el('section', { class: 'whynot', 'aria-labelledby': 'whynot-title' },
      el('h3', { id: 'whynot-title' }, t('not_chosen')),
      el('ul', { id: 'not-chosen' }, notChosen.map((sv) => {
        const answer = el('div', { class: 'answer', 'aria-live': 'polite' });
        return el('li', { 'data-service': sv.id }, el('span', {}, sv.name), ' ', el('code', {}, sv.id), ' ',
          el('button', { type: 'button', class: 'small', 'aria-label': t('why_not') + ' ' + sv.name,
            onclick: async () => {
              answer.textContent = t('asking');
              const r = await api('/api/whynot?service=' + encodeURIComponent(sv.id), { method: 'POST', body: JSON.stringify(c) });
              answer.replaceChildren(r.ok ? whyNotView(r.body, sv.name) : el('p', { class: 'error' }, errorsOf(r.body)[0].message));
            } }, t('why_not')), answer);
      }))));
}

// A why-not answer in the form's words: each fact by its label, each value
// by its label (the engine's own text when no change was found).
function whyNotView(answer, serviceName) {
  if (!answer.found) return el('p', { class: 'whynot-text' }, answer.text);
  const facts = new Map(state.form.facts.map((f) => [f.id, f]));
  for (const d of state.form.derived || []) facts.set(d.id, { id: d.id, label: d.label, type: 'int' });
  const words = (f, v) => {
    if (v === null || v === undefined) return t('no_value');
    return f ? displayValue(f, f.type === 'bool' ? v === 'true' : f.type === 'set' ? v.replace(/^\[|\]$/g, '').split(', ').filter(Boolean) : v) : v;
  };
  const n = answer.changes.length;
  return el('div', { class: 'whynot-text' }, el('p', {}, t('would_refer', n, serviceName)),
    el('ul', {}, answer.changes.map((c) => {
      const f = facts.get(c.fact);
      const name = f ? f.label : c.fact.replace(/_/g, ' ');
      const change = c.sensitive ? t('sensitive_change') : `${words(f, c.from)} → ${words(f, c.to)}`;
      let via = '';
      if (c.via) {
        const [fact, ...rest] = c.via.split(' ');
        const g = facts.get(fact);
        via = ' (' + t('that_is', (g ? g.label : fact) + ' ' + (g ? words(g, rest.join(' ')) : rest.join(' '))) + ')';
      }
      return el('li', { 'data-fact': c.fact }, el('strong', {}, name), ' ', el('code', {}, c.fact), ': ', change, via);
    })));
}

// An SVG drawn by Graphviz on the server, put in the page as a document
// fragment (its text is the rules' own; Graphviz escapes it).
// Buttons that draw the graph larger or smaller (its box scrolls).
function zoomButtons(box) {
  let scale = 1;
  const set = (k) => {
    scale = Math.min(4, Math.max(1, scale * k));
    box.style.setProperty('--zoom', String(scale));
  };
  return el('div', { class: 'zoom' },
    el('button', { type: 'button', class: 'small', onclick: () => set(1.5) }, '+ ', t('zoom_in')),
    el('button', { type: 'button', class: 'small', onclick: () => set(1 / 1.5) }, '− ', t('zoom_out')));
}

function showSvg(box, text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return box.replaceChildren(el('pre', {}, text.slice(0, 200)));
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('role', 'img');
  const title = svg.querySelector('title');
  svg.setAttribute('aria-label', title ? title.textContent : 'graph');
  box.replaceChildren(document.importNode(svg, true));
}

// ---------------------------------------------------------------- Reglas

async function pageRules(view) {
  const graphBox = el('div', { id: 'rules-graph', class: 'svg' });
  // The book is fetched like every answer (with the token, when there is
  // one) and shown in a frame of its own, its style apart from the page's.
  const frame = el('iframe', { id: 'book', title: t('book_title') });
  view.append(el('p', { class: 'hint' }, t('graph_hint')),
    el('div', { class: 'rules' },
      el('section', { 'aria-labelledby': 'whole-graph' }, el('h2', { id: 'whole-graph' }, t('graph_whole')), zoomButtons(graphBox), graphBox),
      el('section', { 'aria-labelledby': 'book-title' }, el('h2', { id: 'book-title' }, t('book_title')), frame)));
  const book = await api('/api/book');
  const bookLoaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = book.ok ? book.body : '<p>' + t('error', errorsOf(book.body)[0].message).replace(/[<&]/g, ' ') + '</p>';
  const r = await api('/api/graph');
  if (!r.ok) graphBox.append(el('p', { class: 'error' }, t('no_graph', errorsOf(r.body)[0].message)));
  else showSvg(graphBox, r.body);
  // The drawing holds links: a group to assistive technology, not an image.
  const drawn = graphBox.querySelector('svg');
  if (drawn) drawn.setAttribute('role', 'group');
  // Graph -> book: a node is `n:STAGE` (a node of rules) or `s:SERVICE`.
  const anchorOf = (name) => name.startsWith('n:') ? 'stage-' + name.slice(2)
    : name.startsWith('s:') ? 'service-' + name.slice(2) : null;
  for (const node of graphBox.querySelectorAll('g.node')) {
    const name = node.querySelector('title')?.textContent || '';
    const anchor = anchorOf(name);
    if (!anchor) continue;
    node.setAttribute('tabindex', '0');
    node.setAttribute('role', 'link');
    node.setAttribute('aria-label', [...node.querySelectorAll('text')].map((x) => x.textContent).join(' ') || name.slice(2));
    node.classList.add('linked');
    node.dataset.anchor = anchor;
    const go = () => {
      const target = frame.contentDocument && frame.contentDocument.getElementById(anchor);
      if (target) {
        target.scrollIntoView({ block: 'start' });
        target.classList.add('wb-target');
        setTimeout(() => target.classList.remove('wb-target'), 2000);
      }
    };
    node.addEventListener('click', go);
    node.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
  }
  // Book -> graph: a link beside each stage and service.
  const linkBook = () => {
    const doc = frame.contentDocument;
    if (!doc) return;
    const style = doc.createElement('style');
    style.textContent = '.wb-target{outline:3px solid #b45309;outline-offset:2px}.wb-graph-link{font-size:.85em;margin-left:.5em}' +
      'body{overflow-wrap:anywhere}';
    doc.head.append(style);
    for (const target of doc.querySelectorAll('[id^="stage-"], [id^="service-"]')) {
      const node = graphBox.querySelector(`g.node[data-anchor="${CSS.escape(target.id)}"]`);
      if (!node) continue;
      const link = doc.createElement('a');
      link.href = '#';
      link.className = 'wb-graph-link';
      link.textContent = t('graph_link');
      link.addEventListener('click', (e) => {
        e.preventDefault();
        for (const n of graphBox.querySelectorAll('g.node.picked')) n.classList.remove('picked');
        node.classList.add('picked');
        node.scrollIntoView({ block: 'center', inline: 'center' });
        node.focus();
      });
      const heading = target.matches('h1,h2,h3,h4') ? target : target.querySelector('h1,h2,h3,h4') || target.firstElementChild || target;
      heading.append(link);
    }
  };
  await bookLoaded;
  linkBook();
}

// ---------------------------------------------------------------- Hallazgos

function openInTry(c) {
  state.caseValues = c;
  location.hash = '#probar?caso=' + encodeCase(c);
}

async function pageFindings(view) {
  const r = await api('/api/analyze');
  if (!r.ok) return view.append(el('p', { class: 'error' }, t('error', errorsOf(r.body)[0].message)));
  const a = r.body;
  view.append(el('p', { id: 'findings-summary' },
    t('findings_summary', t('errors_n', a.errors), t('warnings_n', a.warnings), t('notes_n', a.notes)), ' ',
    t('regions', a.regions)));
  if (!a.complete) view.append(el('p', { class: 'error' }, t('incomplete', a.incomplete_reason)));
  if (!a.findings.length) return view.append(el('p', {}, t('findings_none')));
  // Errors first, then warnings, then notes; in file order within each.
  const rank = { error: 0, warning: 1, note: 2 };
  const findings = a.findings.slice().sort((x, y) => rank[x.severity] - rank[y.severity]);
  view.append(el('ul', { class: 'findings', id: 'findings' }, findings.map((f) => el('li', { class: 'finding ' + f.severity, 'data-code': f.code },
    el('span', { class: 'badge ' + f.severity }, t('severity_' + f.severity)), ' ', el('code', {}, f.code), ' ',
    el('span', { class: 'where' }, `${f.file}:${f.line}`),
    el('p', {}, f.message),
    f.example_case ? el('button', { type: 'button', class: 'open-example', onclick: () => openInTry(f.example_case) }, t('open_example')) : null))));
}

// ---------------------------------------------------------------- Pruebas

async function pageTests(view) {
  const r = await api('/api/tests');
  if (!r.ok) return view.append(el('p', { class: 'error' }, t('error', errorsOf(r.body)[0].message)));
  const j = r.body;
  const c = j.coverage;
  view.append(el('p', { id: 'tests-summary', class: j.failed ? 'bad' : 'good', 'data-passed': j.passed, 'data-failed': j.failed },
    t('tests_summary', t('passed_n', j.passed), t('failed_n', j.failed))),
    el('p', {}, t('coverage', c.rules_fired, c.rules_total, c.conditions_both_ways, c.conditions_total)));
  if (c.rules_never_fired.length) {
    view.append(el('details', {}, el('summary', {}, t('never_fired') + ` (${c.rules_never_fired.length})`),
      el('ul', {}, c.rules_never_fired.map((i) => el('li', {}, el('code', {}, `${i.file}:${i.line}`), ' ', i.what)))));
  }
  view.append(testList(j.tests, 'tests'));
  if (j.inherited) {
    const h = j.inherited;
    const declared = h.tests.filter((x) => x.passed && x.declared_difference).length;
    view.append(el('h2', {}, t('inherited_title', h.from)),
      el('p', { id: 'inherited-summary', class: h.failed ? 'bad' : 'good' },
        t('inherited_summary', h.passed - declared, declared, h.failed)),
      testList(h.tests, 'inherited-tests'));
  }
}

// Failures first, then the rest in file order.
function testList(list, id) {
  const tests = list.slice().sort((a, b) => Number(a.passed) - Number(b.passed));
  return el('ul', { class: 'tests', id }, tests.map((x) => el('li', { class: x.passed ? 'pass' : 'fail' },
    el('span', { class: 'badge ' + (x.passed ? 'pass' : 'fail') }, x.passed ? t('passed') : t('failed')), ' ',
    el('span', { class: 'test-name' }, x.name), ' ', el('span', { class: 'where' }, `${x.file}:${x.line}`),
    x.inherited_from ? el('span', { class: 'muted' }, ' · ' + t('inherited', x.inherited_from)) : null,
    x.declared_difference ? el('p', { class: 'muted' }, t('declared', x.declared_difference)) : null,
    x.failures.length ? el('ul', { class: 'failures' }, x.failures.map((f) => el('li', {}, f))) : null,
    x.explanation ? el('details', {}, el('summary', {}, t('explanation')), el('pre', { class: 'explanation' }, x.explanation)) : null)));
}

// ---------------------------------------------------------------- Cambios

async function pageChanges(view) {
  if (!state.compare) {
    return view.append(el('p', {}, t('no_compare')),
      el('pre', {}, 'referral workbench rules/bogota --compare ../reglas-anteriores/bogota'));
  }
  view.append(el('p', { id: 'diff-wait', role: 'status' }, t('diff_wait')));
  const r = await api('/api/diff');
  document.getElementById('diff-wait').remove();
  if (!r.ok) return view.append(el('p', { class: 'error' }, t('error', errorsOf(r.body)[0].message)));
  const d = r.body;
  const named = (x) => `${x.id} ${x.version} (${x.digest.slice(0, 12)}, ${x.path})`;
  const names = (list) => list.length ? list.join(', ') : '-';
  view.append(el('p', {}, t('diff_header', named(d.base), named(d.head))));
  if (d.facts_differ) {
    view.append(el('p', {}, t('facts_differ', names(d.facts_differ.only_in_base), names(d.facts_differ.only_in_head),
      names(d.facts_differ.changed))));
  }
  view.append(el('p', { id: 'diff-summary' }, d.changed ? t('diff_changed', d.changed) : t('diff_none'),
    d.rejected ? ' ' + t('diff_rejected', d.rejected) : ''));
  view.append(el('ul', { class: 'changes', id: 'changes' }, d.changes.map((c) => el('li', {},
    el('code', { class: 'change' }, c.change), ' ', el('span', {}, t('count', c.count)),
    c.example_case ? el('button', { type: 'button', class: 'open-example', onclick: () => openInTry(c.example_case) }, t('open_example')) : null))));
}

// ---------------------------------------------------------------- Registros

async function pageRecords(view) {
  if (!state.records) {
    return view.append(el('p', {}, t('no_records')), el('pre', {}, 'referral workbench rules/bogota --records registros.jsonl'));
  }
  const r = await api('/api/records');
  if (!r.ok) return view.append(el('p', { class: 'error' }, t('error', errorsOf(r.body)[0].message)));
  const j = r.body;
  const v = j.verify;
  if (v.ok) {
    view.append(el('p', { class: 'good', id: 'chain' }, t('chain_ok', t('records_n', v.records), t('decisions_n', v.decisions),
      t('reviews_n', v.reviews), t('replayed_n', v.replayed))));
  } else {
    view.append(el('div', { class: 'bad', id: 'chain', role: 'alert' }, el('p', {}, t('chain_bad', v.problems.length)),
      el('ul', { id: 'record-problems' }, v.problems.map((p) => el('li', { 'data-line': p.line },
        el('code', {}, `${p.file}:${p.line}`), ' ', el('code', {}, p.code), ' ', p.message)))));
  }
  if (v.unreviewed_duties.length) view.append(el('p', {}, t('awaiting', v.unreviewed_duties.length)));
  const all = j.decisions;
  if (!state.form) {
    const f = await api('/api/form');
    if (f.ok) state.form = f.body;
  }
  // Services by their names, outcomes in words; the codes stay the values.
  const names = new Map((state.form ? state.form.services : []).map((sv) => [sv.id, sv.name]));
  const serviceName = (id) => names.get(id) || id;
  const outcomeWords = (o) => (WORDS[state.lang][`outcome_${o}`] !== undefined ? t(`outcome_${o}`) : o);
  const uniq = (xs) => [...new Set(xs)].sort();
  const select = (id, label, values, words = (x) => x) => el('div', { class: 'field' }, el('label', { for: id }, label),
    el('select', { id }, el('option', { value: '' }, t('any')), values.map((x) => el('option', { value: x }, words(x)))));
  const filters = el('fieldset', { class: 'filters' }, el('legend', {}, t('filters')),
    select('flt-outcome', t('f_outcome'), uniq(all.map((d) => d.outcome)), outcomeWords),
    select('flt-service', t('f_service'), uniq(all.flatMap((d) => d.services)), serviceName),
    select('flt-rule', t('f_rule'), uniq(all.flatMap((d) => d.fired_rules))),
    el('div', { class: 'field' }, el('label', { for: 'flt-from' }, t('f_from')), el('input', { type: 'date', id: 'flt-from' })),
    el('div', { class: 'field' }, el('label', { for: 'flt-to' }, t('f_to')), el('input', { type: 'date', id: 'flt-to' })),
    el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'flt-awaiting' }), ' ', t('f_awaiting')));
  const count = el('p', { role: 'status', id: 'records-count' });
  const tbody = el('tbody', {});
  const bad = new Set(v.problems.map((p) => p.line));
  const detail = el('section', { id: 'record-detail', 'aria-live': 'polite' });
  view.append(filters, count, el('div', { class: 'table' }, el('table', { id: 'records' },
    el('thead', {}, el('tr', {}, ['col_line', 'col_id', 'col_at', 'col_outcome', 'col_services', 'col_review', 'col_line']
      .map((k, i) => el('th', { scope: 'col' }, i === 6 ? el('span', { class: 'visually-hidden' }, t('explain_record')) : t(k))))), tbody)), detail);
  const draw = () => {
    const val = (id) => document.getElementById(id).value;
    const awaiting = document.getElementById('flt-awaiting').checked;
    const shown = all.filter((d) => (!val('flt-outcome') || d.outcome === val('flt-outcome')) &&
      (!val('flt-service') || d.services.includes(val('flt-service'))) &&
      (!val('flt-rule') || d.fired_rules.includes(val('flt-rule'))) &&
      (!awaiting || d.awaiting_review) &&
      (!val('flt-from') || d.decided_at.slice(0, 10) >= val('flt-from')) &&
      (!val('flt-to') || d.decided_at.slice(0, 10) <= val('flt-to')));
    count.textContent = t('shown', shown.length, all.length);
    tbody.replaceChildren(...shown.map((d) => el('tr', { class: bad.has(d.line) ? 'bad-line' : null, 'data-id': d.decision_id },
      el('td', {}, String(d.line)), el('td', {}, el('code', {}, d.decision_id.slice(0, 12))), el('td', {}, d.decided_at),
      el('td', {}, outcomeWords(d.outcome)), el('td', {}, d.services.map(serviceName).join('; ')),
      el('td', {}, d.awaiting_review ? t('pending') : ''),
      el('td', {}, el('button', { type: 'button', class: 'small', 'aria-label': t('explain_record') + ' ' + d.decision_id,
        onclick: () => explainRecord(d, detail) }, t('explain_record'))))));
  };
  filters.addEventListener('input', draw);
  filters.addEventListener('change', draw);
  draw();
}

async function explainRecord(d, box) {
  const r = await api('/api/records/explain?id=' + encodeURIComponent(d.decision_id));
  if (!r.ok) return box.replaceChildren(el('p', { class: 'error' }, t('error', errorsOf(r.body)[0].message)));
  const j = r.body;
  box.replaceChildren(el('h2', { tabindex: '-1', id: 'record-title' }, t('record_title', j.decision_id, j.line)),
    el('p', { class: 'muted' }, t('record_note', j.ruleset.id, j.ruleset.version)),
    el('pre', { class: 'explanation', id: 'record-explanation' }, j.decision.explanation));
  document.getElementById('record-title').focus();
}

// ---------------------------------------------------------------- start

async function start() {
  const search = new URLSearchParams(location.search);
  // A token given in the address is kept for this tab only, and taken out of
  // the address so it is not bookmarked or shared.
  if (search.has('token')) {
    sessionStorage.setItem('referral-token', search.get('token'));
    search.delete('token');
    history.replaceState(null, '', location.pathname + (search.toString() ? '?' + search : '') + location.hash);
  }
  state.token = sessionStorage.getItem('referral-token');
  const asked = search.get('lang');
  if (asked === 'es' || asked === 'en') state.lang = asked;
  // The address's fragment names the page: the skip link moves the focus
  // without changing it.
  document.getElementById('skip').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  document.getElementById('lang').addEventListener('change', (e) => {
    state.lang = e.target.value;
    const s = new URLSearchParams(location.search);
    s.set('lang', state.lang);
    history.replaceState(null, '', location.pathname + '?' + s + location.hash);
    refreshState(true);
  });
  window.addEventListener('hashchange', () => {
    const { page } = parseHash();
    if (page === 'probar' && state.page === 'probar' && document.getElementById('case-form')) {
      // The form updates the address itself; a new case from elsewhere redraws.
      const c = parseHash().params.get('caso');
      if (c && c === JSON.stringify(state.caseValues)) return;
    }
    render().then(() => document.getElementById('main').focus({ preventScroll: true }));
  });
  await refreshState(true);
  setInterval(() => refreshState(false), 1000);
}

start();
