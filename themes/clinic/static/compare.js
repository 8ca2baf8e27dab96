// dermis comparison tables: sorting, filtering and column choice, added on
// top of a complete server-rendered table (progressive enhancement).
// Loaded only by pages with a table. No framework, no network requests.
(function () {
  "use strict";

  function cellOf(row, index) { return row.children[index]; }

  function sortKey(cell) {
    var raw = cell ? cell.getAttribute("data-sort") : "";
    if (raw === null || raw === "") { return null; }
    var parts = raw.split(" ");
    var numbers = parts.map(Number);
    if (numbers.every(function (n) { return !isNaN(n); })) { return { num: numbers }; }
    return { text: raw };
  }

  function compareKeys(a, b) {
    if (a.num && b.num) {
      for (var i = 0; i < Math.max(a.num.length, b.num.length); i++) {
        var x = a.num[i] === undefined ? a.num[0] : a.num[i];
        var y = b.num[i] === undefined ? b.num[0] : b.num[i];
        if (x !== y) { return x - y; }
      }
      return 0;
    }
    if (a.num) { return -1; }
    if (b.num) { return 1; }
    return a.text.localeCompare(b.text);
  }

  function sortBy(table, index, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = sortKey(cellOf(r1, index)), b = sortKey(cellOf(r2, index));
      // Rows without a value always go last, whatever the direction.
      if (a === null && b === null) { return 0; }
      if (a === null) { return 1; }
      if (b === null) { return -1; }
      var order = compareKeys(a, b);
      return descending ? -order : order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === index) { th.setAttribute("aria-sort", descending ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }

  function addSortButtons(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      // A visible sort sign (↕, then ▲ or ▼) shows the header is a control;
      // aria-sort on the header tells screen readers the state.
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        sortBy(table, index, descending);
      });
    });
  }

  function distinctValues(table, index) {
    var seen = [];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var cell = cellOf(row, index);
      var raw = cell && cell.getAttribute("data-values");
      if (!raw) { return; }
      raw.split("|").forEach(function (v) { if (v && seen.indexOf(v) < 0) { seen.push(v); } });
    });
    return seen;
  }

  function applyFilters(table, filters, status) {
    var shown = 0, rows = table.tBodies[0].rows;
    var picking = table.getAttribute("data-picked-only") === "true";
    Array.prototype.forEach.call(rows, function (row) {
      var pick = row.querySelector(".compare-pick input");
      var visible = (!picking || (pick && pick.checked)) && filters.every(function (f) {
        var wanted = f.boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        if (wanted.length === 0) { return true; }
        var cell = cellOf(row, f.index);
        var values = (cell && cell.getAttribute("data-values") || "").split("|");
        return values.some(function (v) { return wanted.indexOf(v) >= 0; });
      });
      row.hidden = !visible;
      if (visible) { shown++; }
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " rows.";
  }

  function fieldset(legendText, className) {
    var set = document.createElement("fieldset");
    set.className = className;
    var legend = document.createElement("legend");
    legend.textContent = legendText;
    set.appendChild(legend);
    return set;
  }

  function checkbox(labelText, value, checked) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = value;
    box.checked = checked;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + labelText));
    return { label: label, box: box };
  }

  function headerText(th) { return th.textContent.replace(/\s+/g, " ").trim(); }

  function addControls(container, table, n) {
    var controls = document.createElement("div");
    controls.className = "compare-controls";
    var status = document.createElement("p");
    status.className = "compare-status";
    status.setAttribute("aria-live", "polite");
    var filters = [];
    var headers = table.tHead.rows[0].cells;
    var filterBox = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = "Filter rows";
    filterBox.appendChild(summary);
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "compare-clear";
    clear.textContent = "Clear filters";
    function filtersChanged() {
      clear.disabled = !filters.some(function (f) { return f.boxes.some(function (b) { return b.checked; }); });
      applyFilters(table, filters, status);
    }
    Array.prototype.forEach.call(headers, function (th, index) {
      var type = th.getAttribute("data-type");
      if (type !== "enum" && type !== "list" && type !== "taxonomy") { return; }
      var values = distinctValues(table, index);
      if (values.length < 2) { return; }
      var set = fieldset(headerText(th), "compare-filter");
      var boxes = values.map(function (v) {
        var c = checkbox(v.charAt(0).toUpperCase() + v.slice(1), v, false);
        set.appendChild(c.label);
        c.box.addEventListener("change", filtersChanged);
        return c.box;
      });
      filters.push({ index: index, boxes: boxes });
      filterBox.appendChild(set);
    });
    clear.addEventListener("click", function () {
      filters.forEach(function (f) { f.boxes.forEach(function (b) { b.checked = false; }); });
      filtersChanged();
    });
    clear.disabled = true;
    if (filters.length) { filterBox.appendChild(clear); controls.appendChild(filterBox); }
    var columnBox = document.createElement("details");
    var columnSummary = document.createElement("summary");
    columnSummary.textContent = "Choose columns";
    columnBox.appendChild(columnSummary);
    var columns = fieldset("Columns shown", "compare-columns");
    Array.prototype.forEach.call(headers, function (th, index) {
      if (index === 0) { return; }
      var c = checkbox(headerText(th), String(index), true);
      c.box.id = "dermis-col-" + n + "-" + index;
      columns.appendChild(c.label);
      c.box.addEventListener("change", function () {
        var hide = !c.box.checked;
        th.hidden = hide;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var cell = cellOf(row, index);
          if (cell) { cell.hidden = hide; }
        });
      });
    });
    columnBox.appendChild(columns);
    controls.appendChild(columnBox);
    addPicks(controls, table, filters, status);
    controls.appendChild(status);
    container.insertBefore(controls, container.firstChild);
    applyFilters(table, filters, status);
  }

  // A checkbox beside each treatment; "Compare picked" keeps only those rows.
  function addPicks(controls, table, filters, status) {
    var rows = table.tBodies[0].rows;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "compare-pick-show";
    function update() {
      var picked = table.querySelectorAll(".compare-pick input:checked").length;
      var only = table.getAttribute("data-picked-only") === "true";
      if (only && picked === 0) { table.removeAttribute("data-picked-only"); only = false; }
      button.textContent = only ? "Show every row" : "Compare picked (" + picked + ")";
      button.disabled = !only && picked === 0;
      applyFilters(table, filters, status);
    }
    Array.prototype.forEach.call(rows, function (row) {
      var th = row.cells[0];
      var name = th ? th.textContent.replace(/\s+/g, " ").trim() : "";
      if (!th || !name) { return; }
      var label = document.createElement("label");
      label.className = "compare-pick";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.setAttribute("aria-label", "Pick " + name);
      box.addEventListener("change", update);
      label.appendChild(box);
      label.appendChild(document.createTextNode("Pick"));
      th.appendChild(label);
    });
    button.addEventListener("click", function () {
      if (table.getAttribute("data-picked-only") === "true") { table.removeAttribute("data-picked-only"); }
      else { table.setAttribute("data-picked-only", "true"); }
      update();
    });
    controls.appendChild(button);
    update();
  }

  // "More columns" hint: shown while columns are out of view to the right.
  function watchOverflow(container) {
    var box = container.querySelector(".table-scroll");
    var hint = container.querySelector(".compare-hint");
    if (!box || !hint) { return; }
    function update() {
      hint.hidden = box.scrollLeft + box.clientWidth >= box.scrollWidth - 2;
    }
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  function enhance() {
    var containers = document.querySelectorAll("[data-compare]");
    Array.prototype.forEach.call(containers, function (container, n) {
      var table = container.querySelector("table");
      if (!table || !table.tHead || !table.tBodies.length) { return; }
      addSortButtons(table);
      addControls(container, table, n);
      watchOverflow(container);
      container.setAttribute("data-enhanced", "true");
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", enhance); }
  else { enhance(); }
})();
