// Screenshots of each page type of a built site, as readers first see them,
// at 390 px (a phone) and 1280 px (a laptop), at device scale 1.
// Usage: node scripts/screenshots.mjs <built-site-dir> <out-dir> [dark]
// The README shows the ones in docs/screenshots/ (light).
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

const [dir, out, scheme = "light"] = process.argv.slice(2);
const root = path.resolve(dir);
const tools = process.env.DERMIS_TOOLS || path.resolve(path.dirname(new URL(import.meta.url).pathname), "../.test-tools");
const require = createRequire(path.join(tools, "node", "node_modules", "noop.js"));
const { chromium } = require("playwright-core");
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json" };

const pages = {
  home: "/",
  section: "/methods/",
  article: "/methods/chemical-peels/",
  comparison: "/compare/all-methods/",
  pair: "/compare/chemical-peels-vs-dermabrasion/",
  term: "/concerns/acne-scars/",
  glossary: "/glossary/",
  search: "/search/?q=laser",
};

const server = createServer(async (req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  if ((await stat(file).catch(() => null))?.isDirectory()) { file = path.join(file, "index.html"); }
  readFile(file).then((b) => res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" }).end(b), () => res.writeHead(404).end());
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
await mkdir(out, { recursive: true });
try {
  for (const [width, height] of [[390, 844], [1280, 900]]) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(base + url);
      if (name === "search") { await page.waitForSelector("#dermis-results li"); }
      const suffix = scheme === "light" ? "" : `-${scheme}`;
      await page.screenshot({ path: path.join(out, `${name}-${width}${suffix}.png`) });
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
