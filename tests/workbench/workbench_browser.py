#!/usr/bin/env python3
"""`referral workbench` as a person uses it: the real program, real headless
Chromium driven by Selenium (Debian chromium, chromium-driver and
python3-selenium).

- Probar un caso: fills the form, field by field, for three Bogotá cases and
  checks the referrals shown are `referral route`'s; asks a why-not; saves the
  case as a test file and runs it with `referral test`; opens the page's own
  address again and gets the same decision.
- Breaks a rule file and sees its diagnostic appear, at file:line, then fixes
  it and sees the page come back.
- Hallazgos: opens a finding's example case in Probar un caso.
- Pruebas and Cambios: a rule changed against the original shows a failing
  test with its explanation and the change group.
- Registros: verifies a record file, explains a decision from its record,
  then sees a tampered line named.
- Keyboard, screen reader and phone: every control has an accessible name in
  Chromium's accessibility tree, text contrast is at least 4.5:1, the skip
  link comes first in the focus order, no page is wider than a phone.

Usage: workbench_browser.py REFERRAL SOURCE_DIR [SCREENSHOT_DIR]
Screenshots of every page go to SCREENSHOT_DIR (docs/workbench/ holds the
ones the README shows).
"""
import glob
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

REFERRAL = sys.argv[1]
SRC = pathlib.Path(sys.argv[2])
SHOTS = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
WORK = pathlib.Path(tempfile.mkdtemp(prefix='referral-workbench-'))
failures = []


def check(ok, what):
    print(('ok   ' if ok else 'FAIL ') + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def wait_for(predicate, timeout=20.0, step=0.1):
    end = time.time() + timeout
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the page is being redrawn
            pass
        if time.time() > end:
            return None
        time.sleep(step)


def referral(*args, stdin=None):
    return subprocess.run([REFERRAL, *args], input=stdin, capture_output=True, text=True, cwd=SRC,
                          env=dict(os.environ, LANG='C'))


class Workbench:
    def __init__(self, *args):
        self.process = subprocess.Popen([REFERRAL, 'workbench', '--listen', '127.0.0.1:0', *args], cwd=SRC,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.url = line[line.index('http://'):].split()[0]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def browser(width=1600, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which('chromium') or '/usr/bin/chromium'
    for a in ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
              f'--window-size={width},{height}', '--lang=es']:
        options.add_argument(a)
    options.add_experimental_option('prefs', {'download.default_directory': str(WORK / 'downloads'),
                                              'download.prompt_for_download': False})
    driver = webdriver.Chrome(service=Service(shutil.which('chromedriver') or '/usr/bin/chromedriver'),
                              options=options)
    driver.execute_cdp_cmd('Page.setDownloadBehavior', {'behavior': 'allow',
                                                         'downloadPath': str(WORK / 'downloads')})
    return driver


def shot(driver, name, top=True):
    if SHOTS:
        if top:
            driver.execute_script('window.scrollTo(0, 0)')
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f'{name}.png'))


def shown_services(driver):
    return [li.get_attribute('data-service') for li in driver.find_elements(By.CSS_SELECTOR, '#actions li.action')]


def route_services(rules, case):
    r = referral('route', '--rules', str(rules), '-', stdin=json.dumps(case))
    assert r.returncode == 0, r.stderr
    return [x['service'] for x in json.loads(r.stdout)['referrals']]


