// dermis glossary tooltips, loaded by pages whose text links glossary terms.
// Glossary tooltips: kept beside their term and inside the viewport, opened
// above the term when there is no room below, closed by Esc (WCAG 1.4.13),
// and on touch screens the first tap shows the definition with a link to
// the entry instead of leaving the page. Without script the CSS tooltip and
// the link still work.
(function () {
  "use strict";
  var MARGIN = 8;
  var lastPointer = "mouse";

  function tipOf(gloss) { return gloss.querySelector(".gloss-tip"); }

  function place(gloss) {
    var tip = tipOf(gloss), term = gloss.querySelector(".gloss-term");
    var holder = tip && tip.offsetParent;
    if (!term || !holder) { return; }
    tip.style.left = ""; tip.style.top = "";
    var box = holder.getBoundingClientRect();
    var t = term.getBoundingClientRect();
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var viewport = document.documentElement.clientWidth;
    var left = Math.min(t.left, viewport - MARGIN - width);
    left = Math.max(left, MARGIN, box.left);
    var top = t.bottom + 4;
    if (top + height > window.innerHeight - MARGIN && t.top - 4 - height >= MARGIN) { top = t.top - 4 - height; }
    tip.style.left = (left - box.left) + "px";
    tip.style.top = (top - box.top) + "px";
  }

  function closeAll(except) {
    Array.prototype.forEach.call(document.querySelectorAll(".gloss.gloss-open"), function (g) {
      if (g !== except) { g.classList.remove("gloss-open"); }
    });
  }

  function open(gloss) {
    gloss.classList.remove("gloss-closed");
    place(gloss);
  }

  function withLink(gloss) {
    var tip = tipOf(gloss), term = gloss.querySelector(".gloss-term");
    if (!tip || !term || tip.querySelector("a")) { return; }
    var link = document.createElement("a");
    link.href = term.getAttribute("href");
    link.textContent = "Read the glossary entry";
    tip.appendChild(link);
  }

  function enhance() {
    document.addEventListener("pointerdown", function (e) {
      lastPointer = e.pointerType || "mouse";
      var gloss = e.target.closest && e.target.closest(".gloss");
      closeAll(gloss);
    }, true);
    Array.prototype.forEach.call(document.querySelectorAll(".gloss"), function (gloss) {
      var term = gloss.querySelector(".gloss-term");
      if (!term || !tipOf(gloss)) { return; }
      gloss.addEventListener("mouseenter", function () { open(gloss); });
      gloss.addEventListener("mouseleave", function () { gloss.classList.remove("gloss-closed"); });
      gloss.addEventListener("focusin", function () { open(gloss); });
      gloss.addEventListener("focusout", function () { gloss.classList.remove("gloss-closed"); });
      term.addEventListener("click", function (e) {
        if (lastPointer !== "touch" || gloss.classList.contains("gloss-open")) { return; }
        e.preventDefault();
        closeAll(gloss);
        withLink(gloss);
        gloss.classList.add("gloss-open");
        open(gloss);
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") { return; }
      Array.prototype.forEach.call(document.querySelectorAll(".gloss"), function (g) {
        if (g.classList.contains("gloss-open") || g.matches(":hover") || g.matches(":focus-within")) {
          g.classList.remove("gloss-open");
          g.classList.add("gloss-closed");
        }
      });
    });
    window.addEventListener("resize", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".gloss-open"), place);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", enhance); }
  else { enhance(); }
})();
