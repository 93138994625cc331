/* The map canvases of the journeys plugin: full screen, edges that show there is more, print.
 *
 * Every map view (swimlane map, emotion curve, journey diagram, and any view added later) is
 * generated inside <div class="journeys-canvas ...">, its scrolling part a
 * .journeys-canvas__scroll inside a .journeys-canvas__frame. This script, with no dependencies:
 * - puts a "Full screen" button in each canvas's tools: the canvas alone on the screen (the
 *   browser's full screen where it is allowed, a layer over the page where not); Escape, or
 *   the button again, leaves it;
 * - marks a frame whose content scrolls further left or right, so that CSS shades that edge;
 * - before printing, splits a map table wider than a few steps into tables of a few steps
 *   each, which fit the width of the paper; after printing, the page is as it was.
 * Without it the views still show, scroll and print (squeezed to the paper's width).
 * The markup it adds carries classes only: never an id, name or data-* attribute, which
 * Material could take for one of its own components.
 */
(function () {
  "use strict";

  var CANVAS = ".journeys-canvas";
  var STEPS_PER_SHEET = 8; // a printed table of more steps than this is split
  var FULL = "journeys-canvas--full";
  var OPEN = "journeys-canvas-open"; // on <html> while a canvas is full screen
  var current = null; // the canvas on full screen: {canvas, button, native}
  var watchers = []; // {canvas, observers}: released when instant navigation swaps the page

  function setLabel(button, full) {
    button.textContent = full ? "Exit full screen" : "Full screen";
    button.title = full ? "Back to the page (Esc)" : "Show this view alone on the screen";
  }

  function enter(canvas, button) {
    if (current) leave();
    current = { canvas: canvas, button: button, native: false };
    canvas.classList.add(FULL);
    document.documentElement.classList.add(OPEN);
    setLabel(button, true);
    if (canvas.requestFullscreen) {
      try {
        var asked = canvas.requestFullscreen();
        if (asked && asked.catch) asked.catch(function () { /* the layer stays */ });
      } catch (refused) { /* the layer over the page does the job */ }
    }
    var scroller = canvas.querySelector(".journeys-canvas__scroll");
    // The map scrolls with the arrow keys at once; the button is a Tab away.
    (scroller && scroller.tabIndex >= 0 ? scroller : button).focus({ preventScroll: true });
  }

  function leave() {
    if (!current) return;
    var was = current;
    current = null;
    was.canvas.classList.remove(FULL);
    document.documentElement.classList.remove(OPEN);
    setLabel(was.button, false);
    if (document.fullscreenElement && document.exitFullscreen) {
      var exited = document.exitFullscreen();
      if (exited && exited.catch) exited.catch(function () {});
    }
    if (document.contains(was.button)) {
      was.button.focus({ preventScroll: true });
      was.canvas.scrollIntoView({ block: "nearest" });
    }
  }

  function toolsOf(canvas) {
    for (var child = canvas.firstElementChild; child; child = child.nextElementSibling) {
      if (child.classList.contains("journeys-canvas__tools")) return child;
    }
    var tools = document.createElement("p");
    tools.className = "journeys-canvas__tools";
    canvas.insertBefore(tools, canvas.firstChild);
    return tools;
  }

  function watchEdges(canvas) {
    var frame = canvas.querySelector(".journeys-canvas__frame");
    var scroller = frame && frame.querySelector(".journeys-canvas__scroll");
    if (!scroller) return [];
    function update() {
      var rest = scroller.scrollWidth - scroller.clientWidth - scroller.scrollLeft;
      frame.classList.toggle("journeys-canvas__frame--more-left", scroller.scrollLeft > 1);
      frame.classList.toggle("journeys-canvas__frame--more-right", rest > 1);
    }
    scroller.addEventListener("scroll", update, { passive: true });
    var observers = [];
    if (window.ResizeObserver) {
      var sizes = new ResizeObserver(update);
      var observeAll = function () {
        sizes.disconnect();
        sizes.observe(scroller);
        for (var c = scroller.firstElementChild; c; c = c.nextElementSibling) sizes.observe(c);
      };
      observeAll();
      // Mermaid replaces its <pre> with the drawing after this runs: watch the newcomer.
      var children = new MutationObserver(function () { observeAll(); update(); });
      children.observe(scroller, { childList: true });
      observers.push(sizes, children);
    }
    update();
    return observers;
  }

  function setUp(canvas) {
    if (canvas.classList.contains("journeys-canvas--ready")) return;
    canvas.classList.add("journeys-canvas--ready");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "journeys-canvas__button";
    setLabel(button, false);
    button.addEventListener("click", function () {
      if (current && current.canvas === canvas) leave();
      else enter(canvas, button);
    });
    var tools = toolsOf(canvas);
    tools.insertBefore(button, tools.firstChild);
    watchers.push({ canvas: canvas, observers: watchEdges(canvas) });
  }

  function setUpAll() {
    // A page swapped in by instant navigation: let go of the last page's canvases.
    if (current && !document.contains(current.canvas)) leave();
    watchers = watchers.filter(function (w) {
      if (document.contains(w.canvas)) return true;
      w.observers.forEach(function (o) { o.disconnect(); });
      return false;
    });
    var canvases = document.querySelectorAll(CANVAS);
    for (var i = 0; i < canvases.length; i++) setUp(canvases[i]);
  }

  // --- print -------------------------------------------------------------------------------

  function stepCount(table) {
    var cols = table.querySelectorAll("col");
    return Math.max(0, cols.length - 1); // the first column holds the lane names
  }

  /* A copy of the map table with the step columns [from, to) only: cells that span columns
     (stages, the emotion curve) are cut to the part they share, and the curve's drawing is
     cut to the same steps through its viewBox. */
  function slice(table, from, to) {
    var copy = table.cloneNode(true);
    var named = copy.querySelectorAll("[id], [aria-labelledby]");
    for (var n = 0; n < named.length; n++) {
      named[n].removeAttribute("id");
      named[n].removeAttribute("aria-labelledby");
    }
    var cols = copy.querySelectorAll("col");
    for (var c = 1; c < cols.length; c++) {
      if (c - 1 < from || c - 1 >= to) cols[c].parentNode.removeChild(cols[c]);
    }
    for (var r = 0; r < copy.rows.length; r++) {
      var cells = Array.prototype.slice.call(copy.rows[r].cells, 1);
      var start = 0;
      cells.forEach(function (cell) {
        var span = cell.colSpan || 1;
        var low = Math.max(start, from);
        var high = Math.min(start + span, to);
        var first = start;
        start += span;
        if (high <= low) {
          cell.parentNode.removeChild(cell);
          return;
        }
        if (low === from) cell.classList.remove("journeys-stage-start");
        cell.colSpan = high - low;
        var svg = cell.querySelector("svg[viewBox]");
        if (svg && span > 1) {
          var box = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
          var step = box[2] / span;
          var width = step * (high - low);
          svg.setAttribute("viewBox", [box[0] + step * (low - first), box[1], width, box[3]].join(" "));
          svg.setAttribute("width", String(width));
        }
      });
    }
    return copy;
  }

  function splitForPrint() {
    var tables = document.querySelectorAll(".journeys-canvas__frame .journeys-canvas__table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var canvas = table.closest(CANVAS);
      var frame = table.closest(".journeys-canvas__frame");
      var steps = stepCount(table);
      if (!canvas || !frame || steps <= STEPS_PER_SHEET) continue;
      if (canvas.querySelector(".journeys-canvas__print")) continue;
      var sheets = document.createElement("div");
      sheets.className = "journeys-canvas__print";
      for (var from = 0; from < steps; from += STEPS_PER_SHEET) {
        var to = Math.min(steps, from + STEPS_PER_SHEET);
        var sheet = document.createElement("div");
        sheet.className = "journeys-canvas__sheet";
        var note = document.createElement("p");
        note.className = "journeys-canvas__sheet-note";
        note.textContent = "Steps " + (from + 1) + "\u2013" + to + " of " + steps;
        sheet.appendChild(note);
        sheet.appendChild(slice(table, from, to));
        sheets.appendChild(sheet);
      }
      frame.parentNode.insertBefore(sheets, frame.nextSibling);
      canvas.classList.add("journeys-canvas--split");
    }
    // A diagram keeps its size on screen; on paper it is scaled to the width (journeys.css).
    var diagrams = document.querySelectorAll(".journeys-canvas--diagram .journeys-canvas__scroll");
    for (var d = 0; d < diagrams.length; d++) {
      var drawn = diagrams[d].firstElementChild;
      if (drawn) diagrams[d].style.setProperty("--journeys-natural-width", String(drawn.scrollWidth));
    }
  }

  function joinAfterPrint() {
    var sheets = document.querySelectorAll(".journeys-canvas__print");
    for (var s = 0; s < sheets.length; s++) {
      var canvas = sheets[s].closest(CANVAS);
      if (canvas) canvas.classList.remove("journeys-canvas--split");
      sheets[s].parentNode.removeChild(sheets[s]);
    }
  }

  // --- wiring ------------------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    if (current && (event.key === "Escape" || event.key === "Esc")) {
      event.preventDefault();
      leave();
    }
  });
  document.addEventListener("fullscreenchange", function () {
    if (!current) return;
    if (document.fullscreenElement === current.canvas) current.native = true;
    else if (current.native) leave(); // the browser's own way out (Escape, F11)
  });
  window.addEventListener("beforeprint", splitForPrint);
  window.addEventListener("afterprint", joinAfterPrint);
  if (window.matchMedia) {
    // Also when print is emulated (a PDF printer, the browser's developer tools).
    var print = window.matchMedia("print");
    var onPrint = function (query) { if (query.matches) splitForPrint(); else joinAfterPrint(); };
    if (print.addEventListener) print.addEventListener("change", onPrint);
    else if (print.addListener) print.addListener(onPrint);
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
