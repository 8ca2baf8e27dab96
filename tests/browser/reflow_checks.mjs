// What a reader on a phone, a desktop or a printer gets from the bundled
// site, in headless Chromium (issue 9, "What is broken today", items 1-6):
//  - reflow: no page is wider than a 320, 390 or 1280 px viewport;
//  - glossary tooltips stay inside the viewport on focus, close on Esc,
//    and on touch the first tap shows the definition instead of leaving;
//  - the largest comparison table keeps its column labels on screen while
//    it scrolls, its horizontal scrollbar is on screen, and on a phone the
//    row's treatment stays visible at the table's right edge;
//  - print (dark scheme preferred): light colours, every table inside the
//    page width, URLs after source links, no navigation or tooltips;
//  - spacing: main has vertical room, header and content line up; at
//    1280 px the title and search box share a line, the nav has its own.
// Usage: node reflow_checks.mjs <built-site-dir>
// Every check runs; each failure is printed; exits 1 if any failed.
import { launchChromium, localContext, serveFolder } from "./harness.mjs";
import { readdir } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(process.argv[2] || "");

const WIDTHS = [320, 390, 1280];
const ARTICLE = "/methods/chemical-peels/";
const LARGEST = "/compare/all-methods/";
// A4 portrait less 1.5 cm margins each side, in CSS px (96 per inch).
const PRINT_WIDTH = Math.floor(((210 - 30) / 25.4) * 96);

function serve() {
  return serveFolder(root);
}

async function htmlPages(dir, prefix = "/") {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) { out.push(...await htmlPages(path.join(dir, entry.name), `${prefix}${entry.name}/`)); }
    else if (entry.name === "index.html") { out.push(prefix); }
    else if (entry.name.endsWith(".html")) { out.push(prefix + entry.name); }
  }
  return out.sort();
}

const failures = [];
function check(condition, message) {
  if (!condition) { failures.push(message); }
  return condition;
}

async function newPage(browser, options) {
  const context = await localContext(browser, options);
  const page = await context.newPage();
  page.on("pageerror", (e) => failures.push(`script error: ${e}`));
  return page;
}

// 1. Reflow: the document is never wider than the viewport.
async function reflow(browser, base, pages) {
  const page = await newPage(browser, { viewport: { width: WIDTHS[0], height: 800 } });
  const wide = Object.fromEntries(WIDTHS.map((w) => [w, []]));
  for (const p of pages) {
    await page.goto(base + p);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > width) { wide[width].push(`${p} (${w} px)`); }
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
  }
  for (const width of WIDTHS) {
    check(wide[width].length === 0, `${wide[width].length} of ${pages.length} pages scroll sideways at ${width} px: ${wide[width].join(", ")}`);
    console.log(`reflow ${width} px: ${pages.length - wide[width].length} of ${pages.length} pages fit`);
  }
  await page.context().close();
}

// The tooltip's box, or null when it is not shown.
function tipBox(tip) {
  const s = getComputedStyle(tip);
  if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) { return null; }
  const r = tip.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, vw: document.documentElement.clientWidth, vh: innerHeight };
}

