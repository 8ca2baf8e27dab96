// Callouts as readers get them, in headless Chromium (no screenshots):
//  - at 320 px the page does not scroll sideways;
//  - in print media emulation (dark scheme preferred) every callout has a
//    visible solid border on all four sides, CAUTION the thickest, and the
//    labels are dark on a page that does not rely on background colours.
// Usage: node callout_checks.mjs <built-site-dir>
import { launchChromium, localContext, serveFolder } from "./harness.mjs";
import path from "node:path";

const root = path.resolve(process.argv[2] || "");
const PAGE = "/guides/callouts/";
const failures = [];

const server = await serveFolder(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  const context = await localContext(browser, { viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => failures.push(`script error: ${e}`));
  await page.goto(base + PAGE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 320) { failures.push(`320 px: the page is ${width} px wide`); }
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  const boxes = await page.$$eval("aside.callout", (asides) => asides.map((a) => {
    const s = getComputedStyle(a);
    const label = getComputedStyle(a.querySelector(".callout-label"));
    const sides = ["top", "right", "bottom", "left"].map((side) => ({
      side,
      width: parseFloat(s.getPropertyValue(`border-${side}-width`)),
      style: s.getPropertyValue(`border-${side}-style`),
      color: s.getPropertyValue(`border-${side}-color`),
    }));
    return { cls: a.className, sides, label: label.color, labelBorder: parseFloat(label.borderBottomWidth) };
  }));
  if (boxes.length < 5) { failures.push(`expected at least 5 callouts, found ${boxes.length}`); }
  for (const box of boxes) {
    const caution = box.cls.includes("callout-caution");
    for (const side of box.sides) {
      // The caution box's top edge is its label's bottom border in print.
      if (caution && side.side === "top") { continue; }
      const min = caution ? 4 : 2;
      if (!(side.width >= min && side.style === "solid" && side.color === "rgb(0, 0, 0)")) {
        failures.push(`print: ${box.cls} ${side.side} border is ${side.width}px ${side.style} ${side.color}`);
      }
    }
    if (box.label !== "rgb(0, 0, 0)") { failures.push(`print: ${box.cls} label colour is ${box.label}`); }
    if (caution && !(box.labelBorder >= 2)) { failures.push(`print: the caution label has no rule under it`); }
  }
} finally {
  await browser.close();
  server.close();
}
for (const f of failures) { console.log(f); }
if (failures.length) { process.exit(1); }
console.log("callout checks passed");
