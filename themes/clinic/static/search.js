// dermis search: loads /search-index.json once and searches it in the
// browser. Title matches rank first, then headings, description, facts and
// the start of the body. No network beyond the site itself.
(function () {
  "use strict";
  var input = document.getElementById("dermis-q");
  var list = document.getElementById("dermis-results");
  var status = document.getElementById("dermis-search-status");
  if (!input || !list || !status) { return; }
  var index = null;

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function scoreField(text, word, weight) {
    var t = (text || "").toLowerCase();
    var at = t.indexOf(word);
    if (at < 0) { return 0; }
    var startsWord = at === 0 || /[^\p{L}\p{N}]/u.test(t.charAt(at - 1));
    return startsWord ? weight * 2 : weight;
  }

  function score(entry, queryWords) {
    var total = 0;
    for (var i = 0; i < queryWords.length; i++) {
      var w = queryWords[i];
      var s = scoreField(entry.t, w, 100) + scoreField((entry.h || []).join(" "), w, 20) +
        scoreField(entry.d, w, 10) + scoreField(entry.f, w, 8) + scoreField(entry.b, w, 3);
      if (s === 0) { return 0; }
      total += s;
    }
    return total;
  }

  function render(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var q = words(query);
    if (!q.length) { status.textContent = status.getAttribute("data-hint") || ""; return; }
    var hits = index.map(function (e) { return { e: e, s: score(e, q) }; })
      .filter(function (h) { return h.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.e.t.localeCompare(b.e.t); });
    status.textContent = hits.length === 1 ? "1 result." : hits.length + " results.";
    hits.slice(0, 30).forEach(function (h) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = h.e.u;
      link.textContent = h.e.t;
      item.appendChild(link);
      if (h.e.d) {
        var p = document.createElement("p");
        p.textContent = h.e.d;
        item.appendChild(p);
      }
      list.appendChild(item);
    });
  }

  var timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { if (index) { render(input.value); } }, 60);
  }

  // The query lives in the address (?q=), so a search can be shared,
  // reloaded and gone back to. The query a reader arrived with or submitted
  // keeps its history entry: the first keystroke after it adds an entry,
  // later keystrokes update that one, so Back restores the earlier query.
  function queryFromAddress() {
    return new URLSearchParams(window.location.search).get("q") || "";
  }

  function addressFor(query) {
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    return url.pathname + url.search + url.hash;
  }

  function remember(push) {
    if (!window.history || !window.history.replaceState) { return; }
    if (input.value === queryFromAddress()) { return; }
    var url = addressFor(input.value);
    if (push) { window.history.pushState({ q: input.value }, "", url); } else { window.history.replaceState({ q: input.value }, "", url); }
  }

  var timer = null;
  var settled = true;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(settled);
      settled = false;
      if (index) { render(input.value); }
    }, 60);
  }

  input.value = queryFromAddress();
  status.textContent = "Loading the search index…";
  fetch(input.getAttribute("data-index"))
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      index = data;
      render(input.value);
    })
    .catch(function () { status.textContent = "The search index could not be loaded."; });
  input.addEventListener("input", schedule);
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(settled);
    settled = true;
    if (index) { render(input.value); }
  });
  window.addEventListener("popstate", function () {
    clearTimeout(timer);
    input.value = queryFromAddress();
    settled = true;
    if (index) { render(input.value); }
  });
})();
