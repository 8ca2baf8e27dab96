/* dermis search: the Snowball English (Porter2) stemmer. The index is
 * stemmed by the Rust crate rust-stemmers 1.2, so queries must be stemmed
 * exactly alike: this follows the english.sbl that crate compiles (prefixes
 * gener, commun, arsen only), not later Snowball revisions. ES5.
 * stem(word): word is one lower-case token; returns its stem. */
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
  // Suffixes of Steps 1b to 4 and their replacements ("?": see the step).
  var STEP1B = { eedly: 1, ingly: 1, edly: 1, eed: 1, ing: 1, ed: 1 };
  var STEP2 = {
    ational: "ate", ization: "ize", fulness: "ful", ousness: "ous",
    iveness: "ive", tional: "tion", biliti: "ble", lessli: "less",
    entli: "ent", ation: "ate", alism: "al", aliti: "al", ousli: "ous",
    iviti: "ive", fulli: "ful", enci: "ence", anci: "ance", abli: "able",
    izer: "ize", ator: "ate", alli: "al", bli: "ble", ogi: "?", li: "?"
  };
  var STEP3 = {
    ational: "ate", tional: "tion", alize: "al", icate: "ic", iciti: "ic",
    ative: "?", ical: "ic", ness: "", ful: ""
  };
  var STEP4 = {
    ement: 1, ance: 1, ence: 1, able: 1, ible: 1, ment: 1, ant: 1, ent: 1,
    ism: 1, ate: 1, iti: 1, ous: 1, ive: 1, ize: 1, ion: 1, al: 1, er: 1, ic: 1
  };

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
  // The longest suffix of s that is a key of table, or null.
  function longest(s, table) {
    for (var k = Math.min(s.length, 7); k > 0; k--) {
      if (has(table, s.slice(s.length - k))) return s.slice(s.length - k);
    }
    return null;
  }
  // Index past the first non-vowel after a vowel, from `from` (or s.length).
  function regionStart(s, from) {
    var i = from;
    while (i < s.length && !isVowel(s.charAt(i))) i++;
    while (i < s.length && isVowel(s.charAt(i))) i++;
    return i < s.length ? i + 1 : s.length;
  }
  // Does s.slice(0, end) end in a short syllable: non-vowel, vowel, non-vowel
  // but w, x, Y; or vowel, non-vowel at the start?
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
    // Count characters as Rust does: an astral character (two UTF-16 units)
    // is one private-use stand-in until the end (only ASCII is ever removed).
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
      entry = longest(w, STEP1B);
      if (entry === "eedly" || entry === "eed") {
        if (inR1(w.length - entry.length)) {
          w = w.slice(0, w.length - entry.length) + "ee";
        }
      } else if (entry && hasVowel(w, w.length - entry.length)) {
        w = w.slice(0, w.length - entry.length);
        n = w.length;
        if (/(at|bl|iz)$/.test(w)) {
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
      if (entry && inR1(w.length - entry.length)) {
        base = w.slice(0, w.length - entry.length);
        if (entry === "ogi") {
          if (endsWith(base, "l")) w = base + "og";
        } else if (entry === "li") {
          if (/[cdeghkmnrt]$/.test(base)) w = base;
        } else {
          w = base + STEP2[entry];
        }
      }

      // Step 3: the longest suffix, if it is in R1 (ative: in R2).
      entry = longest(w, STEP3);
      if (entry && inR1(w.length - entry.length)) {
        base = w.slice(0, w.length - entry.length);
        if (STEP3[entry] !== "?") w = base + STEP3[entry];
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