def fill(driver, case):
    """Types a case into the form as a person would: one field at a time."""
    driver.find_element(By.ID, 'clear').click()
    for fact, value in case.items():
        field = driver.find_element(By.ID, 'f-' + fact)
        kind = field.get_attribute('data-type')
        if fact == 'case_id' or kind in ('string', 'int'):
            field.clear()
            field.send_keys(str(value))
        elif kind in ('bool', 'enum'):
            Select(field).select_by_value(str(value).lower() if isinstance(value, bool) else value)
        elif kind == 'set':
            for box in field.find_elements(By.CSS_SELECTOR, 'input[type=checkbox]'):
                if (box.get_attribute('value') in value) != box.is_selected():
                    box.click()
        elif kind == 'date':
            # A date field's typed form follows the browser's locale; the
            # picker's value is the date itself.
            driver.execute_script("arguments[0].value = arguments[1];"
                                  "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, value)
        else:
            raise AssertionError(f'no field type for {fact}: {kind}')
    field.send_keys(Keys.TAB)


def first_test(file):
    test = yaml.safe_load(open(SRC / 'rules/bogota/tests' / file, encoding='utf-8'))['tests'][0]
    # YAML reads 2026-03-01 as a date; a case gives it as text.
    test['case'] = {k: v.isoformat() if hasattr(v, 'isoformat') else v for k, v in test['case'].items()}
    return test


def try_a_case(driver, wb, rules):
    driver.get(wb.url + '#probar')
    wait_for(lambda: driver.find_element(By.ID, 'f-nationality'))
    cases = [json.load(open(SRC / 'rules/bogota/samples/nina-venezolana-3-anos.json', encoding='utf-8')),
             first_test('proteccion.yaml')['case'], first_test('oferta_escolar.yaml')['case']]
    for i, case in enumerate(cases):
        want = route_services(rules, case)
        fill(driver, case)
        got = wait_for(lambda: shown_services(driver) == want and shown_services(driver))
        check(got == want, f'Probar un caso, case {case["case_id"]}: shows {shown_services(driver)}, route says {want}')
        check(bool(driver.find_elements(By.CSS_SELECTOR, '#graph svg g.node')),
              f'Probar un caso, case {case["case_id"]}: the graph is drawn beside the decision')
        if i == 1:
            shot(driver, 'probar-un-caso')
    # The graph can be drawn larger.
    width = lambda: driver.execute_script("return document.querySelector('#graph svg').getBoundingClientRect().width")
    before = width()
    driver.find_element(By.CSS_SELECTOR, '.graph .zoom button').click()
    check(width() > before * 1.4, f'"Ampliar el grafo" draws it larger ({before:.0f} -> {width():.0f} px)')
    # The address carries the case: opening it again gives the same decision.
    address = driver.current_url
    check('#probar?caso=' in address, 'the address carries the case')
    driver.get('about:blank')
    driver.get(address)
    got = wait_for(lambda: shown_services(driver) == want and shown_services(driver))
    check(got == want, f'the link reproduces the case: {shown_services(driver)}')
    # Why not a service that was not chosen: the facts `explain --why-not`
    # changes, each by its label.
    def why_not(service):
        return json.loads(referral('explain', '--rules', str(rules), '-', '--why-not', service, '--format', 'json',
                                   stdin=json.dumps(cases[-1])).stdout)
    service, cli = next((s, a) for s, a in ((li.get_attribute('data-service'), why_not(li.get_attribute('data-service')))
                                            for li in driver.find_elements(By.CSS_SELECTOR, '#not-chosen li'))
                        if a['found'])
    driver.find_element(By.CSS_SELECTOR, f'#not-chosen li[data-service="{service}"] button').click()
    shown = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, f'#not-chosen li[data-service="{service}"] .whynot-text li'))
    check(cli['found'] and [li.get_attribute('data-fact') for li in shown or []] == [c['fact'] for c in cli['changes']],
          f'why not {service}: the page changes the facts the command does ({[c["fact"] for c in cli["changes"]]})')
    form = json.loads(urllib.request.urlopen(wb.url + 'api/form').read())
    labels = {f['id']: f['label'] for f in form['facts'] + form['derived']}
    check(all(li.text.startswith(labels.get(li.get_attribute('data-fact'), '?')) for li in shown or []),
          'each by its label: ' + '; '.join(li.text for li in shown or []))
    # Save as a test: the downloaded file is a test `referral test` passes.
    driver.find_element(By.ID, 'save-test').click()
    saved = wait_for(lambda: glob.glob(str(WORK / 'downloads' / '*.yaml')))
    if check(bool(saved), 'Guardar como prueba downloads a test file'):
        r = referral('test', str(rules), saved[0])
        check(r.returncode == 0 and '1 aprobada(s), 0 fallida(s)' in r.stdout,
              f'the saved test passes: {r.stdout.strip()[-200:]} {r.stderr[-300:]}')
    # A case loaded from a file.
    upload = WORK / 'caso.json'
    upload.write_text(json.dumps(cases[1]), encoding='utf-8')
    driver.find_element(By.ID, 'case-file').send_keys(str(upload))
    want = route_services(rules, cases[1])
    check(bool(wait_for(lambda: shown_services(driver) == want)), 'a case loaded from a file is decided')
    # A pasted case.
    driver.find_element(By.CSS_SELECTOR, '.tools details summary').click()
    paste = driver.find_element(By.ID, 'case-paste')
    paste.send_keys(json.dumps(cases[0]))
    driver.find_element(By.ID, 'paste-apply').click()
    want = route_services(rules, cases[0])
    check(wait_for(lambda: shown_services(driver) == want), 'a pasted case is decided')
    # In English: the page's words and the decision's.
    Select(driver.find_element(By.ID, 'lang')).select_by_value('en')
    check(bool(wait_for(lambda: driver.find_element(By.CSS_SELECTOR, '#nav a[data-page="probar"]').text == 'Try a case'
                        and driver.find_element(By.ID, 'headline').text.startswith('Refer'))),
          'in English, the page and the decision speak English')
    shot(driver, 'try-a-case-en')
    Select(driver.find_element(By.ID, 'lang')).select_by_value('es')
    wait_for(lambda: driver.find_element(By.ID, 'headline').text.startswith('Remitir'))
    # A refused case names its field and marks it.
    Select(driver.find_element(By.ID, 'f-identification_channel')).select_by_value('')
    wait_for(lambda: driver.find_element(By.ID, 'refused'))
    check(driver.find_element(By.ID, 'f-identification_channel').get_attribute('aria-invalid') == 'true',
          'a missing required fact is marked on its field')


