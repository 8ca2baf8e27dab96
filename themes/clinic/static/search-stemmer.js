/* dermis search: the Snowball English (Porter2) stemmer, in the browser.
 *
 * The search index is stemmed at build time by the Rust crate rust-stemmers
 * 1.2, so a query must be stemmed here with exactly the same result. That
 * crate compiles the Snowball english.sbl of 2006-2019 (special prefixes
 * gener, commun, arsen only; exception2 after Step 1a); this file follows the
 * same version, not later Snowball revisions. Plain ES5, no dependencies.
 *
 * stem(word): word is one lower-case token; returns its stem.
 */
(function (root) {
  "use strict";

  // Whole words with a fixed stem, checked before anything else.
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli",
    singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  // Whole words (after Step 1a) that take no further steps.
  var AFTER_1A = {
    inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1,
    exceed: 1, succeed: 1
  };
  // Step 2 and Step 3 suffixes, longest first, with their replacements.
  // "?" marks a suffix whose condition is handled in the step itself.
  var STEP2 = [
    ["ational", "ate"], ["ization", "ize"], ["fulness", "ful"],
    ["ousness", "ous"], ["iveness", "ive"], ["tional", "tion"],
    ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"],
    ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"],
    ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"],
    ["ogi", "?"], ["li", "?"]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"],
    ["iciti", "ic"], ["ative", "?"], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  // Step 4 suffixes, longest first ("ion" is handled in the step).
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent",
    "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }
  // a e i o u y; the marker Y (a consonant y) is not a vowel.
  function isVowel(c) {
    return c.length === 1 && "aeiouy".indexOf(c) >= 0;
  }
  function endsWith(s, suffix) {
    return s.length >= suffix.length &&
      s.slice(s.length - suffix.length) === suffix;
  }
  // The first entry of a longest-first table that s ends with, or null.
  function longest(s, table) {
    for (var i = 0; i < table.length; i++) {
      var suffix = typeof table[i] === "string" ? table[i] : table[i][0];
      if (endsWith(s, suffix)) return table[i];
    }
    return null;
  }
  // Index just past the first non-vowel that follows a vowel, looking from
  // `from`; s.length when there is none (an empty region).
  function regionStart(s, from) {
    var i = from;
    while (i < s.length && !isVowel(s.charAt(i))) i++;
    while (i < s.length && isVowel(s.charAt(i))) i++;
    return i < s.length ? i + 1 : s.length;
  }
  // Does s.slice(0, end) end in a short syllable? Either non-vowel, vowel,
  // non-vowel other than w, x or Y; or vowel, non-vowel at the word's start.
  function shortSyllable(s, end) {
    var last = s.charAt(end - 1);
    if (end < 2 || isVowel(last) || !isVowel(s.charAt(end - 2))) return false;
    if (end === 2) return true;
    return "wxY".indexOf(last) < 0 && !isVowel(s.charAt(end - 3));
  }
  function hasVowel(s, end) {
    for (var i = 0; i < end; i++) if (isVowel(s.charAt(i))) return true;
    return false;
  }

  function stem(word) {
    var w = String(word);
    if (has(EXCEPTIONS, w)) return EXCEPTIONS[w];
    // Count characters as Rust does: each astral character (two UTF-16
    // units) stands in as one private-use character until the end. Stems
    // only ever lose ASCII letters, so they come back in order.
    var astral = [];
    w = w.replace(/[\ud800-\udbff][\udc00-\udfff]|\ue000/g, function (c) {
      astral.push(c);
      return "\ue000";
    });
    if (w.length < 3 || /^[0-9]+$/.test(w)) return String(word);

    // Prelude: drop a leading apostrophe; mark a y that starts the word or
    // follows a vowel as the consonant Y.
    var yFound = false, i;
    if (w.charAt(0) === "'") w = w.slice(1);
    for (i = 0; i < w.length; i++) {
      if (w.charAt(i) === "y" && (i === 0 || isVowel(w.charAt(i - 1)))) {
        w = w.slice(0, i) + "Y" + w.slice(i + 1);
        yFound = true;
      }
    }

    // Regions: R1 starts after the first vowel-then-non-vowel (or after the
    // prefix gener, commun or arsen); R2 is the same again inside R1.
    var p1 = w.length, p2 = w.length;
    var prefix = /^(gener|commun|arsen)/.exec(w);
    if (prefix) {
      p1 = prefix[0].length;
      p2 = regionStart(w, p1);
    } else {
      p1 = regionStart(w, 0);
      if (p1 < w.length) p2 = regionStart(w, p1);
    }
    function inR1(pos) { return p1 <= pos; }
    function inR2(pos) { return p2 <= pos; }

    var n, entry, base;
    // Step 1a: possessives ' 's 's' go; then plurals.
    if (endsWith(w, "'s'")) w = w.slice(0, -3);
    else if (endsWith(w, "'s")) w = w.slice(0, -2);
    else if (endsWith(w, "'")) w = w.slice(0, -1);
    n = w.length;
    if (endsWith(w, "sses")) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "ied") || endsWith(w, "ies")) {
      // ties -> tie, cries -> cri
      w = w.slice(0, -3) + (n > 4 ? "i" : "ie");
    } else if (endsWith(w, "ss") || endsWith(w, "us")) {
      // kept
    } else if (endsWith(w, "s") && hasVowel(w, n - 2)) {
      // gaps -> gap, but gas and this keep their s
      w = w.slice(0, -1);
    }

    if (!has(AFTER_1A, w)) {
      // Step 1b: eed eedly ed edly ing ingly.
      entry = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
      if (entry === "eedly" || entry === "eed") {
        if (inR1(w.length - entry.length)) {
          w = w.slice(0, w.length - entry.length) + "ee";
        }
      } else if (entry && hasVowel(w, w.length - entry.length)) {
        w = w.slice(0, w.length - entry.length);
        n = w.length;
        if (longest(w, ["at", "bl", "iz"])) {
          w += "e"; // luxuriat -> luxuriate
        } else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) {
          w = w.slice(0, -1); // hopp -> hop
        } else if (n === p1 && shortSyllable(w, n)) {
          w += "e"; // a short word: hop -> hope
        }
      }

      // Step 1c: a final y or Y after a non-vowel (not the first letter)
      // becomes i.
      n = w.length;
      if (n > 2 && /[yY]/.test(w.charAt(n - 1)) && !isVowel(w.charAt(n - 2))) {
        w = w.slice(0, -1) + "i";
      }

      // Step 2: the longest suffix, if it is in R1.
      entry = longest(w, STEP2);
      if (entry && inR1(w.length - entry[0].length)) {
        base = w.slice(0, w.length - entry[0].length);
        if (entry[0] === "ogi") {
          if (endsWith(base, "l")) w = base + "og";
        } else if (entry[0] === "li") {
          if (/[cdeghkmnrt]$/.test(base)) w = base;
        } else {
          w = base + entry[1];
        }
      }

      // Step 3: the longest suffix, if it is in R1 (ative: in R2).
      entry = longest(w, STEP3);
      if (entry && inR1(w.length - entry[0].length)) {
        base = w.slice(0, w.length - entry[0].length);
        if (entry[1] !== "?") w = base + entry[1];
        else if (inR2(base.length)) w = base;
      }

      // Step 4: the longest suffix is deleted if it is in R2 (ion: only
      // after s or t).
      entry = longest(w, STEP4);
      if (entry && inR2(w.length - entry.length)) {
        base = w.slice(0, w.length - entry.length);
        if (entry !== "ion" || /[st]$/.test(base)) w = base;
      }

      // Step 5: a final e goes if in R2, or in R1 after no short syllable;
      // a final l goes if in R2 after another l.
      n = w.length;
      if (endsWith(w, "e")) {
        if (inR2(n - 1) || (inR1(n - 1) && !shortSyllable(w, n - 1))) {
          w = w.slice(0, -1);
        }
      } else if (endsWith(w, "ll") && inR2(n - 1)) {
        w = w.slice(0, -1);
      }
    }

    // Postlude: the marker Y is y again; astral characters come back.
    if (yFound) w = w.replace(/Y/g, "y");
    return w.replace(/\ue000/g, function () { return astral.shift(); });
  }

  var api = { stem: stem };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.DermisStemmer = api;
  }
})(typeof window !== "undefined" ? window : this);