// 4. Tooltips: inside the viewport on focus, flipped above near the bottom,
// gone on Esc; on touch, the first tap shows the definition.
async function tooltips(browser, base) {
  for (const width of WIDTHS) {
    const page = await newPage(browser, { viewport: { width, height: 700 } });
    await page.goto(base + ARTICLE);
    const terms = await page.$$(".gloss-term");
    check(terms.length >= 10, `only ${terms.length} glossary terms on ${ARTICLE}`);
    let inside = 0;
    for (const [i, term] of terms.entries()) {
      await term.focus();
      const tip = await term.evaluateHandle((a) => document.getElementById(a.getAttribute("aria-describedby")));
      const box = await tip.evaluate(tipBox);
      const ok = box && box.left >= 0 && box.right <= box.vw && box.top >= 0 && box.bottom <= box.vh;
      if (ok) { inside++; } else { failures.push(`${width} px: tooltip ${i + 1} not inside the viewport on focus: ${JSON.stringify(box)}`); }
      await page.keyboard.press("Escape");
      check((await tip.evaluate(tipBox)) === null, `${width} px: tooltip ${i + 1} still shown after Esc`);
      check(await term.evaluate((a) => document.activeElement === a), `${width} px: Esc moved focus away from term ${i + 1}`);
    }
    console.log(`tooltips ${width} px: ${inside} of ${terms.length} inside the viewport on focus`);
    // Near the bottom of the viewport the tip opens above the term.
    const last = terms[terms.length - 1];
    await last.evaluate((a) => { const r = a.getBoundingClientRect(); scrollBy(0, r.bottom - innerHeight + 8); });
    await last.focus();
    const low = await last.evaluate((a) => {
      const t = document.getElementById(a.getAttribute("aria-describedby")).getBoundingClientRect();
      return { tip: t.bottom, term: a.getBoundingClientRect().top, vh: innerHeight };
    });
    check(low.tip <= low.term + 1 && low.tip <= low.vh, `${width} px: a tooltip at the bottom does not open above its term: ${JSON.stringify(low)}`);
    await page.context().close();
  }
  // Touch: the first tap shows the definition and a link to the entry; the page stays.
  const page = await newPage(browser, { viewport: { width: 390, height: 700 }, hasTouch: true, isMobile: true });
  await page.goto(base + ARTICLE);
  const term = page.locator(".gloss-term").first();
  const href = await term.getAttribute("href");
  await term.tap();
  check(new URL(page.url()).pathname === ARTICLE, `the first tap on a term left the page for ${page.url()}`);
  const tip = page.locator(".gloss-tip").first();
  const box = await tip.evaluate(tipBox);
  check(box && box.left >= 0 && box.right <= box.vw, `the first tap did not show the definition inside the viewport: ${JSON.stringify(box)}`);
  check(await tip.locator(`a[href="${href}"]`).count() === 1, "the tapped definition has no link to the glossary entry");
  await page.keyboard.press("Escape");
  check((await tip.evaluate(tipBox)) === null, "a tapped definition stays after Esc");
  await term.tap();
  await tip.locator("a").tap();
  await page.waitForURL((u) => u.pathname === href);
  await page.context().close();
}