def broken_rules(driver, wb, rules):
    driver.get(wb.url + '#probar')
    wait_for(lambda: driver.find_element(By.ID, 'f-nationality'))
    file = rules / 'servicios.yaml'
    good = file.read_text(encoding='utf-8')
    file.write_text(good + '\nclave_desconocida: 1\n', encoding='utf-8')
    want = referral('check', str(rules)).stdout.splitlines()[0]
    box = wait_for(lambda: driver.find_element(By.ID, 'problems').is_displayed() and
                   driver.find_element(By.ID, 'problems'))
    text = box.text if box else ''
    check(want in text, f'a broken rule file shows its diagnostic: {want!r} in {text[:300]!r}')
    shot(driver, 'reglas-rotas')
    file.write_text(good, encoding='utf-8')
    check(wait_for(lambda: not driver.find_element(By.ID, 'problems').is_displayed() and
                   driver.find_elements(By.ID, 'f-nationality')), 'fixed, the page comes back')


def findings(driver):
    wb = Workbench('rules/example')
    try:
        driver.get(wb.url + '#hallazgos')
        button = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, '#findings .open-example'))
        analysis = json.loads(referral('analyze', 'rules/example', '--format', 'json').stdout)
        example = next(f['example_case'] for f in analysis['findings'] if f['example_case'])
        shot(driver, 'hallazgos')
        button.click()
        wait_for(lambda: driver.find_element(By.ID, 'case-form'))
        fact, value = next((k, v) for k, v in example.items() if k != 'case_id' and not isinstance(v, list))
        field = wait_for(lambda: driver.find_element(By.ID, 'f-' + fact))
        check(field.get_attribute('value') == str(value).lower() if isinstance(value, bool) else str(value),
              f'a finding\'s example opens in Probar un caso ({fact} = {value})')
        want = route_services(SRC / 'rules/example', example)
        check(wait_for(lambda: shown_services(driver) == want or want == [] and driver.find_element(By.ID, 'headline')),
              f'and is decided there: {want}')
    finally:
        wb.stop()


def token_in_address(driver):
    """With --token-file, the link carries the token once; the page keeps it for the tab."""
    token = WORK / 'token'
    token.write_text('s3cret-de-prueba\n', encoding='utf-8')
    wb = Workbench('rules/example', '--token-file', str(token))
    try:
        driver.get(wb.url + '?token=s3cret-de-prueba#hallazgos')
        check(bool(wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, '#findings li'))),
              'with a token in the address, the pages load')
        check('token' not in driver.current_url, f'and the address no longer shows it ({driver.current_url})')
        driver.find_element(By.CSS_SELECTOR, '#nav a[data-page="reglas"]').click()
        frame = wait_for(lambda: driver.find_element(By.ID, 'book'))
        driver.switch_to.frame(frame)
        check(bool(wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, '[id^="stage-"]'))),
              'the rule book loads with the token too')
        driver.switch_to.default_content()
        driver.execute_script('sessionStorage.clear()')
        driver.get('about:blank')
        driver.get(wb.url + '#hallazgos')
        check(bool(wait_for(lambda: driver.find_element(By.ID, 'need-token'))) and
              not driver.find_elements(By.CSS_SELECTOR, '#findings li'), 'without it, no data is shown, and it says why')
    finally:
        wb.stop()


