// Real-browser tests of the submission site, as a submitter sees it.
//
// Usage: node run.mjs BASE_URL SCREENSHOT_DIR [GUNDO DEMO_DIR]
//
// For each language, in Debian's chromium with JavaScript OFF (Tor Browser
// "Safest"), at a phone viewport: open the home page, follow the button to the
// form, send a tip with a small file through the real form, read the receipt
// (every link on it must stay on it: it is shown once), enter it on the status
// page (first mistyped: the digits must stay in the field; then right), read a
// reviewer's reply (made with the real offline tools when GUNDO and DEMO_DIR
// are given), send a follow-up and see its file listed, send an empty message
// and one with too many files (the 413 page must give the limit and say to
// send the text first), and open two more error pages. Every page is:
//   - checked: status, <html lang dir>, no script, nothing requested from
//     another origin, weight (HTML + stylesheet <= 20 KiB), no sideways
//     scrolling at 320 px;
//   - audited with axe-core (WCAG 2.x A/AA rules and best practices). axe is
//     JavaScript, and Chromium closes a page that runs it with script
//     execution off, so the audit runs in a second browser profile with
//     JavaScript on, on the very bytes the server sent to the no-JS page (the
//     audit page's request for that URL is answered with them, same status
//     and headers, so the same CSP and stylesheet apply). Any "serious" or
//     "critical" violation fails the run;
//   - photographed (full page, 360 px wide) as SCREENSHOT_DIR/<lang>-<page>.png.
// Prints one line per page and a summary; exits non-zero on any failure.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, shotDir, gundo, demoDir] = process.argv.slice(2);
if (!base || !shotDir) {
  console.error('usage: node run.mjs BASE_URL SCREENSHOT_DIR [GUNDO DEMO_DIR]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const BUDGET = 20 * 1024;
const PHONE = { width: 360, height: 740 };
const NARROW = { width: 320, height: 640 };
// What the submitter and the reviewer write, per language; a language added
// later is found on the site itself and writes the French text.
const WRITES = {
  fr: { dir: 'ltr', text: 'Le lieutenant vend le carburant du camp. Voir la liste jointe.', reply: 'Merci. Pouvez-vous dire quel mois ?' },
  en: { dir: 'ltr', text: 'Fuel from the camp is sold at the market. See the list attached.', reply: 'Thank you. Which month was it?' },
  ar: { dir: 'rtl', text: 'يُباع وقود المعسكر في السوق. انظر القائمة المرفقة.', reply: 'شكرًا لك. في أي شهر حدث ذلك؟' },
};
// Chromium that makes no connection of its own: only the pages we open.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--disable-default-apps',
  '--disable-extensions', '--no-default-browser-check',
];

const failures = [];
const results = [];
const fail = (where, what) => {
  failures.push(`${where}: ${what}`);
  console.log(`  FAIL ${where}: ${what}`);
};

/** A browser with its own fresh profile in a temp dir. */
async function launch(js) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `gundo-chromium-${js ? 'audit' : 'nojs'}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    javaScriptEnabled: js,
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: false,
    locale: 'fr-FR',
    timeout: 30_000,
  });
  context.setDefaultTimeout(20_000);
  return { context, profile };
}

const nojs = await launch(false);
const audit = await launch(true);
const page = nojs.context.pages()[0] ?? (await nojs.context.newPage());
const origin = new URL(base).origin;
const cssBytes = (await (await fetch(`${origin}/gundo.css`)).arrayBuffer()).byteLength;
nojs.context.on('request', (request) => {
  if (new URL(request.url()).origin !== origin) fail('network', `requested ${request.url()}`);
});
const watchdog = setTimeout(() => {
  console.error('browser tests: still running after 5 minutes, giving up');
  process.exit(3);
}, 5 * 60_000);

/** Checks, audits and photographs the page that `response` brought. */
async function inspect(lang, name, response, expectedStatus = 200) {
  const where = `${lang.code}/${name}`;
  const body = await response.body();
  const html = body.toString('utf8');
  const status = response.status();
  if (status !== expectedStatus) fail(where, `status ${status}, expected ${expectedStatus}`);
  if (!html.includes(`<html lang="${lang.code}" dir="${lang.dir}">`)) fail(where, 'lang/dir on <html>');
  if (/<script|<img|<iframe|style=/i.test(html)) fail(where, 'script, image, frame or inline style');
  await page.waitForLoadState('load');
  const stylesheets = await page.locator('link[rel=stylesheet]').count();
  if (stylesheets !== 1) fail(where, `${stylesheets} stylesheets`);
  const weight = body.length + cssBytes;
  if (weight > BUDGET) fail(where, `${weight} bytes with the stylesheet, over ${BUDGET}`);

  fs.mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: path.join(shotDir, `${lang.code}-${name}.png`), fullPage: true });

  // The audit: the same bytes, in a profile with JavaScript on.
  const auditPage = await audit.context.newPage();
  const url = response.url();
  await auditPage.route(url, (route) =>
    route.fulfill({ status, headers: response.headers(), body }));
  await auditPage.goto(url, { waitUntil: 'load' });
  await auditPage.evaluate(AXE);
  const report = await auditPage.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    }));
  const violations = report.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  for (const v of violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      fail(where, `axe ${v.impact} ${v.id} on ${v.targets.join(', ')}`);
    }
  }
  // WCAG 2.4.7: every control reached with Tab shows a focus outline.
  const unfocused = [];
  for (let i = 0; i < 40; i += 1) {
    await auditPage.keyboard.press('Tab');
    const focus = await auditPage.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`,
        shown: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!focus) break;
    if (!focus.shown) unfocused.push(focus.what);
  }
  if (unfocused.length) fail(where, `no visible focus on ${unfocused.join(', ')}`);
  // WCAG 1.4.10 reflow: nothing scrolls sideways at 320 CSS px (= 1280 px at 400 %).
  await auditPage.setViewportSize(NARROW);
  const overflow = await auditPage.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) fail(where, `scrolls sideways by ${overflow} px at 320 px`);
  await auditPage.close();

  results.push({
    lang: lang.code, page: name, status, html: body.length, total: weight,
    rulesPassed: report.passes.length, violations,
  });
  const found = violations.map((v) => `${v.impact}:${v.id}`).join(' ')
    || `no violation (${report.passes.length} rules passed)`;
  console.log(`  ${where.padEnd(18)} ${String(status)} ${String(body.length).padStart(6)} B + css = ${String(weight).padStart(6)} B  axe: ${found}`);
  return html;
}

