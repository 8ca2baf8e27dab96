// Bytes and time per search query, in headless Chromium, over a built site.
//
//   node bench/search_bytes.mjs <public-dir> [query ...]
//
// For each query, a fresh browser context (an empty cache) opens
// /search/?q=<query>; every response is recorded with its size on the wire
// and uncompressed, and the time the page reports for the query
// (`data-ms` on #dermis-search: from reading the query to the results on
// screen, snippets included; `data-at` the same moment counted from
// opening the page, script loading included; `data-work-ms` is the same less the time with
// a download in flight, i.e. the query's own work): cold is the first query of a visit (every
// piece fetched), warm the same query again after another one (the pieces
// it needs already fetched, as when a reader refines a query). The search page's HTML is counted apart from
// the search's own downloads (script, stemmer, vocabulary, postings,
// document texts). Prints a Markdown table. The static server
// (bench/static_server.mjs, a process of its own) does not
// compress; the gzip column is what a host that compresses (as most do)
// would send, measured with zlib at level 6.
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const tools = process.env.DERMIS_TOOLS || path.resolve(here, "../.test-tools");
const require = createRequire(path.join(tools, "node", "node_modules", "noop.js"));
const { chromium } = require("playwright-core");

const [root, ...args] = process.argv.slice(2);
const queries = args.length ? args : ["laser", "chemical peel recovery", "dermabrassion", "how long does it last", "zzqxv"];

// The server is its own process: in this one, the browser driver's
// messages would hold up responses and inflate every request's time.
const server = spawn(process.execPath, [path.join(here, "static_server.mjs"), root], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve, reject) => {
  server.stdout.on("data", (chunk) => { const m = /listening (\d+)/.exec(String(chunk)); if (m) { resolve(m[1]); } });
  server.on("exit", () => reject(new Error("the static server exited")));
});
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
console.log("| query | requests | page HTML | search downloads | search downloads gzip | results after opening the page | query time (cold) | of which work | query time (warm) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const kb = (n) => (n / 1024).toFixed(1) + " KB";
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const answered = (query) => page.waitForFunction((query) => {
    const r = document.getElementById("dermis-search");
    return r && r.dataset.query === query && r.dataset.state === "done";
  }, query, { timeout: 30000 });
  await page.goto(`${base}/search/?q=${encodeURIComponent(q)}`);
  await answered(q);
  await page.waitForLoadState("networkidle");
  const cold = await page.$eval("#dermis-search", (r) => Number(r.dataset.ms));
  const coldWork = await page.$eval("#dermis-search", (r) => Number(r.dataset.workMs));
  const coldAt = await page.$eval("#dermis-search", (r) => Number(r.dataset.at));
  // What was fetched, read back from the page's resource timing (listening
  // to responses through the driver would compete with the query), sized
  // from the files themselves.
  const paths = await page.evaluate(() => [location.pathname].concat(performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname)));
  const first = await Promise.all(paths.map(async (p) => {
    let file = path.join(root, decodeURIComponent(p));
    if (p.endsWith("/")) { file = path.join(file, "index.html"); }
    const body = await readFile(file).catch(() => Buffer.alloc(0));
    return { path: p, raw: body.length, gz: gzipSync(body, { level: 6 }).length };
  }));
  // Warm: another query, then this one again (its pieces already fetched).
  await page.fill("#dermis-q", "skin");
  await answered("skin");
  await page.fill("#dermis-q", q);
  await answered(q);
  const warm = await page.$eval("#dermis-search", (r) => Number(r.dataset.ms));
  const html = first.filter((s) => s.path === "/search/");
  const search = first.filter((s) => s.path !== "/search/" && (s.path.startsWith("/search/") || /\/search[-a-z]*\.js$/.test(s.path)));
  const sum = (list, k) => list.reduce((a, s) => a + s[k], 0);
  console.log(`| ${q} | ${search.length} | ${kb(sum(html, "raw"))} | ${kb(sum(search, "raw"))} | ${kb(sum(search, "gz"))} | ${Math.round(coldAt)} ms | ${cold} ms | ${coldWork} ms | ${warm} ms |`);
  if (process.env.SEARCH_BYTES_DETAIL) {
    for (const s of search) { console.log(`    ${s.path} ${s.raw} (${s.gz} gz)`); }
  }
  await context.close();
}
await browser.close();
server.kill();
