// What a reader finds on the bundled site, in headless Chromium (issue 9,
// second half): the header search box carries its query to the search page
// and the query stays in the address (Back restores it); comparison tables
// offer "Clear filters"; the article layout on phone and desktop.
// Usage: node reader_checks.mjs <built-site-dir>
// Every check runs; each failure is printed; exits 1 if any failed.
import { launchChromium, localContext, serveFolder } from "./harness.mjs";
import path from "node:path";

const root = path.resolve(process.argv[2] || "");


function serve() {
  return serveFolder(root);
}

const failures = [];
function check(condition, message) {
  if (!condition) { failures.push(message); }
}

async function resultsSettled(page) {
  await page.waitForFunction(() => document.getElementById("dermis-search").dataset.state === "done");
}

async function searchChecks(context, base) {
  const page = await context.newPage();
  await page.goto(`${base}/methods/chemical-peels/`);
  await page.fill(".site-search input[name=q]", "peel");
  await Promise.all([page.waitForURL(/\/search\/\?q=peel$/), page.press(".site-search input[name=q]", "Enter")]);
  await resultsSettled(page);
  check(await page.inputValue("#dermis-q") === "peel", "the search page reads ?q= into its box");
  check(await page.locator("#dermis-results li").count() > 0, "results for the query from the header box");
  await page.fill("#dermis-q", "laser");
  await page.waitForURL(/\?q=laser$/);
  await page.waitForFunction(() => document.querySelector("#dermis-results .search-title a")?.textContent.toLowerCase().includes("laser"));
  await page.goBack();
  await page.waitForURL(/\?q=peel$/);
  await page.waitForFunction(() => document.getElementById("dermis-q").value === "peel");
  const first = await page.textContent("#dermis-results .search-title a");
  check(/peel/i.test(first), "Back restores the earlier query and its results: " + first);
  await page.close();
}

async function tableChecks(context, base) {
  const page = await context.newPage();
  await page.goto(`${base}/compare/all-methods/`);
  await page.waitForSelector("[data-compare][data-enhanced=true]");
  const rows = () => page.locator(".compare-table tbody tr:not([hidden])").count();
  const all = await rows();
  // Sortable headers look like controls: pointer, a sort sign, accent colour.
  const look = await page.$eval("th[data-key=downtime_days] .sort-button", (b) => ({
    cursor: getComputedStyle(b).cursor,
    sign: getComputedStyle(b.querySelector(".sort-icon"), "::after").content,
  }));
  check(look.cursor === "pointer" && look.sign.includes("↕"), "sortable headers look clickable: " + JSON.stringify(look));
  await page.click("summary:has-text('Filter rows')");
  const clear = page.locator("button.compare-clear");
  check(await clear.isDisabled(), "Clear filters is disabled while no filter is set");
  await page.check("fieldset.compare-filter:has(legend:has-text('Approach')) input[value='surgical']");
  check(await rows() < all, "the filter hides rows");
  check(await page.textContent("fieldset.compare-filter:has(legend:has-text('Approach')) label:has(input[value='surgical'])") === " Surgical", "filter labels start with a capital");
  await clear.click();
  check(await rows() === all, "Clear filters shows every row again");
  check(await page.$$eval("fieldset.compare-filter input:checked", (b) => b.length) === 0, "Clear filters unchecks every box");
  check(await clear.isDisabled(), "Clear filters is disabled again");
  // By the lowest figure ("0–14 days" before "1–3 days"), as the note under the table says.
  await page.click("th[data-key=downtime_days] button");
  const downtime = await page.$$eval(".compare-table tbody tr td.cell-range:nth-of-type(4)", (c) => c.map((x) => x.textContent));
  const lows = downtime.map((t) => /^(\d+)/.exec(t)).filter(Boolean).map((m) => Number(m[1]));
  check(lows.length > 5 && lows.every((n, i) => i === 0 || lows[i - 1] <= n), "ranges sort by their lowest figure: " + downtime.join(", "));
  const wide = downtime.findIndex((t) => t.startsWith("0–14 days"));
  check(wide >= 0 && wide < downtime.findIndex((t) => t.startsWith("1–3 days")), "a wide range from 0 sorts before a narrow one from 1: " + downtime.join(", "));
  check((await page.textContent(".compare .table-note")).includes("lowest figure"), "the page says how ranges sort");
  await page.close();
}

async function pairChecks(context, base) {
  for (const scheme of ["light", "dark"]) {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${base}/compare/chemical-peels-vs-dermabrasion/`);
    const look = await page.evaluate(() => {
      const bg = (el) => getComputedStyle(el).backgroundColor;
      const differs = document.querySelector(".pair-table tr.differs td");
      const same = document.querySelector(".pair-table tbody tr:not(.differs) td");
      const badge = document.querySelector(".pair-table tr.differs .differs-badge");
      return { differs: bg(differs), same: same ? bg(same) : "none", badge: bg(badge), text: getComputedStyle(badge).color };
    });
    check(look.differs !== look.same && look.badge !== look.differs && look.badge !== look.text,
      `${scheme}: "Different" rows and their badge stand out: ` + JSON.stringify(look));
    await page.close();
  }
}

async function glossaryChecks(context, base) {
  const page = await context.newPage();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${base}/glossary/`);
    const small = await page.$$eval(".letters a", (links) => links.map((a) => a.getBoundingClientRect())
      .filter((r) => r.width < 24 || r.height < 24).length);
    check(small === 0, `${width} px: ${small} glossary letters are smaller than 24 px`);
  }
  await page.close();
}

async function articleChecks(context, base) {
  const page = await context.newPage();
  // Phone: the article's first paragraph is on the first screen.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of ["/methods/chemical-peels/", "/methods/facelift/", "/methods/botulinum-toxin/"]) {
    await page.goto(base + url);
    const top = await page.$eval(".article-intro p", (p) => p.getBoundingClientRect().top);
    check(top < 844, `390 px ${url}: the first paragraph starts at ${Math.round(top)} px, below the first screen`);
    const backlinks = await page.$$eval(".backlinks li", (items) => items.filter((li) => li.checkVisibility() && li.getBoundingClientRect().height > 0).length);
    check(backlinks <= 5, `${url}: ${backlinks} backlinks shown before the disclosure is opened`);
  }
  // Desktop: "On this page" stays in view while the article scrolls.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/methods/chemical-peels/`);
  const beside = await page.evaluate(() => {
    const toc = document.querySelector(".toc").getBoundingClientRect();
    const body = document.querySelector(".article-body:not(.article-intro)").getBoundingClientRect();
    return toc.left >= body.right;
  });
  check(beside, "1280 px: the contents are beside the article");
  await page.evaluate(() => document.getElementById("cost").scrollIntoView());
  const toc = await page.$eval(".toc", (t) => { const r = t.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; });
  check(toc.top >= 0 && toc.bottom <= 900, "1280 px: the contents stay in view at the end of the article: " + JSON.stringify(toc));
  await page.close();
}

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const errors = [];
  try {
    const context = await localContext(browser, { viewport: { width: 1280, height: 900 } }, errors);
    await searchChecks(context, base);
    await tableChecks(context, base);
    await pairChecks(context, base);
    await glossaryChecks(context, base);
    await articleChecks(context, base);
    check(errors.length === 0, "browser errors: " + errors.join("; "));
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    for (const f of failures) { console.log("FAIL " + f); }
    process.exit(1);
  }
  console.log("reader checks passed");
}

main().catch((e) => { console.error("reader check failed: " + e.stack); process.exit(1); });
