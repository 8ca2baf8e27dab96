// What every browser check shares: playwright-core from the test tools
// (scripts/install-test-tools.sh), a static server for a built site on
// 127.0.0.1, and Debian's Chromium launched headless with no outside traffic.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const tools = process.env.DERMIS_TOOLS || path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../.test-tools");

/** `require` resolving in the test tools' node_modules (playwright-core, axe-core). */
export const toolsRequire = createRequire(path.join(tools, "node", "node_modules", "noop.js"));

const { chromium } = toolsRequire("playwright-core");

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".svg": "image/svg+xml", ".csv": "text/csv", ".ico": "image/x-icon",
};

/** Serves folder `root` on 127.0.0.1 (folders answer with their index.html);
 *  a missing file gets 404 with the site's 404.html when `notFoundPage`. */
export function serveFolder(root, { notFoundPage = false } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const rel = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
      let file = path.join(root, rel);
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) { file = path.join(file, "index.html"); }
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      const page = notFoundPage ? await readFile(path.join(root, "404.html")).catch(() => "not found") : "not found";
      res.writeHead(404, { "content-type": "text/html" }).end(page);
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Headless Chromium with its background traffic turned off. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A browser context that reaches only 127.0.0.1; when `errors` is given,
 *  console errors and uncaught exceptions of each of its pages go there. */
export async function localContext(browser, options = {}, errors = null) {
  const context = await browser.newContext(options);
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  if (errors) {
    context.on("page", (p) => {
      p.on("console", (m) => { if (m.type() === "error") { errors.push(m.text()); } });
      p.on("pageerror", (e) => errors.push(String(e)));
    });
  }
  return context;
}
