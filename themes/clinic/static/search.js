// dermis search. The search page embeds the index's manifest; this script
// fetches only the pieces a query needs: the vocabulary of the letters the
// query's words start with, the posting shards of the words found there, and
// the text of the results it shows. Words are folded, stop words dropped and
// stems taken exactly as the build did (search-stemmer.js is checked against
// the build's stemmer). No request leaves the site.
(function () {
  "use strict";
  var manifestNode = document.getElementById("dermis-search-manifest");
  var input = document.getElementById("dermis-q");
  var root = document.getElementById("dermis-search");
  var status = document.getElementById("dermis-search-status");
  var list = document.getElementById("dermis-results");
  var azList = document.getElementById("a-z");
  var filters = document.getElementById("dermis-filters");
  var facetBox = document.getElementById("dermis-facets");
  var moreWrap = document.getElementById("dermis-more-wrap");
  var moreButton = document.getElementById("dermis-more");
  if (!manifestNode || !input || !root || !status || !list || !window.fetch || !window.DermisStemmer) { return; }
  var manifest;
  try { manifest = JSON.parse(manifestNode.textContent); } catch (e) { return; }
  var base = manifestNode.getAttribute("data-base") || "/search/";
  var version = "?v=" + manifest.version;
  var stopWords = new Set(manifest.stopWords);
  var PAGE = 10;
  // Posting weights are bytes on a log scale (src/render/search/inverted_index.rs).
  var WEIGHTS = [];
  for (var w8 = 0; w8 < 256; w8++) { WEIGHTS.push(Math.exp(w8 / 40) - 1); }
  // Words that ask for a comparison ("peel vs laser").
  var COMPARE_WORDS = /(^|[^\p{L}])(vs|versus|compare|compared|comparison|comparing|difference)([^\p{L}]|$)/iu;
  root.hidden = false;

  // ---- Words: the same steps as the build (src/render/search/words.rs).
  var NOT_ASCII = /[^\x00-\x7f]/;
  function fold(text) {
    // Plain ASCII (most text) has no marks to strip nor curly quotes.
    if (!NOT_ASCII.test(text)) { return text.toLowerCase(); }
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[\u2018\u2019]/g, "'");
  }
  var TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
  var RAW_TOKEN = /[\p{L}\p{M}\p{N}]+(?:['\u2018\u2019][\p{L}\p{M}\p{N}]+)*/gu;
  var stemCache = new Map();
  function stem(token) {
    var known = stemCache.get(token);
    if (known !== undefined) { return known; }
    var s = /^[0-9]+$/.test(token) ? token : window.DermisStemmer.stem(token);
    stemCache.set(token, s);
    return s;
  }
  // Tokens of a query or a phrase: [{folded, stem, stop}] in order, with
  // "non-ablative" also offered joined.
  function queryTokens(text) {
    var folded = fold(text);
    var out = [];
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(folded)) !== null) {
      out.push({ folded: match[0], stem: stem(match[0]), stop: stopWords.has(match[0]), end: match.index + match[0].length, start: match.index });
    }
    return { tokens: out, trailingSpace: /\s$/.test(text), text: text };
  }

  // ---- Fetching, each piece once.
  var pieces = new Map();
  // Time with at least one piece in flight, so a query's own work (the
  // page's data-work-ms) can be told from waiting on the network.
  var network = { inFlight: 0, since: 0, total: 0 };
  function fetchPiece(path, kind) {
    if (pieces.has(path)) { return pieces.get(path); }
    if (network.inFlight++ === 0) { network.since = performance.now(); }
    var settle = function () { if (--network.inFlight === 0) { network.total += performance.now() - network.since; } };
    var promise = fetch(base + path + version).then(function (r) {
      if (!r.ok) { throw new Error(path + ": " + r.status); }
      return kind === "bytes" ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
    });
    promise.then(settle, settle);
    promise.catch(function () { pieces.delete(path); });
    pieces.set(path, promise);
    return promise;
  }
  function networkMs() { return network.total + (network.inFlight ? performance.now() - network.since : 0); }
  function finished(started, waitedBefore) {
    var ms = performance.now() - started;
    root.setAttribute("data-ms", String(Math.round(ms)));
    root.setAttribute("data-work-ms", String(Math.round(ms - (networkMs() - waitedBefore))));
    // Since the page was opened: what a reader arriving with ?q= waits.
    root.setAttribute("data-at", String(Math.round(performance.now())));
  }
  function fileKey(key) {
    var out = "";
    for (var i = 0; i < key.length; i++) {
      var c = key[i];
      out += /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16);
    }
    return out;
  }
  var vocabularyKeys = new Set(manifest.vocabulary);
  // The vocabulary file of a stem: the longest key it starts with (a big
  // letter is split by two, three or four letters).
  function vocabularyKey(s) {
    var chars = Array.from(s);
    for (var n = Math.min(4, chars.length); n >= 1; n--) {
      var key = chars.slice(0, n).join("");
      if (vocabularyKeys.has(key)) { return key; }
    }
    return null;
  }
  var vocabularies = new Map();
  function vocabulary(key) {
    if (vocabularies.has(key)) { return vocabularies.get(key); }
    var promise = fetchPiece("v/" + fileKey(key) + ".json", "json").then(function (flat) {
      var entries = [];
      var byStem = new Map();
      for (var i = 0; i < flat.length; i += 5) {
        var e = { stem: flat[i], display: flat[i + 1] || flat[i], shard: flat[i + 2], offset: flat[i + 3], count: flat[i + 4] };
        entries.push(e);
        byStem.set(e.stem, e);
      }
      return { entries: entries, byStem: byStem };
    });
    vocabularies.set(key, promise);
    return promise;
  }
  // A posting list as pairs (document, weight byte) in one typed array.
  function postings(entry) {
    return fetchPiece("p/" + entry.shard + ".bin", "bytes").then(function (bytes) {
      var out = new Int32Array(entry.count * 2);
      var at = entry.offset;
      var doc = 0;
      for (var i = 0; i < entry.count; i++) {
        var delta = 0;
        var shift = 0;
        var b;
        do { b = bytes[at++]; delta |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
        doc = i === 0 ? delta : doc + delta;
        out[2 * i] = doc;
        out[2 * i + 1] = bytes[at++];
      }
      return out;
    });
  }
  // Scores of the documents a query part finds, in arrays indexed by
  // document (a Map of thousands of entries is the slow part of a first,
  // not yet optimised, query); `ids` lists the documents set, in order.
  function ScoreSet() {
    this.val = new Float64Array(manifest.docs);
    this.has = new Uint8Array(manifest.docs);
    this.ids = [];
  }
  ScoreSet.prototype.get = function (doc) { return this.has[doc] ? this.val[doc] : undefined; };
  ScoreSet.prototype.add = function (doc, s) {
    if (!this.has[doc]) { this.has[doc] = 1; this.ids.push(doc); this.val[doc] = s; } else { this.val[doc] += s; }
  };
  ScoreSet.prototype.max = function (doc, s) {
    if (!this.has[doc]) { this.has[doc] = 1; this.ids.push(doc); this.val[doc] = s; } else if (s > this.val[doc]) { this.val[doc] = s; }
  };
  function docText(id) { return fetchPiece("d/" + id + ".json", "json"); }

  // ---- Typo tolerance: optimal string alignment distance, with a bound.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) { prev.push(j); }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var v = Math.min(prev[k] + 1, row[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) { v = Math.min(v, prev2[k - 2] + 1); }
        row.push(v);
        if (v < best) { best = v; }
      }
      if (best > limit) { return limit + 1; }
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }
  // 1 when `short` is `long` with letters left out.
  function omits(short, long) {
    var i = 0;
    for (var k = 0; k < long.length && i < short.length; k++) { if (long[k] === short[i]) { i++; } }
    return i === short.length && long.length > short.length ? 1 : 0;
  }
  function typoLimit(word) {
    var n = Array.from(word).length;
    return n >= 8 ? 2 : n >= 4 ? 1 : 0;
  }

  // ---- Query → clauses. A clause is one thing the reader asked for: a
  // word, or a phrase that has synonyms. Each clause has alternatives
  // (the words typed, or a synonym's words), each a list of word matchers
  // that must all match; a matcher is a list of candidate stems with a factor.
  var synonyms = (manifest.synonyms || []).map(function (pair) {
    var key = queryTokens(pair[0]).tokens.filter(function (t) { return !t.stop; }).map(function (t) { return t.stem; });
    var phrases = pair[1].map(function (p) {
      return queryTokens(p).tokens.filter(function (t) { return !t.stop; }).map(function (t) { return t.stem; });
    }).filter(function (p) { return p.length > 0; });
    return { key: key, phrases: phrases };
  }).filter(function (s) { return s.key.length > 0; });
  synonyms.sort(function (a, b) { return b.key.length - a.key.length; });

  // Whether two words were typed next to each other (no stop word between).
  function adjacent(tokens, a, b) {
    var i = tokens.indexOf(a);
    return i >= 0 && tokens[i + 1] === b;
  }

  function buildClauses(parsed) {
    var words = parsed.tokens.filter(function (t) { return !t.stop; });
    var clauses = [];
    var i = 0;
    while (i < words.length) {
      var found = null;
      for (var s = 0; s < synonyms.length && !found; s++) {
        var key = synonyms[s].key;
        if (i + key.length > words.length) { continue; }
        var ok = true;
        for (var k = 0; k < key.length; k++) { if (words[i + k].stem !== key[k]) { ok = false; break; } }
        if (ok) { found = synonyms[s]; }
      }
      if (found) {
        var typed = words.slice(i, i + found.key.length);
        var alternatives = [{ factor: 1, words: typed.map(function (w) { return { word: w, exactOnly: false }; }) }];
        found.phrases.forEach(function (p) {
          alternatives.push({ factor: 0.8, words: p.map(function (st) { return { word: { folded: st, stem: st }, exactOnly: true }; }) });
        });
        clauses.push({ alternatives: alternatives, words: typed });
        i += found.key.length;
      } else {
        clauses.push({ alternatives: [{ factor: 1, words: [{ word: words[i], exactOnly: false }] }], words: [words[i]] });
        i += 1;
      }
    }
    // "face lift" is also "facelift", "micro needling" "microneedling": a
    // page with the joined word matches both words (at half weight each).
    for (var c = 0; c + 1 < clauses.length; c++) {
      var a = clauses[c].words;
      var b = clauses[c + 1].words;
      if (a.length !== 1 || b.length !== 1 || !adjacent(parsed.tokens, a[0], b[0])) { continue; }
      var joined = a[0].folded + b[0].folded;
      var alternative = { factor: 0.5, words: [{ word: { folded: joined, stem: stem(joined) }, exactOnly: true }] };
      clauses[c].alternatives.push(alternative);
      clauses[c + 1].alternatives.push(alternative);
    }
    var last = words[words.length - 1];
    if (last && !parsed.trailingSpace) { last.isLast = true; }
    clauses.compare = COMPARE_WORDS.test(parsed.text);
    return clauses;
  }

  // The posting shard that holds a stem if it is in the index: shards hold
  // runs of stems in order, and the manifest lists the first of each. The
  // shard is fetched beside the vocabulary file, not after it; the entry in
  // the vocabulary stays the authority on where the postings are.
  var shardStarts = manifest.shards || [];
  function likelyShard(stem) {
    var lo = 0;
    var hi = shardStarts.length - 1;
    if (hi < 0 || stem < shardStarts[0]) { return -1; }
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (shardStarts[mid] <= stem) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }
  // Candidates of one word: its stem (factor 1), stems it begins (while
  // typing the last word), and near spellings when the stem is unknown.
  function candidates(matcher) {
    var w = matcher.word;
    var key = vocabularyKey(w.stem);
    if (!key) { return Promise.resolve({ list: [], typo: false }); }
    var shard = likelyShard(w.stem);
    if (shard >= 0) { fetchPiece("p/" + shard + ".bin", "bytes").catch(function () {}); }
    return vocabulary(key).then(function (v) {
      var list = [];
      var exact = v.byStem.get(w.stem);
      if (exact) { list.push({ entry: exact, factor: 1 }); }
      if (matcher.exactOnly) { return { list: list, typo: false }; }
      if (w.isLast && w.folded.length >= 3) {
        var prefixed = v.entries.filter(function (e) { return e !== exact && e.stem.indexOf(w.folded) === 0; });
        prefixed.sort(function (a, b) { return b.count - a.count; });
        prefixed.slice(0, 6).forEach(function (e) { list.push({ entry: e, factor: 0.7 }); });
      }
      var typo = false;
      var limit = typoLimit(w.folded);
      if (!exact && limit > 0) {
        var near = [];
        v.entries.forEach(function (e) {
          if (e.stem[0] !== w.stem[0]) { return; }
          var d = distance(w.stem, e.stem, limit);
          if (d <= limit) { near.push({ entry: e, d: d }); }
        });
        // Nearest first; among equals, words the typed one is a shortened
        // form of ("botx" in "botox": letters left out are the commonest
        // slip on a phone), then the commoner word.
        near.sort(function (a, b) {
          return a.d - b.d || omits(w.stem, b.entry.stem) - omits(w.stem, a.entry.stem) || b.entry.count - a.entry.count;
        });
        // Every spelling at the nearest distance (a rare word among common
        // ones is often the one meant), and a few at the next.
        var nearest = near.length ? near[0].d : 0;
        near = near.filter(function (n, i) { return n.d === nearest ? i < 12 : i < 4; });
        near.forEach(function (n, i) {
          if (list.some(function (c) { return c.entry === n.entry; })) { return; }
          var factor = (n.d === 1 ? 0.6 : 0.4) * (i === 0 ? 1 : 0.75);
          list.push({ entry: n.entry, factor: factor, typo: true });
          typo = true;
        });
      }
      return { list: list, typo: typo };
    });
  }

  // Scores of every document a matcher finds: doc → best weight × factor.
  function matcherScores(matcher) {
    return candidates(matcher).then(function (found) {
      matcher.found = found.list;
      matcher.typo = found.typo;
      return Promise.all(found.list.map(function (c) { return postings(c.entry); })).then(function (lists) {
        var scores = new ScoreSet();
        lists.forEach(function (p, n) {
          var factor = found.list[n].factor;
          for (var i = 0; i < p.length; i += 2) { scores.max(p[i], WEIGHTS[p[i + 1]] * factor); }
        });
        return scores;
      });
    });
  }

  function rank(clauses) {
    // Each matcher once: a joined-word alternative is shared by two clauses.
    var matchers = new Set();
    clauses.forEach(function (c) {
      c.alternatives.forEach(function (a) { a.words.forEach(function (m) { matchers.add(m); }); });
    });
    var jobs = Array.from(matchers).map(function (m) { return matcherScores(m).then(function (s) { m.scores = s; }); });
    return Promise.all(jobs).then(function () {
      var docs = { score: new ScoreSet(), covered: new Float64Array(manifest.docs) };
      var totalIdf = 0;
      clauses.forEach(function (c) {
        // A page that says the thing in several of the ways asked (the words
        // typed and a synonym) is a better match than one that says it once.
        var best = new ScoreSet();
        var others = new ScoreSet();
        c.alternatives.forEach(function (a) {
          var first = a.words[0].scores;
          for (var i = 0; i < first.ids.length; i++) {
            var doc = first.ids[i];
            var total = first.val[doc];
            var k = 1;
            for (; k < a.words.length; k++) {
              var s = a.words[k].scores.get(doc);
              if (s === undefined) { break; }
              total += s;
            }
            if (k < a.words.length) { continue; }
            total *= a.factor;
            var had = best.get(doc);
            if (had === undefined || total > had) {
              if (had !== undefined) { others.add(doc, had); }
              best.max(doc, total);
            } else {
              others.add(doc, total);
            }
          }
        });
        var idf = clauseIdf(c);
        for (var i = 0; i < best.ids.length; i++) {
          var doc = best.ids[i];
          docs.score.add(doc, best.val[doc] + 0.3 * (others.get(doc) || 0));
          docs.covered[doc] += idf;
        }
        totalIdf += idf;
      });
      // A page that lacks a word asked for falls behind by how telling the
      // word is: missing "treatment" (on every page) costs little, missing
      // "melasma" a lot.
      var hits = docs.score.ids.map(function (doc) {
        var coverage = totalIdf > 0 ? docs.covered[doc] / totalIdf : 1;
        return { id: doc, score: docs.score.val[doc] * coverage * coverage };
      });
      // A query that asks for a comparison ("peel vs laser") wants one: the
      // pages comparing what it names come before the pages about each.
      if (clauses.compare) {
        hits.forEach(function (h) { var k = kindOf(h.id); if (k && k.key === "compare") { h.score *= 4; } });
      }
      return hits;
    });
  }
  // How telling a clause is: the rarest of the words it found, as BM25's idf.
  function clauseIdf(c) {
    var best = 0;
    c.alternatives.forEach(function (a) {
      a.words.forEach(function (m) {
        (m.found || []).forEach(function (f) {
          var df = f.entry.count;
          var idf = Math.log(1 + (manifest.docs - df + 0.5) / (df + 0.5));
          if (idf > best) { best = idf; }
        });
      });
    });
    return best;
  }
  function kindOf(doc) {
    for (var i = 0; i < manifest.kinds.length; i++) {
      var k = manifest.kinds[i];
      if (doc >= k.first && doc < k.first + k.count) { return k; }
    }
    return null;
  }

  // ---- Facets: one bitmap per value, fetched when filters are used.
  var facetState = { bitmaps: null, chosen: new Map() };
  function loadFacets() {
    if (facetState.bitmaps || !manifest.facets.length) { return Promise.resolve(facetState.bitmaps); }
    return fetchPiece("facets.bin", "bytes").then(function (bytes) { facetState.bitmaps = bytes; return bytes; });
  }
  function hasValue(row, doc) {
    var width = Math.ceil(manifest.docs / 8);
    return (facetState.bitmaps[row * width + (doc >> 3)] >> (doc & 7)) & 1;
  }
  function facetRows() {
    var rows = [];
    var at = 0;
    manifest.facets.forEach(function (f, fi) {
      f.values.forEach(function (v, vi) { rows.push({ facet: fi, value: vi, row: at + vi, label: v }); });
      at += f.values.length;
    });
    return rows;
  }
  function passesFilters(doc) {
    if (!facetState.bitmaps) { return true; }
    var ok = true;
    facetState.chosen.forEach(function (rowsChosen) {
      if (!ok || rowsChosen.size === 0) { return; }
      var any = false;
      rowsChosen.forEach(function (row) { if (hasValue(row, doc)) { any = true; } });
      if (!any) { ok = false; }
    });
    return ok;
  }

  // ---- Showing results.
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined) { n.textContent = text; }
    return n;
  }
  // Appends `text` to `node`, marking the words whose stems are wanted.
  function marked(node, text, wanted) {
    var at = 0;
    var match;
    RAW_TOKEN.lastIndex = 0;
    while ((match = RAW_TOKEN.exec(text)) !== null) {
      if (wanted.has(stem(fold(match[0])))) {
        if (match.index > at) { node.appendChild(document.createTextNode(text.slice(at, match.index))); }
        node.appendChild(el("mark", null, match[0]));
        at = match.index + match[0].length;
      }
    }
    if (at < text.length) { node.appendChild(document.createTextNode(text.slice(at))); }
  }
  function stemsOf(text) {
    var out = [];
    var folded = fold(text);
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(folded)) !== null) {
      if (!stopWords.has(match[0])) { out.push(stem(match[0])); }
    }
    return out;
  }
  function containsRun(haystack, needle) {
    outer: for (var i = 0; i + needle.length <= haystack.length; i++) {
      for (var k = 0; k < needle.length; k++) { if (haystack[i + k] !== needle[k]) { continue outer; } }
      return true;
    }
    return false;
  }
  // The best window of a section: most distinct wanted words, then most hits.
  var WINDOW = 30;
  function bestSnippet(doc, wanted) {
    var best = null;
    doc.s.forEach(function (section) {
      var text = section[2];
      var tokens = [];
      var match;
      RAW_TOKEN.lastIndex = 0;
      while ((match = RAW_TOKEN.exec(text)) !== null) {
        var st = stem(fold(match[0]));
        tokens.push({ start: match.index, end: match.index + match[0].length, hit: wanted.has(st) ? st : null });
      }
      for (var i = 0; i < tokens.length; i++) {
        if (!tokens[i].hit) { continue; }
        var from = Math.max(0, i - 8);
        var to = Math.min(tokens.length, from + WINDOW);
        var distinct = new Set();
        var hits = 0;
        for (var k = from; k < to; k++) { if (tokens[k].hit) { distinct.add(wanted.get(tokens[k].hit)); hits++; } }
        var score = distinct.size * 100 + hits;
        if (!best || score > best.score) {
          best = { score: score, section: section, start: tokens[from].start, end: tokens[to - 1].end, cutStart: from > 0, cutEnd: to < tokens.length };
        }
      }
    });
    return best;
  }

  // Every stem the query found → the clause it answers (a Map, used as a
  // set for highlighting; snippets prefer windows answering more clauses).
  function wantedStems(clauses) {
    var wanted = new Map();
    clauses.forEach(function (c, ci) {
      c.alternatives.forEach(function (a) {
        a.words.forEach(function (m) { (m.found || []).forEach(function (f) { if (!wanted.has(f.entry.stem)) { wanted.set(f.entry.stem, ci); } }); });
      });
    });
    return wanted;
  }

  // What only a page's text can tell, for the results about to be shown:
  // the query's words as a phrase (×2 in the title or a name, ×1.2 in the
  // text), all of them in the title (×1.5), a title or name that is nothing
  // but words asked for ("Dermis" for "what is the dermis": ×1.5), and a
  // (A comparison asked for, "peel vs laser", is lifted in `rank`.)
  function closeness(doc, clauses, wanted, query) {
    var boost = 1;
    var words = [];
    clauses.forEach(function (c) { c.words.forEach(function (w) { words.push(w.stem); }); });
    var names = [doc.t].concat(doc.n || []).map(stemsOf);
    if (names.some(function (n) { return n.length && n.every(function (st) { return wanted.has(st); }); })) { boost *= 1.5; }
    if (words.length < 2) { return boost; }
    var title = [];
    names.forEach(function (n) { title = title.concat(n, ["|"]); });
    if (containsRun(title, words)) { return boost * 2; }
    if (words.every(function (w) { return title.indexOf(w) >= 0; })) { return boost * 1.5; }
    for (var i = 0; i < doc.s.length; i++) {
      if (containsRun(stemsOf(doc.s[i][0] + " | " + doc.s[i][2]), words)) { return boost * 1.2; }
    }
    return boost;
  }

  function resultItem(hit, doc, wanted) {
    var item = el("li", "search-result");
    var kind = manifest.kinds[doc.k];
    item.appendChild(el("p", "search-kind", kind ? kind.label : ""));
    var heading = el("h2", "search-title");
    var link = el("a");
    link.href = doc.u;
    marked(link, doc.t, wanted);
    heading.appendChild(link);
    item.appendChild(heading);
    var names = (doc.n || []).filter(function (n) { return stemsOf(n).some(function (s) { return wanted.has(s); }); });
    if (names.length) {
      var aka = el("p", "search-names", "Also known as: ");
      marked(aka, names.join(", "), wanted);
      item.appendChild(aka);
    }
    var snippet = bestSnippet(doc, wanted);
    var p = el("p", "search-snippet");
    if (snippet) {
      var text = snippet.section[2];
      marked(p, (snippet.cutStart ? "… " : "") + text.slice(snippet.start, snippet.end) + (snippet.cutEnd ? " …" : ""), wanted);
    } else {
      marked(p, doc.d, wanted);
    }
    if (p.firstChild) { item.appendChild(p); }
    if (snippet && snippet.section[0]) {
      var where = el("p", "search-section", "Section: ");
      var sectionLink = el("a", null, snippet.section[0]);
      sectionLink.href = doc.u + "#" + snippet.section[1];
      where.appendChild(sectionLink);
      item.appendChild(where);
    }
    hit.item = item;
    return item;
  }

  // ---- One search at a time; a newer one makes older ones stale.
  var current = { serial: 0, hits: [], shown: 0, clauses: null, wanted: null };
  var serial = 0;

  function quoted(q) { return "\u201c" + q.trim() + "\u201d"; }

  function setState(state, q) {
    root.setAttribute("data-state", state);
    root.setAttribute("data-query", q);
  }

  function run(query) {
    var mine = ++serial;
    var started = performance.now();
    var waitedBefore = networkMs();
    var parsed = queryTokens(query);
    var clauses = buildClauses(parsed);
    if (!query.trim()) {
      clear(list);
      status.textContent = status.getAttribute("data-hint") || "";
      if (azList) { azList.hidden = false; }
      moreWrap.hidden = true;
      filters.hidden = true;
      setState("idle", query);
      return Promise.resolve();
    }
    setState("searching", query);
    if (!clauses.length) {
      return Promise.resolve(showNone(query, [], mine, started, waitedBefore));
    }
    status.textContent = "Searching…";
    return rank(clauses).then(function (hits) {
      if (mine !== serial) { return null; }
      hits = hits.filter(function (h) { return passesFilters(h.id); });
      hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
      if (!hits.length) { return suggestions(clauses).then(function (s) { return showNone(query, s, mine, started, waitedBefore); }); }
      var top = hits.slice(0, PAGE);
      return Promise.all(top.map(function (h) { return docText(h.id).catch(function () { return null; }); })).then(function (texts) {
        if (mine !== serial) { return null; }
        var wanted = wantedStems(clauses);
        top.forEach(function (h, i) { h.doc = texts[i]; if (h.doc) { h.score *= closeness(h.doc, clauses, wanted, query); } });
        top.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        hits.splice.apply(hits, [0, top.length].concat(top));
        current = { serial: mine, hits: hits, shown: 0, clauses: clauses, wanted: wanted };
        clear(list);
        showMore(top);
        var typos = [];
        clauses.forEach(function (c) {
          c.alternatives[0].words.forEach(function (m) {
            if (m.typo) { m.found.filter(function (f) { return f.typo; }).slice(0, 1).forEach(function (f) { typos.push(f.entry.display); }); }
          });
        });
        var count = hits.length === 1 ? "1 result" : hits.length + " results";
        status.textContent = count + " for " + quoted(query) + (typos.length ? " (including " + typos.join(", ") + ")" : "") + ".";
        if (azList) { azList.hidden = true; }
        filters.hidden = !manifest.facets.length;
        if (!filters.hidden && filters.open) { renderFacets(hits); }
        finished(started, waitedBefore);
        setState("done", query);
        return null;
      });
    }).catch(function () {
      if (mine !== serial) { return; }
      status.textContent = "The search index could not be loaded. Try again, or browse the A–Z list below.";
      if (azList) { azList.hidden = false; }
      setState("error", query);
    });
  }

  function showMore(already) {
    var slice = current.hits.slice(current.shown, current.shown + PAGE);
    var ready = already ? Promise.resolve() : Promise.all(slice.map(function (h) {
      return docText(h.id).then(function (d) { h.doc = d; }).catch(function () { h.doc = null; });
    }));
    return ready.then(function () {
      slice.forEach(function (h) {
        if (h.doc) { list.appendChild(resultItem(h, h.doc, current.wanted)); }
      });
      current.shown += slice.length;
      moreWrap.hidden = current.shown >= current.hits.length;
    });
  }

  // Closest known words to each word the index lacks.
  function suggestions(clauses) {
    var words = [];
    clauses.forEach(function (c) { c.words.forEach(function (w) { words.push(w); }); });
    return Promise.all(words.map(function (w) {
      var key = vocabularyKey(w.stem);
      if (!key) { return []; }
      return vocabulary(key).then(function (v) {
        if (v.byStem.has(w.stem)) { return []; }
        var near = [];
        var limit = typoLimit(w.folded) + 1;
        v.entries.forEach(function (e) {
          var d = distance(w.stem, e.stem, limit);
          if (d <= limit) { near.push({ e: e, d: d }); }
        });
        near.sort(function (a, b) { return a.d - b.d || b.e.count - a.e.count; });
        return near.slice(0, 3).map(function (n) { return n.e.display; });
      }).catch(function () { return []; });
    })).then(function (lists) {
      var seen = new Set();
      var out = [];
      lists.forEach(function (l) { l.forEach(function (s) { if (!seen.has(s)) { seen.add(s); out.push(s); } }); });
      return out.slice(0, 5);
    });
  }

  function showNone(query, suggested, mine, started, waitedBefore) {
    if (mine !== serial) { return null; }
    clear(list);
    moreWrap.hidden = true;
    filters.hidden = facetState.chosen.size === 0;
    status.textContent = "No results for " + quoted(query) + "." + (suggested.length ? " Try one of the suggestions below." : "");
    var item = el("li", "search-none");
    if (suggested.length) {
      var p = el("p", null, "Did you mean: ");
      suggested.forEach(function (s, i) {
        var a = el("a", null, s);
        a.href = addressFor(s);
        a.addEventListener("click", function (event) { event.preventDefault(); input.value = s; submit(); });
        p.appendChild(a);
        p.appendChild(document.createTextNode(i + 1 < suggested.length ? ", " : "?"));
      });
      item.appendChild(p);
    }
    var browse = el("p", null, "Or browse ");
    var az = el("a", null, "every page from A to Z");
    az.href = "#a-z";
    browse.appendChild(az);
    browse.appendChild(document.createTextNode("."));
    item.appendChild(browse);
    list.appendChild(item);
    if (azList) { azList.hidden = false; }
    finished(started, waitedBefore);
    setState("done", query);
    return null;
  }

  function renderFacets(hits) {
    loadFacets().then(function () {
      clear(facetBox);
      var rows = facetRows();
      manifest.facets.forEach(function (f, fi) {
        var group = el("fieldset", "search-facet");
        group.appendChild(el("legend", null, f.label));
        var any = false;
        rows.filter(function (r) { return r.facet === fi; }).forEach(function (r) {
          var count = 0;
          hits.forEach(function (h) { if (hasValue(r.row, h.id)) { count++; } });
          var chosen = facetState.chosen.has(fi) && facetState.chosen.get(fi).has(r.row);
          if (!count && !chosen) { return; }
          any = true;
          var label = el("label");
          var box = el("input");
          box.type = "checkbox";
          box.checked = chosen;
          box.addEventListener("change", function () {
            if (!facetState.chosen.has(fi)) { facetState.chosen.set(fi, new Set()); }
            var set = facetState.chosen.get(fi);
            if (box.checked) { set.add(r.row); } else { set.delete(r.row); }
            if (!set.size) { facetState.chosen.delete(fi); }
            run(input.value);
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + r.label + " (" + count + ")"));
          group.appendChild(label);
        });
        if (any) { facetBox.appendChild(group); }
      });
    });
  }
  filters.addEventListener("toggle", function () {
    if (filters.open && current.hits.length) { renderFacets(current.hits); }
  });
  moreButton.addEventListener("click", function () { showMore(null); });

  // ---- The query lives in the address (?q=), so a search can be shared,
  // reloaded and gone back to. A submitted query keeps its history entry;
  // the first keystroke after it adds an entry, later ones update it.
  function queryFromAddress() { return new URLSearchParams(window.location.search).get("q") || ""; }
  function addressFor(query) {
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    url.hash = "";
    return url.pathname + url.search;
  }
  var settled = true;
  function remember(push) {
    if (input.value === queryFromAddress()) { return; }
    var url = addressFor(input.value);
    if (push) { window.history.pushState({ q: input.value }, "", url); } else { window.history.replaceState({ q: input.value }, "", url); }
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(settled); settled = false; run(input.value); }, 80);
  });
  function submit() {
    clearTimeout(timer);
    remember(settled);
    settled = true;
    run(input.value);
  }
  input.form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  window.addEventListener("popstate", function () {
    clearTimeout(timer);
    input.value = queryFromAddress();
    settled = true;
    run(input.value);
  });
  input.value = queryFromAddress();
  run(input.value);
})();