def tests_and_changes(driver, wb, rules):
    driver.get(wb.url + '#pruebas')
    summary = wait_for(lambda: driver.find_element(By.ID, 'tests-summary'))
    cli = json.loads(referral('test', str(rules), '--format', 'json').stdout)
    shown = (int(summary.get_attribute('data-passed')), int(summary.get_attribute('data-failed')))
    check(shown == (cli['passed'], cli['failed']) and summary.text == f'{cli["passed"]} aprobadas, {cli["failed"]} fallidas',
          f'Pruebas: {summary.text!r} is `referral test`\'s {cli["passed"]} passed, {cli["failed"]} failed')
    failed = driver.find_elements(By.CSS_SELECTOR, '#tests li.fail')
    check(bool(failed) and bool(failed[0].find_elements(By.TAG_NAME, 'details')),
          'a failing test is listed first with its explanation')
    shot(driver, 'pruebas')
    driver.get(wb.url + '#cambios')
    changes = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, '#changes li'), timeout=180)
    diff = json.loads(referral('diff', '--base', 'rules/bogota', '--head', str(rules), '--format', 'json').stdout)
    check(changes and [c.find_element(By.CSS_SELECTOR, '.change').text for c in changes] ==
          [c['change'] for c in diff['changes']], 'Cambios shows `referral diff`\'s groups')
    shot(driver, 'cambios')


def records(driver, rules):
    cases = WORK / 'cases.jsonl'
    with open(cases, 'w', encoding='utf-8') as out:
        for file in ['proteccion.yaml', 'oferta_escolar.yaml', 'complementos.yaml']:
            out.write(json.dumps(first_test(file)['case']) + '\n')
        out.write(json.dumps(json.load(open(SRC / 'rules/bogota/samples/nina-venezolana-3-anos.json'))) + '\n')
    log = WORK / 'records.jsonl'
    r = referral('route', '--rules', str(rules), '--jsonl', str(cases), '--record', str(log))
    assert r.returncode == 0, r.stderr
    wb = Workbench(str(rules), '--records', str(log))
    try:
        driver.get(wb.url + '#registros')
        chain = wait_for(lambda: driver.find_element(By.ID, 'chain').text)
        check(chain.startswith('Cadena verificada: 4 registros, 4 decisiones'), f'Registros: {chain!r}')
        rows = driver.find_elements(By.CSS_SELECTOR, '#records tbody tr')
        check(len(rows) == 4, f'four decisions listed ({len(rows)})')
        Select(driver.find_element(By.ID, 'flt-service')).select_by_value('ICBF_PARD')
        rows = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, '#records tbody tr'))
        check(len(rows) == 1, f'filtered by service: {len(rows)} decision')
        rows[0].find_element(By.TAG_NAME, 'button').click()
        text = wait_for(lambda: driver.find_element(By.ID, 'record-explanation').text)
        check('ICBF' in (text or ''), 'a decision is explained from its record')
        shot(driver, 'registros')
        # Tampered: the line is named.
        lines = log.read_text(encoding='utf-8').splitlines(keepends=True)
        lines[1] = lines[1].replace('"referred"', '"no_referral"', 1)
        log.write_text(''.join(lines), encoding='utf-8')
        driver.refresh()
        problem = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, '#record-problems li[data-line="2"]'))
        check(bool(problem), 'a tampered record file shows its bad line (2)')
        check(bool(driver.find_elements(By.CSS_SELECTOR, '#records tr.bad-line')), 'and marks it in the list')
        shot(driver, 'registros-alterados')
    finally:
        wb.stop()


CONTRAST = """
function lum(c) {
  const v = c.match(/[\\d.]+/g).slice(0, 3).map((x) => { x = x / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function bg(e) {
  for (; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
  }
  return 'rgb(255, 255, 255)';
}
const low = [];
for (const e of document.querySelectorAll('body *')) {
  if (!e.offsetParent || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  if (e.closest('svg')) continue;
  const a = lum(getComputedStyle(e).color), b = lum(bg(e));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) low.push(e.tagName + ' ' + e.textContent.trim().slice(0, 40) + ' ' + ratio.toFixed(2));
}
return low;
"""