// 2 and 3. The largest comparison table: labels stay on screen while it
// scrolls, its scrollbar is on screen, and the treatment stays visible.
async function largestTable(browser, base) {
  for (const width of [390, 1280]) {
    const page = await newPage(browser, { viewport: { width, height: 800 } });
    await page.goto(base + LARGEST);
    await page.waitForSelector("[data-compare][data-enhanced=true]");
    const box = page.locator(".compare .table-scroll").first();
    await box.evaluate((el) => el.scrollIntoView({ block: "start" }));
    // A wheel over the table scrolls the table, as a reader would.
    const r = await box.boundingBox();
    await page.mouse.move(r.x + r.width / 2, r.y + Math.min(r.height, 800) / 2);
    await page.mouse.wheel(0, 1800);
    await page.waitForFunction(() => document.querySelector(".compare .table-scroll").scrollTop >= 1000);
    const seen = await page.evaluate(() => {
      const labels = Array.from(document.querySelectorAll(".compare-table thead th"));
      const on = labels.filter((th) => {
        const t = th.getBoundingClientRect();
        const hit = document.elementFromPoint(t.left + Math.min(t.width / 2, 20), t.top + t.height / 2);
        return t.top >= 0 && t.bottom <= innerHeight && hit && th.contains(hit);
      });
      const b = document.querySelector(".compare .table-scroll");
      const br = b.getBoundingClientRect();
      // The rows must have moved under the labels: a label that is on screen
      // only because nothing scrolled proves nothing.
      const head = labels[0].getBoundingClientRect();
      const firstRow = document.querySelector(".compare-table tbody tr").getBoundingClientRect();
      return { on: on.length, all: labels.length, scrolled: b.scrollTop + scrollY, under: head.bottom - firstRow.top, boxBottom: br.bottom, wide: b.scrollWidth > b.clientWidth, vh: innerHeight };
    });
    check(seen.on > 0 && seen.under > 100, `${width} px: ${seen.on} column labels on screen after scrolling ${seen.scrolled} px into ${LARGEST} (rows ${seen.under} px under them)`);
    // Its horizontal scrollbar is on screen while the table fills the view.
    check(!seen.wide || seen.boxBottom <= seen.vh, `${width} px: the table's horizontal scrollbar is off screen (box bottom ${seen.boxBottom} of ${seen.vh})`);
    console.log(`largest table ${width} px: ${seen.on} of ${seen.all} labels on screen after scrolling`);
    if (width === 390) {
      check(seen.wide, "390 px: the largest table fits without scrolling, which the remaining checks assume");
      const hint = await page.evaluate(() => {
        const h = document.querySelector(".compare-hint");
        return h && getComputedStyle(h).display !== "none" && h.getBoundingClientRect().height > 0;
      });
      check(hint, "390 px: no visible hint that the table has more columns");
      await box.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
      await page.waitForFunction(() => { const b = document.querySelector(".compare .table-scroll"); return b.scrollLeft + b.clientWidth >= b.scrollWidth - 1; });
      const rows = await page.evaluate(() => {
        const b = document.querySelector(".compare .table-scroll").getBoundingClientRect();
        // Rows below the sticky column labels, inside the box and the viewport.
        const top = Math.max(b.top, document.querySelector(".compare-table thead th").getBoundingClientRect().bottom, 0);
        const bottom = Math.min(b.bottom, innerHeight);
        const heads = Array.from(document.querySelectorAll(".compare-table tbody th[scope=row]"));
        const visible = heads.filter((th) => {
          const t = th.getBoundingClientRect();
          return t.bottom > top + 8 && t.top < bottom - 8;
        });
        const shown = visible.filter((th) => {
          const t = th.getBoundingClientRect();
          const y = Math.max(t.top, top) + 4;
          const hit = document.elementFromPoint(t.left + 8, Math.min(y, innerHeight - 1));
          return t.left >= b.left - 1 && hit && th.contains(hit);
        });
        const tall = Math.max(...heads.map((th) => th.parentElement.getBoundingClientRect().height));
        return { visible: visible.length, shown: shown.length, tall };
      });
      check(rows.visible > 0 && rows.shown === rows.visible, `390 px: at the right edge ${rows.shown} of ${rows.visible} rows on screen show their treatment`);
      check(rows.tall <= 160, `390 px: the tallest row is ${rows.tall} px`);
      // The hint goes when the scroll event reports the right edge.
      const hidden = await page.waitForFunction(() => { const h = document.querySelector(".compare-hint"); return !h || h.hidden || getComputedStyle(h).display === "none"; }, null, { timeout: 5000 }).then(() => true, () => false);
      check(hidden, "390 px: the more-columns hint stays at the right edge");
      console.log(`largest table 390 px: ${rows.shown} of ${rows.visible} rows show their treatment at the right edge; tallest row ${rows.tall} px`);
    }
    await page.context().close();
  }
  // Picking treatments: the reader keeps two or three rows and compares them.
  const page = await newPage(browser, { viewport: { width: 390, height: 800 } });
  await page.goto(base + LARGEST);
  await page.waitForSelector("[data-compare][data-enhanced=true]");
  const picks = page.locator(".compare-pick input[type=checkbox]");
  check(await picks.count() >= 10, `only ${await picks.count()} treatments can be picked`);
  await picks.nth(0).check();
  await picks.nth(2).check();
  await page.locator(".compare-pick-show").click();
  const shown = await page.locator(".compare-table tbody tr:not([hidden])").count();
  check(shown === 2, `after picking two treatments ${shown} rows are shown`);
  await page.context().close();
}

