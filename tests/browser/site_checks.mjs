// Drives headless Chromium over a built fixture site and checks what readers
// see: sorting, filtering and column choice on comparison tables, glossary
// tooltips, and search. Usage: node site_checks.mjs <built-site-dir>
// Exits 1 with a message on the first failed check. Serves the folder itself
// on 127.0.0.1 and blocks every other host.
import { launchChromium, localContext, serveFolder } from "./harness.mjs";
import path from "node:path";

const root = path.resolve(process.argv[2] || "");


function serve() {
  return serveFolder(root, { notFoundPage: true });
}

function check(condition, message) {
  if (!condition) { throw new Error(message); }
}

async function rowTitles(page) {
  return page.$$eval("[data-compare] tbody tr:not([hidden]) th a", (links) => links.map((a) => a.textContent));
}

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const errors = [];
  try {
    const context = await localContext(browser, {}, errors);
    const page = await context.newPage();

    // Sorting: server order is by approach (enum order), then title.
    await page.goto(`${base}/compare/all/`);
    await page.waitForSelector("[data-compare][data-enhanced=true]");
    check(JSON.stringify(await rowTitles(page)) === JSON.stringify(["Cream", "Laser", "Needling", "Peel", "Surgery"]), "initial order: " + await rowTitles(page));
    const downtime = page.locator("th[data-key=downtime_days] button");
    await downtime.click();
    check(await page.getAttribute("th[data-key=downtime_days]", "aria-sort") === "ascending", "aria-sort after one click");
    check(await page.getAttribute("th[data-key=approach]", "aria-sort") === null, "aria-sort left on the old column");
    // Ranges sort numerically (0, 3-10, 7-21, 14) and rows without a value go last.
    check(JSON.stringify(await rowTitles(page)) === JSON.stringify(["Cream", "Laser", "Peel", "Surgery", "Needling"]), "ascending downtime: " + await rowTitles(page));
    await downtime.focus();
    await page.keyboard.press("Enter");
    check(await page.getAttribute("th[data-key=downtime_days]", "aria-sort") === "descending", "keyboard sort");
    check(JSON.stringify(await rowTitles(page)) === JSON.stringify(["Surgery", "Peel", "Laser", "Cream", "Needling"]), "descending downtime: " + await rowTitles(page));

    // Filtering by a taxonomy term.
    await page.click("summary:has-text('Filter rows')");
    await page.check("fieldset.compare-filter:has(legend:has-text('Concerns')) input[value='acne scars']");
    check(JSON.stringify((await rowTitles(page)).sort()) === JSON.stringify(["Laser", "Needling", "Peel"]), "filter by acne scars: " + await rowTitles(page));
    check((await page.textContent(".compare-status")).includes("Showing 3 of 5"), "status line");
    // And by an enum value, combined (AND across columns).
    await page.check("fieldset.compare-filter:has(legend:has-text('Approach')) input[value='surgical']");
    check((await rowTitles(page)).length === 0, "acne scars AND surgical should be empty");
    await page.uncheck("fieldset.compare-filter:has(legend:has-text('Approach')) input[value='surgical']");

    // Choosing columns.
    await page.click("summary:has-text('Choose columns')");
    await page.uncheck("fieldset.compare-columns label:has-text('Note') input");
    check(await page.isHidden("th[data-key=note]"), "the Note column is hidden");
    check(await page.$$eval("tbody tr td:nth-child(6)", (cells) => cells.every((c) => c.hidden)), "Note cells hidden");

    // Glossary tooltip on keyboard focus.
    await page.goto(`${base}/methods/peel/`);
    check(!(await page.isVisible("#gloss-dermis")), "tooltip hidden before focus");
    await page.focus("a.gloss-term[href='/glossary/dermis/']");
    check(await page.isVisible("#gloss-dermis"), "tooltip shown on focus");

    // Search: title matches first.
    const answered = (q) => page.waitForFunction((q) => {
      const root = document.getElementById("dermis-search");
      return root.dataset.query === q && root.dataset.state === "done";
    }, q);
    await page.goto(`${base}/search/`);
    await page.fill("#dermis-q", "laser");
    await answered("laser");
    const results = await page.$$eval("#dermis-results .search-title a", (links) => links.map((a) => a.textContent));
    check(results[0] === "Laser", "first search result: " + results.join(", "));
    check(results.includes("Device A"), "facts are searched: " + results.join(", "));
    await page.fill("#dermis-q", "zzzzqqq");
    await answered("zzzzqqq");
    check((await page.textContent("#dermis-search-status")).startsWith("No results"), "no results are said so");

    check(errors.length === 0, "browser errors: " + errors.join("; "));
    console.log("browser checks passed");
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => { console.error("browser check failed: " + e.message); process.exit(1); });
