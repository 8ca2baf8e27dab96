// The facts card of an article with three variants, in headless Chromium:
// at 320 px the page does not scroll sideways and the card stays inside
// the viewport (the variant columns stack); at 1280 px it shows one column
// per variant. Also in dark mode.
// Usage: node variant_checks.mjs <built-site-dir>
// Every check runs; each failure is printed; exits 1 if any failed.
import { launchChromium, localContext, serveFolder } from "./harness.mjs";
import path from "node:path";

const root = path.resolve(process.argv[2] || "");
const ARTICLE = "/methods/chemical-peels/";
const failures = [];
function check(condition, message) {
  if (!condition) { failures.push(message); }
}

const server = await serveFolder(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of [320, 1280]) {
      const context = await localContext(browser, { viewport: { width, height: 800 }, colorScheme: scheme });
      const page = await context.newPage();
      page.on("pageerror", (e) => failures.push(`script error: ${e}`));
      await page.goto(base + ARTICLE);
      const m = await page.evaluate(() => {
        const card = document.querySelector(".facts-card");
        const rect = card.getBoundingClientRect();
        const cells = [...card.querySelectorAll("tbody tr:nth-child(2) td")].map((td) => td.getBoundingClientRect());
        return {
          doc: document.documentElement.scrollWidth,
          view: window.innerWidth,
          right: rect.right,
          cardScroll: card.scrollWidth - card.clientWidth,
          cellLefts: cells.map((c) => Math.round(c.left)),
        };
      });
      const at = `${width} px, ${scheme}`;
      check(m.doc <= m.view, `${at}: the page is ${m.doc} px wide in a ${m.view} px viewport`);
      check(m.right <= m.view, `${at}: the facts card ends at ${m.right} px, past the ${m.view} px viewport`);
      check(m.cardScroll <= 0, `${at}: the facts card scrolls sideways by ${m.cardScroll} px`);
      check(m.cellLefts.length === 3, `${at}: expected 3 variant cells in the downtime row, found ${m.cellLefts.length}`);
      const distinct = new Set(m.cellLefts).size;
      if (width === 320) {
        check(distinct === 1, `${at}: the variant cells should stack (one left edge), found ${m.cellLefts}`);
      } else {
        check(distinct === 3, `${at}: the variant cells should sit side by side, found ${m.cellLefts}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
console.log("variant checks passed");