def accessible(driver, wb):
    for page in ['probar', 'reglas', 'hallazgos', 'pruebas', 'cambios', 'registros']:
        driver.get(wb.url + '#' + page)
        wait_for(lambda: driver.find_element(By.CSS_SELECTOR, '#main h1'))
        time.sleep(0.5)
        tree = driver.execute_cdp_cmd('Accessibility.getFullAXTree', {})['nodes']
        unnamed = [n['role']['value'] for n in tree
                   if n.get('role', {}).get('value') in ('textbox', 'combobox', 'checkbox', 'button', 'spinbutton',
                                                          'link', 'ListBox', 'listbox')
                   and not n.get('ignored') and not (n.get('name') or {}).get('value', '').strip()]
        check(not unnamed, f'{page}: every control has an accessible name ({unnamed[:5]})')
        low = driver.execute_script(CONTRAST)
        check(not low, f'{page}: text contrast at least 4.5:1 ({low[:3]})')
    # Keyboard: the skip link comes first and leads to the content.
    driver.get('about:blank')
    driver.get(wb.url + '#probar')
    wait_for(lambda: driver.find_element(By.ID, 'f-nationality'))
    ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.switch_to.active_element
    check(focused.get_attribute('id') == 'skip',
          f'the skip link is first in focus order ({focused.tag_name} {focused.get_attribute("id")})')
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    check(driver.switch_to.active_element.get_attribute('id') == 'main' and
          driver.execute_script('return location.hash').startswith('#probar'), 'and takes the focus to the content, on the same page')


def phone(wb):
    driver = browser(390, 844)
    # A desktop window cannot be as narrow as a phone: the phone's screen.
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                           {'width': 390, 'height': 844, 'deviceScaleFactor': 1, 'mobile': True})
    try:
        for page in ['probar', 'reglas', 'hallazgos', 'pruebas', 'registros']:
            driver.get(wb.url + '#' + page)
            wait_for(lambda: driver.find_element(By.CSS_SELECTOR, '#main h1'))
            time.sleep(0.5)
            width = driver.execute_script('return [document.documentElement.scrollWidth, window.innerWidth]')
            check(width[0] <= width[1], f'{page} fits a phone\'s width ({width[0]} <= {width[1]})')
        driver.get(wb.url + '#probar')
        wait_for(lambda: driver.find_element(By.ID, 'f-nationality'))
        shot(driver, 'telefono')
        # On a phone the decision is below the form: one button away.
        driver.find_element(By.CSS_SELECTOR, '.to-decision').click()
        check(driver.switch_to.active_element.get_attribute('id') == 'decision-title',
              'on a phone, "Ir a la decisión" takes the focus to the decision')
        shot(driver, 'telefono-decision', top=False)
    finally:
        driver.quit()


def main():
    rules = WORK / 'bogota'
    shutil.copytree(SRC / 'rules/bogota', rules)
    driver = browser()
    wb = Workbench(str(rules))
    try:
        try_a_case(driver, wb, rules)
        driver.get(wb.url + '#reglas')
        check(bool(wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, '#rules-graph g.node.linked'))),
              'Reglas: the graph\'s nodes link to the book')
        node = driver.find_element(By.CSS_SELECTOR, '#rules-graph g.node[data-anchor="stage-proteccion"]')
        node.click()
        frame = driver.find_element(By.ID, 'book')
        driver.switch_to.frame(frame)
        link = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, '#stage-proteccion .wb-graph-link'))
        top = driver.execute_script("return document.getElementById('stage-proteccion').getBoundingClientRect().top")
        check(link is not None and abs(top) < 50, f'a graph node scrolls the book to its stage (top {top})')
        # Book -> graph: "Ver en el grafo" beside a service points its node out.
        driver.find_element(By.CSS_SELECTOR, '#service-ICBF_PARD .wb-graph-link').click()
        driver.switch_to.default_content()
        picked = driver.find_elements(By.CSS_SELECTOR, '#rules-graph g.node.picked')
        check(len(picked) == 1 and picked[0].get_attribute('data-anchor') == 'service-ICBF_PARD',
              'the book links back to the graph')
        shot(driver, 'reglas')
        broken_rules(driver, wb, rules)
        findings(driver)
        token_in_address(driver)
        accessible(driver, wb)
        records(driver, rules)
        phone(wb)
        # A rule changed: its tests fail and the change shows against the original.
        wb.stop()
        text = (rules / 'oferta_escolar.yaml').read_text(encoding='utf-8')
        changed = text.replace('priority: prioritaria', 'priority: urgente', 1)
        assert changed != text
        (rules / 'oferta_escolar.yaml').write_text(changed, encoding='utf-8')
        wb = Workbench(str(rules), '--compare', 'rules/bogota')
        tests_and_changes(driver, wb, rules)
    finally:
        driver.quit()
        wb.stop()
        shutil.rmtree(WORK, ignore_errors=True)
    print(f'{len(failures)} failure(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
