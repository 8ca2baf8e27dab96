// Bytes and time per query of Pagefind's JS API on a served, Pagefind-indexed site.
//
//   node bench/pagefind_queries.mjs BASE_URL SITE_DIR QUERY...
//
// BASE_URL serves SITE_DIR (e.g. `python3 -m http.server` bound to 127.0.0.1);
// SITE_DIR is only read to check each transferred size against the file on
// disk. For every query it opens a fresh browser context (empty cache) twice:
//
// - cold: from a blank page, import /pagefind/pagefind.js, search, and load
//   the first five results' fragments (what Pagefind's UI shows first): the
//   cost of a reader's first search on a visit;
// - warm: the same, after a first search for a word that matches nothing
//   has loaded the scripts, the entry file, the language's meta index and
//   the WebAssembly module, so only what this query needs (index chunks,
//   fragments) is counted: a reader's second and later searches.
//
// Bytes are response bodies plus headers of every request the page and the
// Pagefind web worker make (see `summarise`). Prints one JSON object per
// query on stdout.
import { createRequire } from "node:module";
import { stat } from "node:fs/promises";
import path from "node:path";

const [base, siteDir, ...queries] = process.argv.slice(2);
if (!base || !siteDir || queries.length === 0) {
  console.error("usage: node bench/pagefind_queries.mjs BASE_URL SITE_DIR QUERY...");
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const tools = process.env.DERMIS_TOOLS || path.resolve(here, "../.test-tools");
const require = createRequire(path.join(tools, "node", "node_modules", "noop.js"));
const { chromium } = require("playwright-core");

const blank = `${base}/__pagefind_bench__.html`;
const blankHtml = "<!doctype html><html lang=en><meta charset=utf-8><title>bench</title><body></body></html>";

/** Records every request of a context's pages and of the workers they start
 *  (Playwright reports dedicated workers' requests on the context). */
function recordNetwork(context) {
  const pending = new Set();
  let done = [];
  context.on("request", (req) => pending.add(req));
  const finish = (req, failed) => {
    if (!pending.delete(req) || req.url().startsWith(blank)) { return; }
    done.push(failed ? Promise.resolve({ url: req.url(), failed: true, body: 0, headers: 0 })
      : req.sizes().then((s) => ({ url: req.url(), failed: false, body: s.responseBodySize, headers: s.responseHeadersSize })));
  };
  context.on("requestfinished", (req) => finish(req, false));
  context.on("requestfailed", (req) => finish(req, true));
  return {
    /** Waits (up to 10 s) for every started request to end, then returns the
     *  requests that ended since the last call and forgets them. */
    async take() {
      const deadline = Date.now() + 10000;
      while (pending.size > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const out = await Promise.all(done);
      done = [];
      return out;
    },
  };
}

/** Runs in the page: search, then load the first five results' fragments. */
async function searchInPage(query) {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  const top = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  return { ms: performance.now() - t0, count: search.results.length, urls: top.map((d) => d.url) };
}

/** A query that matches nothing, whose index chunk none of the measured
 *  queries needs (it sorts after them): the warm-up of a warm run. */
const warmUpQuery = "zzzzzz";

async function onDisk(url) {
  const rel = decodeURIComponent(new URL(url).pathname);
  const s = await stat(path.join(siteDir, rel)).catch(() => null);
  return s && s.isFile() ? s.size : null;
}

/** Sums a list of requests, by kind of Pagefind file. python3's http.server
 *  sends every file as it is on disk (no compression), so a response's body
 *  is the file's size; Chromium reports 0 for a worker's own script, so body
 *  sizes come from the disk, and every other request is checked against the
 *  size Chromium reports (`mismatches` counts the ones that differ). */
async function summarise(requests) {
  const kinds = {};
  let bytes = 0;
  let mismatches = 0;
  for (const r of requests) {
    const name = new URL(r.url).pathname;
    const kind = name.endsWith(".pf_fragment") ? "fragment"
      : name.endsWith(".pf_index") ? "index"
      : name.endsWith(".pf_meta") ? "meta"
      : name.includes("/wasm.") ? "wasm"
      : name.endsWith(".js") ? "js" : name.endsWith(".json") ? "entry" : "other";
    const size = await onDisk(r.url);
    if (r.failed || size === null || (r.body !== 0 && r.body !== size)) { mismatches += 1; }
    const sent = (size ?? 0) + Math.max(r.headers, 0);
    kinds[kind] = kinds[kind] || { files: 0, bytes: 0 };
    kinds[kind].files += 1;
    kinds[kind].bytes += sent;
    bytes += sent;
  }
  return { requests: requests.length, bytes, kinds, mismatches };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  for (const query of queries) {
    const result = { query };
    for (const mode of ["cold", "warm"]) {
      const context = await browser.newContext();
      await context.route(blank, (route) => route.fulfill({ contentType: "text/html", body: blankHtml }));
      const net = recordNetwork(context);
      const page = await context.newPage();
      await page.goto(blank);
      if (mode === "warm") {
        const w = await page.evaluate(searchInPage, warmUpQuery);
        result.warmup = { ms: Math.round(w.ms), ...(await summarise(await net.take())) };
      }
      await net.take();
      const r = await page.evaluate(searchInPage, query);
      result[mode] = { ms: Math.round(r.ms), results: r.count, top5: r.urls, ...(await summarise(await net.take())) };
      await context.close();
    }
    console.log(JSON.stringify(result));
  }
} finally {
  await browser.close();
}
