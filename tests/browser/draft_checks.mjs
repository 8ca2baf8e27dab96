// The banner of a draft (issue 12 §1), in headless Chromium: at 320 and
// 1280 px, light and dark, the page does not scroll sideways, the banner is
// inside the viewport under the title, lists every problem, and its text
// keeps a contrast of at least 4.5:1 on its background. In print it has a
// black border on white.
// Usage: node draft_checks.mjs <built-site-dir> <draft-url-path> <problem-count>
// Every check runs; each failure is printed; exits 1 if any failed.
import { launchChromium, localContext, serveFolder } from "./harness.mjs";
import path from "node:path";

const [dir, draft, count] = process.argv.slice(2);
const root = path.resolve(dir || "");
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
      await page.goto(base + draft);
      const m = await page.evaluate(() => {
        const banner = document.querySelector(".draft-banner");
        if (!banner) { return null; }
        const rect = banner.getBoundingClientRect();
        const title = document.querySelector("h1").getBoundingClientRect();
        const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
        const luminance = ([r, g, b]) => {
          const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const background = rgb(getComputedStyle(banner).backgroundColor);
        const contrasts = [...banner.querySelectorAll("h2, p, li")].map((el) => {
          const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(background)].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        });
        return {
          doc: document.documentElement.scrollWidth,
          view: window.innerWidth,
          left: rect.left,
          right: rect.right,
          belowTitle: rect.top >= title.bottom,
          items: banner.querySelectorAll(".draft-problems li").length,
          lowest: Math.min(...contrasts),
          background: getComputedStyle(banner).backgroundColor,
        };
      });
      const at = `${width} px, ${scheme}`;
      if (!m) { failures.push(`${at}: no .draft-banner on ${draft}`); await context.close(); continue; }
      check(m.doc <= m.view, `${at}: the page is ${m.doc} px wide in a ${m.view} px viewport`);
      check(m.left >= 0 && m.right <= m.view, `${at}: the banner spans ${m.left}-${m.right} px, outside the ${m.view} px viewport`);
      check(m.belowTitle, `${at}: the banner should sit under the page title`);
      check(m.items === Number(count), `${at}: the banner lists ${m.items} problems, expected ${count}`);
      check(m.lowest >= 4.5, `${at}: banner text has a contrast of ${m.lowest.toFixed(2)}:1 on ${m.background}`);
      if (scheme === "dark" && width === 1280) {
        await page.emulateMedia({ media: "print" });
        const print = await page.evaluate(() => {
          const s = getComputedStyle(document.querySelector(".draft-banner"));
          return { background: s.backgroundColor, border: s.borderTopColor };
        });
        check(print.background === "rgb(255, 255, 255)", `print: the banner background is ${print.background}`);
        check(print.border === "rgb(0, 0, 0)", `print: the banner border is ${print.border}`);
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
console.log("draft checks passed");