/** Clicks `selector` and returns the response of the navigation it starts. */
async function submitBy(selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  if (!response) throw new Error(`no navigation after clicking ${selector}`);
  return response;
}

/** The reviewer's side, with the real offline tools: export, open, reply, outbox, import. */
function reviewerReplies(lang, round) {
  if (!gundo || !demoDir) return false;
  const run = (...args) => execFileSync(gundo, args, { cwd: demoDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ws = path.join(demoDir, 'review-workspace');
  const key = ['--identity', 'gundo-demo/demo-reviewer.key', '--workspace', ws];
  // The workspace holds only ciphertext under random names: its threads are
  // what `review list` prints, one per line, the id first.
  const threads = () => (fs.existsSync(ws)
    ? run('review', 'list', ...key).toString().split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])
    : []);
  const before = threads();
  run('export', '--config', 'gundo-demo/gundo.toml', '--out', `export-${round}.bundle`);
  run('review', 'open', '--identity', 'gundo-demo/demo-reviewer.key', '--bundle', `export-${round}.bundle`, '--workspace', ws);
  const fresh = threads().filter((t) => !before.includes(t));
  if (fresh.length !== 1) throw new Error(`expected one new thread, found ${fresh.length}`);
  fs.writeFileSync(path.join(demoDir, `reply-${round}.txt`), lang.reply);
  run('review', 'reply', '--identity', 'gundo-demo/demo-reviewer.key', '--workspace', ws,
    '--thread', fresh[0], '--message-file', `reply-${round}.txt`);
  run('review', 'outbox', '--identity', 'gundo-demo/demo-reviewer.key', '--workspace', ws,
    '--out', `outbox-${round}.outbox`);
  run('import', '--config', 'gundo-demo/gundo.toml', `outbox-${round}.outbox`);
  return true;
}

