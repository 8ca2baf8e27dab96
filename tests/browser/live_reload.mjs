// Live reload as an editor sees it, in headless Chromium against a running
// `dermis serve`: saving an article changes the open page without a manual
// reload (keeping the scroll position), saving a stylesheet restyles the
// page without reloading it, errors come and go in an overlay, and a fix
// that lands while the page is loading (before its event stream connects)
// still removes the overlay. Every wait is for a condition, under a
// generous deadline, so the checks hold on a busy machine.
// Usage: node live_reload.mjs <server-url> <site-root>
import { createRequire } from "node:module";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [base, root] = process.argv.slice(2);
const tools = process.env.DERMIS_TOOLS || path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../.test-tools");
const require = createRequire(path.join(tools, "node", "node_modules", "noop.js"));
const { chromium } = require("playwright-core");

const PATIENCE = 90000;

function check(condition, message) { if (!condition) { throw new Error(message); } }

// Polls `condition` (an async function) until it holds or the deadline passes.
async function until(what, condition) {
  const deadline = Date.now() + PATIENCE;
  while (!(await condition())) {
    if (Date.now() > deadline) { throw new Error("timed out waiting for " + what); }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function served(pathname) {
  const response = await fetch(base + pathname);
  return response.text();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.setDefaultTimeout(PATIENCE);
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/methods/chemical-peels/`);
    await page.waitForFunction(() => window.dermisLiveReload && window.dermisLiveReload.connected());

    // Edit the article: the page shows the new text by itself, scrolled where it was.
    await page.evaluate(() => window.scrollTo(0, 600));
    const article = path.join(root, "content/methods/chemical-peels.md");
    const text = await readFile(article, "utf8");
    await writeFile(article, text.replace("## What it is", "## What it is\n\nA sentence added while the page was open."));
    await page.waitForFunction(() => document.body.textContent.includes("A sentence added while the page was open."), null, { timeout: PATIENCE });
    await page.waitForFunction(() => window.scrollY > 500, null, { timeout: PATIENCE });

    // Edit the stylesheet: styles change and the page is not reloaded.
    await page.waitForFunction(() => window.dermisLiveReload && window.dermisLiveReload.connected());
    await page.evaluate(() => { window.notReloaded = true; });
    const css = path.join(root, "themes/clinic/static/style.css");
    await writeFile(css, (await readFile(css, "utf8")) + "\nh1 { color: rgb(1, 2, 3); }\n");
    await page.waitForFunction(() => getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)", null, { timeout: PATIENCE });
    check(await page.evaluate(() => window.notReloaded === true), "the page reloaded for a CSS change");

    // Break the page: the overlay appears; fix it: the overlay goes.
    const broken = text.replace(/^(approach = (?:\{ value = )?)"minimally invasive"/m, '$1"minimaly invasive"');
    check(broken !== text, "the article's approach fact is where the test expects it");
    await writeFile(article, broken);
    await page.waitForSelector("#dermis-overlay", { timeout: PATIENCE });
    check((await page.textContent("#dermis-overlay")).includes("content/methods/chemical-peels.md"), "the overlay names the file");
    const frame = await page.textContent("#dermis-overlay pre.dermis-frame");
    check(/\d+ \| approach = .*"minimaly invasive"/.test(frame) && frame.includes("^^^"), "the overlay shows the code frame: " + frame);

    // Dismiss it: the last good page is visible and can be clicked; a button brings the errors back.
    const pageVisible = () => page.evaluate(() => {
      const h1 = document.querySelector("h1");
      h1.scrollIntoView({ block: "center" });
      const box = h1.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return top !== null && h1.contains(top);
    });
    check(!(await pageVisible()), "the overlay covers the page");
    await page.click("#dermis-overlay-close");
    check(await page.evaluate(() => document.getElementById("dermis-overlay").hidden), "the close button hides the overlay");
    check(await pageVisible(), "the page under the overlay is visible once it is dismissed");
    check(await page.isVisible("#dermis-overlay-reopen"), "a button offers the errors again");
    await page.click("#dermis-overlay-reopen");
    check(await page.isVisible("#dermis-overlay"), "the errors come back on request");
    await page.keyboard.press("Escape");
    check(!(await page.isVisible("#dermis-overlay")), "Escape hides the overlay");
    // Another page of the same failed build stays dismissed; the next failing build shows it again.
    await page.reload();
    await page.waitForFunction(() => window.dermisLiveReload && window.dermisLiveReload.connected());
    check(!(await page.isVisible("#dermis-overlay")) && (await page.isVisible("#dermis-overlay-reopen")), "a dismissed overlay stays dismissed for the same build");
    await writeFile(article, text.replace(/^(approach = (?:\{ value = )?)"minimally invasive"/m, '$1"surgicall"'));
    await page.waitForFunction(() => {
      const overlay = document.getElementById("dermis-overlay");
      return overlay !== null && !overlay.hidden && overlay.textContent.includes("surgicall");
    }, null, { timeout: PATIENCE });

    await writeFile(article, text);
    await page.waitForSelector("#dermis-overlay", { state: "detached", timeout: 15000 });

    check(errors.length === 0, "page errors: " + errors.join("; "));
    console.log("live reload checks passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error("live reload check failed: " + e.message); process.exit(1); });
