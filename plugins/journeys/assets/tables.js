/* Sortable, filterable index tables for the journeys plugin (no dependencies).
 *
 * The generated index pages put an empty marker just before each big table:
 *   <div class="journeys-table-tools" data-journeys-table></div>
 * Raw HTML needs no Markdown extension, and without this script the marker shows nothing.
 * Each column header becomes a button that sorts by it (aria-sort tells which and how), and a
 * text box above the table hides the rows that do not contain every word typed.
 */
(function () {
  "use strict";

  var MARKER = "[data-journeys-table]";
  var FILTER_FROM_ROWS = 10; // a short table is easier to read than to filter
  // Words that sort by meaning rather than alphabet: severities and opportunity statuses.
  var RANKS = {
    low: 1, medium: 2, high: 3, critical: 4,
    idea: 1, planned: 2, "in-progress": 3, done: 4
  };
  var EMPTY = { "": true, "\u2014": true, "none": true };

  function tableAfter(marker) {
    var next = marker.nextElementSibling;
    if (!next) return null;
    return next.tagName === "TABLE" ? next : next.querySelector("table");
  }

  function cellKey(cell) {
    var text = (cell ? cell.textContent : "").trim();
    var lower = text.toLowerCase();
    if (EMPTY[lower]) return { empty: true, number: NaN, text: "" };
    var number = RANKS.hasOwnProperty(lower) ? RANKS[lower] : Number(text.replace(/,/g, ""));
    return { empty: false, number: number, text: lower };
  }

  function compareKeys(a, b, numeric, collator) {
    if (a.empty || b.empty) return a.empty === b.empty ? 0 : a.empty ? 1 : -1;
    if (numeric) return a.number - b.number;
    return collator.compare(a.text, b.text);
  }

  function setUp(marker) {
    var table = tableAfter(marker);
    if (!table || table.getAttribute("data-journeys-ready") || !table.tHead) return;
    table.setAttribute("data-journeys-ready", "");
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    var sorted = { column: -1, ascending: true };

    function sortBy(column) {
      var ascending = sorted.column === column ? !sorted.ascending : true;
      var keys = rows.map(function (row, index) {
        return { row: row, index: index, key: cellKey(row.cells[column]) };
      });
      var numeric = keys.every(function (k) { return k.key.empty || !isNaN(k.key.number); });
      keys.sort(function (a, b) {
        var order = compareKeys(a.key, b.key, numeric, collator);
        if (!ascending && !a.key.empty && !b.key.empty) order = -order;
        return order || a.index - b.index; // stable: ties keep the page's order
      });
      var fragment = document.createDocumentFragment();
      keys.forEach(function (k) { fragment.appendChild(k.row); });
      body.appendChild(fragment);
      headers.forEach(function (header, index) {
        var arrow = header.querySelector(".journeys-sort-arrow");
        if (index === column) {
          header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          if (arrow) arrow.textContent = ascending ? " \u25B2" : " \u25BC";
        } else {
          header.removeAttribute("aria-sort");
          if (arrow) arrow.textContent = " \u21C5";
        }
      });
      sorted = { column: column, ascending: ascending };
    }

    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "journeys-sort";
      // Inline styles through the DOM: allowed under a strict content security policy.
      button.style.cssText =
        "font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;" +
        "cursor:pointer;text-align:inherit;";
      while (header.firstChild) button.appendChild(header.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "journeys-sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      arrow.style.opacity = "0.6";
      arrow.textContent = " \u21C5";
      button.appendChild(arrow);
      button.title = "Sort by this column";
      button.addEventListener("click", function () { sortBy(column); });
      header.appendChild(button);
    });

    if (rows.length < FILTER_FROM_ROWS) return;
    var label = document.createElement("div");
    label.style.cssText = "display:flex;gap:0.6em;align-items:center;flex-wrap:wrap;";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "journeys-filter";
    input.placeholder = "Filter " + rows.length + " rows";
    input.setAttribute("aria-label", "Filter the table below: rows containing every word");
    input.style.cssText =
      "font:inherit;padding:0.3em 0.5em;min-width:16em;border:1px solid currentColor;" +
      "border-radius:0.2em;background:transparent;color:inherit;";
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    label.appendChild(input);
    label.appendChild(status);
    marker.appendChild(label);

    var pending = 0;
    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, index) {
        var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length ? shown + " of " + rows.length + " rows" : "";
    }
    input.addEventListener("input", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(filter, rows.length > 1000 ? 150 : 0);
    });
  }

  function setUpAll() {
    var markers = document.querySelectorAll(MARKER);
    for (var i = 0; i < markers.length; i++) setUp(markers[i]);
  }

  // Material's instant navigation swaps pages without loading scripts again: document$ emits
  // for every page, the first one included. Without Material, run once the page is parsed.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