// Every language the site offers: the default one and those its links name.
const home = await (await fetch(base)).text();
const LANGS = [home.match(/<html lang="([a-z-]+)"/)[1], ...[...home.matchAll(/hreflang="([a-z-]+)"/g)].map((m) => m[1])]
  .map((code) => ({ code, ...(WRITES[code] ?? { ...WRITES.fr, dir: undefined }) }));
for (const lang of LANGS.filter((l) => !l.dir)) {
  const html = await (await fetch(`${base}${lang.code}/`)).text();
  lang.dir = html.match(/<html lang="[a-z-]+" dir="(ltr|rtl)">/)?.[1];
}

const started = Date.now();
try {
  for (const lang of LANGS) {
    console.log(`${lang.code}:`);
    const t0 = Date.now();
    try {
      await inspect(lang, 'landing', await page.goto(`${base}${lang.code}/`));

      // The form, reached as a person would: the button on the home page.
      await inspect(lang, 'submit', await submitBy('main a.button'));
      await page.fill('#message', lang.text);
      await page.setInputFiles('#files', {
        name: 'liste.txt', mimeType: 'text/plain',
        buffer: Buffer.from('Carburant: 12 fûts, mai\n'),
      });
      await inspect(lang, 'receipt', await submitBy('main button[type=submit]'));
      const receipt = (await page.locator('#receipt').textContent()).trim();
      if (!/^\d{4}( \d{4}){5}$/.test(receipt)) fail(`${lang.code}/receipt`, `receipt ${receipt}`);
      // Shown once: nothing on it may leave it. Links jump within the page.
      const hrefs = await page.evaluate(() => [...document.querySelectorAll('[href]')]
        .map((el) => ({ tag: el.tagName.toLowerCase(), href: el.getAttribute('href') })));
      for (const { tag, href } of hrefs) {
        const inPage = tag === 'a' && href.startsWith('#')
          && (await page.locator(href).count()) === 1;
        const stylesheet = tag === 'link' && href === '/gundo.css';
        if (!inPage && !stylesheet) fail(`${lang.code}/receipt`, `<${tag} href="${href}"> leaves the page`);
      }
      if ((await page.locator('form, [action], [formaction]').count()) !== 0) {
        fail(`${lang.code}/receipt`, 'a form on the receipt page');
      }
      const receiptUrl = page.url();
      const other = page.locator('nav.langs a').first();
      const otherCode = await other.getAttribute('lang');
      await other.click();
      const after = page.url();
      if (after.split('#')[0] !== receiptUrl.split('#')[0] || !after.endsWith(`#in-${otherCode}`)
          || (await page.locator('#receipt').textContent()).trim() !== receipt
          || (await page.locator(`section#in-${otherCode}[lang="${otherCode}"]`).count()) !== 1) {
        fail(`${lang.code}/receipt`, `the ${otherCode} link left the page or lost the code (${after})`);
      }
      // On paper, the digits alone: nothing says what they are for.
      await page.emulateMedia({ media: 'print' });
      const printed = (await page.evaluate(() => document.body.innerText)).trim();
      if (printed !== receipt) fail(`${lang.code}/receipt`, `prints more than the digits: ${printed.slice(0, 80)}`);
      await page.screenshot({ path: path.join(shotDir, `${lang.code}-receipt-print.png`) });
      await page.emulateMedia({ media: 'screen' });

      const replied = reviewerReplies(lang, lang.code);

      // Status: first a mistyped code, then the right one.
      // The receipt page has no way out: the person comes back later, by the address.
      await inspect(lang, 'status', await page.goto(`${base}${lang.code}/status`));
      const mistyped = receipt.slice(0, -2);
      await page.fill('#receipt-input', mistyped);
      await inspect(lang, 'status-mistyped', await submitBy('main button[type=submit]'), 200);
      if ((await page.locator('[role=alert]').count()) !== 1) fail(`${lang.code}/status-mistyped`, 'no alert');
      if ((await page.inputValue('#receipt-input')) !== mistyped) {
        fail(`${lang.code}/status-mistyped`, 'what was typed is not kept in the field');
      }
      await page.fill('#receipt-input', receipt.replaceAll(' ', '-'));
      await inspect(lang, 'thread', await submitBy('main button[type=submit]'));
      if ((await page.locator(`form[action="/${lang.code}/followup"]`).count()) !== 1) {
        fail(`${lang.code}/thread`, 'no follow-up form');
      }
      if (replied) {
        const shown = (await page.locator('.reply').allTextContents()).join('\n');
        if (!shown.includes(lang.reply)) fail(`${lang.code}/thread`, 'the reviewer’s reply is not shown');
      }

      // A follow-up with another file.
      await page.fill('#message', `${lang.text} (2)`);
      await page.setInputFiles('#files', {
        name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2048, 7),
      });
      await inspect(lang, 'followup-done', await submitBy('main button[type=submit]'));
      const listed = (await page.locator('main li bdi').allTextContents()).join('|');
      if (listed !== 'photo.jpg') fail(`${lang.code}/followup-done`, `files listed: ${listed}`);

      // A form sent empty, and one with more files than allowed.
      await page.goto(`${base}${lang.code}/submit`);
      await inspect(lang, 'error-empty', await submitBy('main button[type=submit]'), 400);
      await page.goto(`${base}${lang.code}/submit`);
      const limitText = await page.locator('#limits').textContent();
      const maxFiles = Number(limitText.replace(/[^\d ,.\u00a0]+/g, ' ').trim().split(/\s+/)[0]);
      await page.fill('#message', lang.text);
      await page.setInputFiles('#files', Array.from({ length: maxFiles + 1 }, (_, i) => ({
        name: `f${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`${i}`),
      })));
      const tooMany = await inspect(lang, 'error-413', await submitBy('main button[type=submit]'), 413);
      if (!tooMany.includes(limitText.trim()) || !tooMany.includes('<ol>')) {
        fail(`${lang.code}/error-413`, 'the limits or the send-the-text-first steps are missing');
      }

      // Error pages: an unknown address, and a form address opened directly.
      await inspect(lang, 'error-404', await page.goto(`${base}${lang.code}/nowhere`), 404);
      await inspect(lang, 'error-405', await page.goto(`${base}${lang.code}/followup`), 405);
    } catch (error) {
      fail(lang.code, error.message.split('\n')[0]);
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
} finally {
  clearTimeout(watchdog);
  await nojs.context.close();
  await audit.context.close();
  for (const { profile } of [nojs, audit]) fs.rmSync(profile, { recursive: true, force: true });
}

const byImpact = {};
for (const r of results) {
  for (const v of r.violations) byImpact[v.impact] = (byImpact[v.impact] ?? 0) + v.nodes;
}
fs.writeFileSync(path.join(shotDir, 'report.json'), JSON.stringify({ cssBytes, results }, null, 2));
const impacts = ['critical', 'serious', 'moderate', 'minor']
  .map((impact) => `${impact} ${byImpact[impact] ?? 0}`).join(', ');
console.log(`\nbrowser tests: ${results.length} pages in ${LANGS.length} languages, `
  + `${((Date.now() - started) / 1000).toFixed(1)} s; stylesheet ${cssBytes} B; `
  + `heaviest page ${Math.max(...results.map((r) => r.total))} B with the stylesheet`);
console.log(`axe-core ${JSON.parse(fs.readFileSync(path.join(here, 'node_modules/axe-core/package.json'), 'utf8')).version}: `
  + `violations by impact (elements): ${impacts}`);
console.log(`screenshots: ${shotDir}`);
const failedPages = results.filter((r) => failures.some((f) => f.startsWith(`${r.lang}/${r.page}:`))).length;
console.log(`${results.length - failedPages} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
