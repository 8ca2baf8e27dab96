// Runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules, target-size among them) in headless Chromium over pages of a
// built site, light and dark, at 1280 and 390 px, and fails on any violation.
// Usage: node accessibility.mjs <built-site-dir> <url-path>...
import { launchChromium, serveFolder, toolsRequire } from "./harness.mjs";
import { readFile } from "node:fs/promises";
import path from "node:path";

const [dir, ...paths] = process.argv.slice(2);
const root = path.resolve(dir);
const axeSource = await readFile(toolsRequire.resolve("axe-core/axe.min.js"), "utf8");

const server = await serveFolder(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
let failures = 0;
try {
  for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 390], ["dark", 390]]) {
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width, height: 900 } });
    for (const p of paths) {
      await page.goto(base + p);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }));
      const bad = result.violations;
      for (const v of bad) {
        failures++;
        console.log(`${scheme} ${width} px ${p}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (failures) { process.exit(1); }
console.log(`accessibility checks passed on ${paths.length} pages, light and dark, 1280 and 390 px`);
