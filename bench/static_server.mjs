// A plain static file server for the search benchmarks, run as its own
// process so the browser driver's work never delays a response:
//
//   node bench/static_server.mjs <public-dir>
//
// Listens on 127.0.0.1 on a free port, prints `listening <port>` once
// ready, serves files as they are (no compression, no caching headers).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const root = process.argv[2];
const server = createServer(async (req, res) => {
  try {
    let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if ((await stat(file).catch(() => null))?.isDirectory()) { file = path.join(file, "index.html"); }
    const body = await readFile(file);
    res.writeHead(200).end(body);
  } catch { res.writeHead(404).end(); }
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
