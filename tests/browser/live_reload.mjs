// Live reload as an editor sees it, in headless Chromium against a running
// `dermis serve`: saving an article changes the open page without a manual
// reload (keeping the scroll position), and saving a stylesheet restyles the
// page without reloading it.
// Usage: node live_reload.mjs <server-url> <site-root>
import { createRequire } from "node:module";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [base, root] = process.argv.slice(2);
const tools = process.env.DERMIS_TOOLS || path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../.test-tools");
const require = createRequire(path.join(tools, "node", "node_modules", "noop.js"));
const { chromium } = require("playwright-core");

function check(condition, message) { if (!condition) { throw new Error(message); } }

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/methods/chemical-peels/`);
    await page.waitForFunction(() => window.dermisLiveReload && window.dermisLiveReload.connected());

    // Edit the article: the page shows the new text by itself, scrolled where it was.
    await page.evaluate(() => window.scrollTo(0, 600));
    const article = path.join(root, "content/methods/chemical-peels.md");
    const text = await readFile(article, "utf8");
    await writeFile(article, text.replace("## What it is", "## What it is\n\nA sentence added while the page was open."));
    await page.waitForFunction(() => document.body.textContent.includes("A sentence added while the page was open."), null, { timeout: 15000 });
    await page.waitForFunction(() => window.scrollY > 500, null, { timeout: 5000 });

    // Edit the stylesheet: styles change and the page is not reloaded.
    await page.waitForFunction(() => window.dermisLiveReload && window.dermisLiveReload.connected());
    await page.evaluate(() => { window.notReloaded = true; });
    const css = path.join(root, "themes/clinic/static/style.css");
    await writeFile(css, (await readFile(css, "utf8")) + "\nh1 { color: rgb(1, 2, 3); }\n");
    await page.waitForFunction(() => getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)", null, { timeout: 15000 });
    check(await page.evaluate(() => window.notReloaded === true), "the page reloaded for a CSS change");

    // Break the page: the overlay appears; fix it: the overlay goes.
    await writeFile(article, text.replace("approach = \"minimally invasive\"", "approach = \"minimaly invasive\""));
    await page.waitForSelector("#dermis-overlay", { timeout: 15000 });
    check((await page.textContent("#dermis-overlay")).includes("content/methods/chemical-peels.md"), "the overlay names the file");
    await writeFile(article, text);
    await page.waitForSelector("#dermis-overlay", { state: "detached", timeout: 15000 });

    check(errors.length === 0, "page errors: " + errors.join("; "));
    console.log("live reload checks passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error("live reload check failed: " + e.message); process.exit(1); });
