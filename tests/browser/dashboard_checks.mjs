// The serve dashboard in headless Chromium against a running `dermis serve`:
// axe-core (WCAG 2.0–2.2 A and AA rules) finds nothing, light and dark, at
// 320 and 1280 px; at 320 px the page does not scroll sideways (the review
// table scrolls inside its own focusable region); and the open dashboard
// follows the builds: linking to the orphan makes it leave the list without a
// manual reload. Waits are for conditions under a deadline.
// Usage: node dashboard_checks.mjs <server-url> <site-root>
import { launchChromium, localContext, toolsRequire } from "./harness.mjs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [base, root] = process.argv.slice(2);
const axeSource = await readFile(toolsRequire.resolve("axe-core/axe.min.js"), "utf8");
const PATIENCE = 90000;
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function check(condition, message) { if (!condition) { throw new Error(message); } }

const browser = await launchChromium();
let failures = 0;
try {
  for (const [scheme, width] of [["light", 320], ["dark", 320], ["light", 1280], ["dark", 1280]]) {
    const context = await localContext(browser, { colorScheme: scheme, viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(base + "/__dermis/");
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate((values) => window.axe.run(document, { runOnly: { type: "tag", values } }), tags);
    for (const v of result.violations) {
      failures++;
      console.log(`${scheme} ${width} px: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) { failures++; console.log(`${scheme} ${width} px: the page scrolls sideways by ${overflow} px`); }
    await context.close();
  }
  // Live: the open dashboard reloads itself after the build that fixes the orphan.
  const context = await localContext(browser);
  const page = await context.newPage();
  await page.goto(base + "/__dermis/");
  // The text of the orphans section: its heading up to the next one.
  const orphansSection = () => {
    let text = "";
    for (let e = document.querySelector("h2#orphans"); e; e = e.nextElementSibling) {
      if (e.tagName === "H2" && e.id !== "orphans") { break; }
      text += e.textContent + "\n";
    }
    return text;
  };
  const before = await page.evaluate(orphansSection);
  check(before.includes("Lonely <guide>"), "the orphan is listed before the edit: " + before);
  await page.waitForFunction(() => window.dermisLiveReload && window.dermisLiveReload.connected(), null, { timeout: PATIENCE });
  const file = path.join(root, "content/guides/choosing.md");
  const text = await readFile(file, "utf8");
  await writeFile(file, text.replace("[[surgery]]", "[[surgery]] and [[lonely]]"));
  await page.waitForFunction(
    (source) => { const section = new Function("return (" + source + ")()"); return !section().includes("Lonely"); },
    orphansSection.toString(),
    { timeout: PATIENCE },
  );
  await context.close();
} finally {
  await browser.close();
}
if (failures) { process.exit(1); }
console.log("dashboard checks passed: axe light and dark at 320 and 1280 px, no sideways scroll, live after an edit");
