// Reads words on stdin, one a line, and prints the stem of each, one a line,
// with the theme's browser stemmer (themes/clinic/static/search-stemmer.js).
// Driven by tests/integration/search_stemmer.rs, which compares the stems
// with rust-stemmers'.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { stem } = require("../../themes/clinic/static/search-stemmer.js");

const chunks = [];
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const text = chunks.join("");
  const words = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  process.stdout.write(words.map((w) => stem(w) + "\n").join(""));
});