// 5. Print, from a device that prefers dark.
async function print(browser, base) {
  const page = await newPage(browser, { viewport: { width: PRINT_WIDTH, height: 1000 }, colorScheme: "dark" });
  const pages = [ARTICLE, LARGEST, "/compare/chemical-peels-vs-dermabrasion/", "/concerns/acne-scars/", "/glossary/"];
  for (const p of pages) {
    await page.goto(base + p);
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const r = await page.evaluate(() => {
      const lum = (c) => {
        const m = c.match(/[\d.]+/g).map(Number);
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
      };
      const text = document.querySelector("main p");
      const tables = Array.from(document.querySelectorAll("main table")).map((t) => {
        const box = t.parentElement;
        return { table: t.getBoundingClientRect().right, box: box.scrollWidth - box.clientWidth, cols: t.rows[0].cells.length, shown: Array.from(t.rows[0].cells).filter((c) => c.getBoundingClientRect().right <= document.documentElement.clientWidth + 1).length };
      });
      const hidden = (sel) => Array.from(document.querySelectorAll(sel)).every((e) => getComputedStyle(e).display === "none" || e.getBoundingClientRect().height === 0);
      const sources = Array.from(document.querySelectorAll(".sources a[href^='http']")).map((a) => getComputedStyle(a, "::after").content);
      return {
        fg: lum(getComputedStyle(text).color), bg: lum(getComputedStyle(document.body).backgroundColor),
        width: document.documentElement.scrollWidth, vw: document.documentElement.clientWidth, tables,
        chrome: hidden(".site-nav") && hidden(".backlinks") && hidden(".gloss-tip") && hidden(".skip-link") && hidden(".compare-controls") && hidden(".compare-hint"),
        sources, urls: Array.from(document.querySelectorAll(".sources a[href^='http']")).map((a) => a.href),
      };
    });
    check(r.fg < 0.05 && r.bg > 0.9, `print ${p}: body text luminance ${r.fg.toFixed(3)} on ${r.bg.toFixed(3)}`);
    check(r.width <= r.vw, `print ${p}: the page is ${r.width} px wide on a ${r.vw} px sheet`);
    for (const t of r.tables) {
      check(t.box <= 0 && t.shown === t.cols, `print ${p}: ${t.shown} of ${t.cols} columns on the sheet`);
      console.log(`print ${p}: ${t.shown} of ${t.cols} columns on the sheet`);
    }
    check(r.chrome, `print ${p}: navigation, backlinks, controls or tooltips are printed`);
    r.sources.forEach((c, i) => check(c.includes(r.urls[i]), `print ${p}: source ${i + 1} prints without its URL (${c})`));
    await page.emulateMedia({ media: "screen" });
  }
  await page.context().close();
}

// 6. Spacing and alignment.
async function spacing(browser, base) {
  for (const width of [390, 1280]) {
    const page = await newPage(browser, { viewport: { width, height: 800 } });
    for (const p of [ARTICLE, LARGEST, "/compare/chemical-peels-vs-dermabrasion/", "/glossary/", "/"]) {
      await page.goto(base + p);
      const r = await page.evaluate(() => {
        const header = document.querySelector(".site-header");
        const main = document.querySelector("main");
        const first = main.firstElementChild;
        const last = Array.from(main.querySelectorAll("*")).filter((e) => e.getBoundingClientRect().height > 0 && e.checkVisibility() && !e.parentElement.closest(".table-scroll")).reduce((a, e) => (e.getBoundingClientRect().bottom > a.getBoundingClientRect().bottom ? e : a));
        const footer = document.querySelector(".site-footer");
        const title = document.querySelector(".site-title").getBoundingClientRect();
        const h1 = main.querySelector("h1").getBoundingClientRect();
        // The title and the search box on one line, every nav item on one
        // line below them: their vertical middles agree.
        const mid = (r) => (r.top + r.bottom) / 2;
        const nav = Array.from(document.querySelectorAll(".site-nav li")).map((li) => mid(li.getBoundingClientRect()));
        const search = document.querySelector(".site-search");
        const firstRow = search ? Math.abs(mid(title) - mid(search.getBoundingClientRect())) < 12 : true;
        return {
          top: first.getBoundingClientRect().top - header.getBoundingClientRect().bottom,
          bottom: footer.getBoundingClientRect().top - last.getBoundingClientRect().bottom,
          align: Math.abs(title.left - h1.left), navLines: Math.max(...nav) - Math.min(...nav) < 12 && firstRow ? 1 : 2,
        };
      });
      check(r.top >= 16, `${width} px ${p}: ${r.top} px between the header and the page's first line`);
      check(r.bottom >= 16, `${width} px ${p}: ${r.bottom} px between the page's last line and the footer`);
      check(r.align <= 1, `${width} px ${p}: the header and the content start ${r.align} px apart`);
      if (width === 1280) { check(r.navLines === 1, `1280 px ${p}: the title and search box, or the navigation, do not fit on one line each`); }
    }
    await page.context().close();
  }
}

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  try {
    const pages = await htmlPages(root);
    check(pages.length >= 90, `only ${pages.length} pages found`);
    const only = process.env.DERMIS_REFLOW_ONLY;
    for (const [name, run] of Object.entries({ reflow: () => reflow(browser, base, pages), tooltips: () => tooltips(browser, base), table: () => largestTable(browser, base), print: () => print(browser, base), spacing: () => spacing(browser, base) })) {
      if (only && !only.split(",").includes(name)) { continue; }
      try { await run(); } catch (e) { failures.push(`${name}: ${e.message.split("\n")[0]}`); }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    for (const f of failures) { console.log(`FAIL ${f}`); }
    process.exit(1);
  }
  console.log("reflow checks passed");
}

await main();
