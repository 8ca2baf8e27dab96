// Bytes and time per search query, in headless Chromium, over a built site.
//
//   node bench/search_bytes.mjs <public-dir> [query ...]
//
// For each query, a fresh browser context (an empty cache) opens
// /search/?q=<query>; every response is recorded with its size on the wire
// and uncompressed, and the time the page reports for the query
// (`data-ms` on #dermis-search: from reading the query to the results on
// screen, snippets included; `data-work-ms` is the same less the time with
// a download in flight, i.e. the query's own work): cold is the first query of a visit (every
// piece fetched), warm the same query again after another one (the pieces
// it needs already fetched, as when a reader refines a query). The search page's HTML is counted apart from
// the search's own downloads (script, stemmer, vocabulary, postings,
// document texts). Prints a Markdown table. The static server here does not
// compress; the gzip column is what a host that compresses (as most do)
// would send, measured with zlib at level 6.
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const tools = process.env.DERMIS_TOOLS || path.resolve(here, "../.test-tools");
const require = createRequire(path.join(tools, "node", "node_modules", "noop.js"));
const { chromium } = require("playwright-core");

const [root, ...args] = process.argv.slice(2);
const queries = args.length ? args : ["laser", "chemical peel recovery", "dermabrassion", "how long does it last", "zzqxv"];

const server = createServer(async (req, res) => {
  try {
    let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if ((await stat(file).catch(() => null))?.isDirectory()) { file = path.join(file, "index.html"); }
    const body = await readFile(file);
    res.writeHead(200).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
console.log("| query | requests | page HTML | search downloads | search downloads gzip | query time (cold) | of which work | query time (warm) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const kb = (n) => (n / 1024).toFixed(1) + " KB";
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  page.on("response", async (response) => {
    const url = new URL(response.url());
    const body = await response.body().catch(() => Buffer.alloc(0));
    sizes.push({ path: url.pathname, raw: body.length, gz: gzipSync(body, { level: 6 }).length });
  });
  const answered = (query) => page.waitForFunction((query) => {
    const r = document.getElementById("dermis-search");
    return r && r.dataset.query === query && r.dataset.state === "done";
  }, query, { timeout: 30000 });
  await page.goto(`${base}/search/?q=${encodeURIComponent(q)}`);
  await answered(q);
  await page.waitForLoadState("networkidle");
  const cold = await page.$eval("#dermis-search", (r) => Number(r.dataset.ms));
  const coldWork = await page.$eval("#dermis-search", (r) => Number(r.dataset.workMs));
  const first = sizes.slice();
  // Warm: another query, then this one again (its pieces already fetched).
  await page.fill("#dermis-q", "skin");
  await answered("skin");
  await page.fill("#dermis-q", q);
  await answered(q);
  const warm = await page.$eval("#dermis-search", (r) => Number(r.dataset.ms));
  const html = first.filter((s) => s.path === "/search/");
  const search = first.filter((s) => s.path !== "/search/" && (s.path.startsWith("/search/") || /\/search[-a-z]*\.js$/.test(s.path)));
  const sum = (list, k) => list.reduce((a, s) => a + s[k], 0);
  console.log(`| ${q} | ${search.length} | ${kb(sum(html, "raw"))} | ${kb(sum(search, "raw"))} | ${kb(sum(search, "gz"))} | ${cold} ms | ${coldWork} ms | ${warm} ms |`);
  if (process.env.SEARCH_BYTES_DETAIL) {
    for (const s of search) { console.log(`    ${s.path} ${s.raw} (${s.gz} gz)`); }
  }
  await context.close();
}
await browser.close();
server.close();
