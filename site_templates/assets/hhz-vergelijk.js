// The comparison page (vergelijk.html): 2 to 4 regions side by side, built from the data in
// assets/hhz-vergelijk-data.js (= data/vergelijk.json). The choice lives in the address
// (vergelijk.html?regio=humo,neo), so a comparison can be shared. Regions appear in the order chosen, never sorted by a level.
// Without JavaScript the page explains itself and lists the region pages instead.
// Every text from the data is set with textContent, never as HTML. Ids from the address are
// data, never keys: the regions are looked up in a Map (`__proto__` or `toString` in the
// address is just an unknown region).
(function () {
  "use strict";

  var root = document.getElementById("hhz-vergelijk");
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var MIN = parseInt(root.dataset.min, 10) || 2;
  var MAX = parseInt(root.dataset.max, 10) || 4;
  var data = null;
  var byId = new Map();
  var selects = [];
  var status = null;
  var results = null;
  var shown = [];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function names(ids) {
    return enumeration(ids.map(function (id) { return byId.get(id).korte_naam; }));
  }

  function enumeration(list) {
    if (list.length < 2) { return list.join(""); }
    return list.slice(0, -1).join(", ") + " en " + list[list.length - 1];
  }

  // The ids in the address, in their order: ?regio=a,b (or ?regio=a&regio=b); unknown and
  // repeated ids are left out and reported.
  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    var ids = [];
    var unknown = [];
    params.getAll("regio").forEach(function (value) {
      value.split(",").forEach(function (id) {
        id = id.trim();
        if (!id) { return; }
        if (!byId.has(id)) {
          if (unknown.indexOf(id) < 0) { unknown.push(id); }
        } else if (ids.indexOf(id) < 0) { ids.push(id); }
      });
    });
    return { ids: ids.slice(0, MAX), unknown: unknown, tooMany: ids.length > MAX };
  }

  function address(ids) {
    return window.location.pathname + "?regio=" + ids.join(",");
  }

  function buildForm() {
    var form = el("form", { "class": "hhz-compare-form" });
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", {}, "Kies " + MIN + " tot " + MAX + " regio's, in de volgorde waarin je ze naast elkaar wilt zien"));
    for (var i = 0; i < MAX; i += 1) {
      var id = "hhz-vergelijk-regio-" + (i + 1);
      var wrap = el("div", { "class": "hhz-compare-choice" });
      wrap.appendChild(el("label", { "for": id }, "Regio " + (i + 1)));
      var select = el("select", { id: id, name: "regio" });
      select.appendChild(el("option", { value: "" }, "(geen)"));
      data.regios.forEach(function (region) {
        select.appendChild(el("option", { value: region.id }, region.korte_naam));
      });
      wrap.appendChild(select);
      fieldset.appendChild(wrap);
      selects.push(select);
    }
    form.appendChild(fieldset);
    form.appendChild(el("button", { type: "submit", "class": "md-button md-button--primary" }, "Vergelijk"));
    form.addEventListener("submit", onSubmit);
    status = el("p", { id: "hhz-vergelijk-status", role: "status", "aria-live": "polite", "class": "hhz-compare-status" });
    results = el("div", { id: "hhz-vergelijk-resultaat", "class": "hhz-compare-result" });
    root.appendChild(form);
    root.appendChild(status);
    root.appendChild(results);
  }

  function chosen() {
    var ids = [];
    selects.forEach(function (select) {
      if (select.value && ids.indexOf(select.value) < 0) { ids.push(select.value); }
    });
    return ids;
  }

  function onSubmit(event) {
    event.preventDefault();
    var ids = chosen();
    if (ids.length < MIN) {
      status.textContent = "Kies ten minste " + MIN + " verschillende regio's om te vergelijken.";
      var empty = selects.filter(function (s) { return !s.value; })[0] || selects[0];
      empty.focus();
      return;
    }
    window.history.pushState({ regio: ids }, "", address(ids));
    show(ids, true);
  }

  function levelCell(score) {
    var td = el("td", { "class": "hhz-level " + score.kleur });
    if (score.niveau === null) {
      td.appendChild(el("span", { "class": "hhz-nodata" }, "–"));
      td.appendChild(el("span", { "class": "hhz-sr" }, " geen gegevens"));
    } else {
      td.textContent = score.niveau_tekst;
    }
    return td;
  }

  function regionHeader(region) {
    var th = el("th", { scope: "row" });
    th.appendChild(el("a", { href: region.pagina }, region.korte_naam));
    return th;
  }

  function evaluationText(region) {
    if (!region.datum_tekst) { return "nog geen vastgestelde zelfevaluatie"; }
    var text = region.datum_tekst;
    if (region.verouderd) { text += " (verouderd)"; }
    if (region.voorbeeld) { text += " (voorbeeldgegevens)"; }
    return text;
  }

  function table(caption, headers) {
    var scroll = el("div", { "class": "hhz-scroll", tabindex: "0", role: "region", "aria-label": caption });
    var t = el("table", { "class": "hhz-table" });
    t.appendChild(el("caption", {}, caption));
    var row = el("tr");
    headers.forEach(function (h) { row.appendChild(el("th", { scope: "col" }, h)); });
    t.appendChild(el("thead")).appendChild(row);
    scroll.appendChild(t);
    return { wrap: scroll, body: t.appendChild(el("tbody")) };
  }

  function evaluationsTable(ids) {
    var t = table("Zelfevaluaties van de gekozen regio's", ["Regio", "Zelfevaluatie van", "Vorige zelfevaluatie"]);
    ids.forEach(function (id) {
      var region = byId.get(id);
      var row = el("tr");
      row.appendChild(regionHeader(region));
      row.appendChild(el("td", {}, evaluationText(region)));
      row.appendChild(el("td", {}, region.vorige_datum_tekst || "–"));
      t.body.appendChild(row);
    });
    return t.wrap;
  }

  // One chart per bouwsteen on the shared scale: a lane per region (in the order chosen),
  // a filled mark at its level and an open one at its ambition. Drawn for the width it is
  // shown at, so its numbers stay 14 px on a phone as on a desktop; redrawn when that changes.
  var SVG = "http://www.w3.org/2000/svg";
  var MARKS = [
    { colour: "#0072B2", shape: "circle" },
    { colour: "#D55E00", shape: "square" },
    { colour: "#009E73", shape: "diamond" },
    { colour: "#CC79A7", shape: "triangle" }
  ];
  var LANE = 16;
  var TOP = 24;  // the level numbers above the axis

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  function mark(kind, x, y, open) {
    var style = MARKS[kind];
    var attrs = { fill: open ? "#ffffff" : style.colour, stroke: style.colour, "stroke-width": "2" };
    var node;
    if (style.shape === "square") {
      node = svgEl("rect", Object.assign({ x: x - 5, y: y - 5, width: 10, height: 10 }, attrs));
    } else if (style.shape === "diamond") {
      node = svgEl("path", Object.assign({ d: "M" + x + " " + (y - 7) + "L" + (x + 7) + " " + y + "L" + x + " " + (y + 7) + "L" + (x - 7) + " " + y + "Z" }, attrs));
    } else if (style.shape === "triangle") {
      node = svgEl("path", Object.assign({ d: "M" + x + " " + (y - 7) + "L" + (x + 7) + " " + (y + 5) + "L" + (x - 7) + " " + (y + 5) + "Z" }, attrs));
    } else {
      node = svgEl("circle", Object.assign({ cx: x, cy: y, r: 6 }, attrs));
    }
    node.setAttribute("class", open ? "hhz-compare-ambitie" : "hhz-compare-niveau");
    return node;
  }

  function levelChart(bouwsteen, ids, width) {
    var levels = data.niveaus.map(function (n) { return n.niveau; });
    var low = levels[0], high = levels[levels.length - 1];
    var left = 16, right = width - 16;
    var x = function (level) { return left + (right - left) * (level - low) / (high - low); };
    var height = TOP + ids.length * LANE + 8;
    var words = ids.map(function (id) {
      var score = byId.get(id).bouwstenen[bouwsteen.id];
      return byId.get(id).korte_naam + ": " + (score.niveau === null ? "geen gegevens" : score.niveau_tekst) +
        (score.ambitie_tekst ? ", ambitie " + score.ambitie_tekst : "");
    });
    var svg = svgEl("svg", {
      "class": "hhz-compare-chart", width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", "aria-label": bouwsteen.naam + ". " + words.join("; ") + "."
    });
    var grid = svgEl("g", { stroke: "#8c8c8c", "stroke-width": "1" });
    levels.forEach(function (level) {
      grid.appendChild(svgEl("line", { x1: x(level), x2: x(level), y1: TOP - 6, y2: height - 4 }));
      var label = svgEl("text", { x: x(level), y: 14, "text-anchor": "middle", "font-size": "14", fill: "#111", stroke: "none" });
      label.textContent = String(level);
      grid.appendChild(label);
    });
    svg.appendChild(grid);
    ids.forEach(function (id, lane) {
      var score = byId.get(id).bouwstenen[bouwsteen.id];
      var y = TOP + lane * LANE + LANE / 2;
      svg.appendChild(svgEl("line", { x1: left, x2: right, y1: y, y2: y, stroke: "#dddddd", "stroke-width": "1" }));
      var group = svgEl("g", { "data-regio": id });
      if (score.ambitie !== null && score.ambitie !== undefined) { group.appendChild(mark(lane, x(score.ambitie), y, true)); }
      if (score.niveau !== null) { group.appendChild(mark(lane, x(score.niveau), y, false)); }
      svg.appendChild(group);
    });
    return svg;
  }

  function legend(ids) {
    var list = el("ul", { "class": "hhz-compare-legend", "aria-label": "Legenda" });
    ids.forEach(function (id, lane) {
      var item = el("li");
      var sample = svgEl("svg", { width: "40", height: "16", viewBox: "0 0 40 16", "aria-hidden": "true" });
      sample.appendChild(mark(lane, 9, 8, false));
      sample.appendChild(mark(lane, 29, 8, true));
      item.appendChild(sample);
      item.appendChild(document.createTextNode(" " + byId.get(id).korte_naam));
      list.appendChild(item);
    });
    var scale = data.niveaus.map(function (n) { return n.niveau + " " + n.naam; }).join(" · ");
    var note = el("p", { "class": "hhz-compare-note" }, "Gevuld: het huidige niveau; open: de ambitie. Schaal: " + scale + ".");
    return [list, note];
  }

  // The width at the start is read before the script changes the page (the layout is fresh
  // then: reading it later, among the changes, forced a layout of the whole page inside
  // the long first task); the result box is a plain block as wide as the root.
  var startWidth = null;
  function chartWidth() {
    var width = startWidth !== null ? startWidth : results.clientWidth;
    startWidth = null;
    return Math.max(240, Math.min(width || 320, 640));
  }

  function charts(ids) {
    var wrap = el("div", { "class": "hhz-compare-charts" });
    var width = chartWidth();
    legend(ids).forEach(function (node) { wrap.appendChild(node); });
    var list = el("ul", { "class": "hhz-compare-chartlist" });
    data.bouwstenen.forEach(function (bouwsteen) {
      var item = el("li");
      var figure = el("figure", { "class": "hhz-compare-figure" });
      figure.appendChild(el("figcaption", {}, bouwsteen.naam));
      figure.appendChild(levelChart(bouwsteen, ids, width));
      item.appendChild(figure);
      list.appendChild(item);
    });
    wrap.appendChild(list);
    wrap.dataset.width = String(width);
    return wrap;
  }

  function cell(score) {
    var td = levelCell(score);
    if (score.niveau !== null) {
      td.textContent = "";
      td.appendChild(el("span", { "class": "hhz-compare-level" }, score.niveau_tekst));
    }
    var trend = score.ontwikkeling ? score.ontwikkeling : "nieuw";
    td.appendChild(el("span", { "class": "hhz-trend", "aria-hidden": "true" }, " " + trend));
    td.appendChild(el("span", { "class": "hhz-sr" }, " (" + score.ontwikkeling_tekst + ")"));
    if (score.ambitie_tekst) {
      td.appendChild(el("span", { "class": "hhz-compare-ambition" }, "ambitie " + score.ambitie_tekst.replace(/^niveau /, "")));
    }
    return td;
  }

  function combinedTable(ids) {
    var caption = "Niveau, ontwikkeling en ambitie per bouwsteen en regio";
    var scroll = el("div", { "class": "hhz-scroll hhz-stack", tabindex: "0", role: "region", "aria-label": caption });
    var t = el("table", { "class": "hhz-table hhz-compare-table" });
    t.appendChild(el("caption", {}, caption));
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, "Bouwsteen"));
    ids.forEach(function (id) { head.appendChild(el("th", { scope: "col" }, byId.get(id).korte_naam)); });
    t.appendChild(el("thead")).appendChild(head);
    var body = t.appendChild(el("tbody"));
    data.bouwstenen.forEach(function (bouwsteen) {
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, bouwsteen.naam));
      ids.forEach(function (id) {
        var td = cell(byId.get(id).bouwstenen[bouwsteen.id]);
        td.setAttribute("data-label", byId.get(id).korte_naam);
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    scroll.appendChild(t);
    return scroll;
  }

  function show(ids, moveFocus) {
    selects.forEach(function (select, i) { select.value = ids[i] || ""; });
    results.textContent = "";
    shown = [];
    if (ids.length < MIN) { return; }
    var heading = el("h2", { id: "vergelijking", tabindex: "-1" }, "Vergelijking van " + names(ids));
    results.appendChild(heading);
    var share = el("p", {}, "Link naar deze vergelijking: ");
    share.appendChild(el("a", { href: address(ids), "class": "hhz-compare-permalink" }, window.location.origin + address(ids)));
    results.appendChild(share);
    results.appendChild(evaluationsTable(ids));
    results.appendChild(el("h3", {}, "Per bouwsteen op de schaal van " + data.niveaus[0].niveau + " tot " + data.niveaus[data.niveaus.length - 1].niveau));
    results.appendChild(charts(ids));
    results.appendChild(el("h3", {}, "Alle niveaus in één tabel"));
    results.appendChild(combinedTable(ids));
    shown = ids;
    status.textContent = "Vergelijking van " + names(ids) + " getoond.";
    if (moveFocus) { heading.focus(); }
  }

  function showAddress(moveFocus) {
    var wanted = fromAddress();
    var notes = [];
    if (wanted.unknown.length) {
      var label = wanted.unknown.length > 1 ? "Onbekende regio's" : "Onbekende regio";
      notes.push(label + " in het adres: " + enumeration(wanted.unknown) + ".");
    }
    if (wanted.tooMany) { notes.push("Er worden er ten hoogste " + MAX + " getoond."); }
    if (wanted.ids.length > 0 && wanted.ids.length < MIN) { notes.push("Kies nog een regio om te vergelijken."); }
    show(wanted.ids, moveFocus);
    if (notes.length) { status.textContent = notes.join(" "); }
  }

  function start(json) {
    startWidth = root.clientWidth;
    data = json;
    data.regios.forEach(function (region) { byId.set(region.id, region); });
    var fallback = document.getElementById("hhz-vergelijk-zonder-js");
    if (fallback) { fallback.hidden = true; }
    buildForm();
    showAddress(false);
    startWidth = null;  // later drawings (a new choice, a turned phone) measure again
    window.addEventListener("popstate", function () { showAddress(true); });
    // the charts are drawn for their width: draw them again when it changes (a phone turned)
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        var current = results.querySelector(".hhz-compare-charts");
        if (current && shown.length && String(chartWidth()) !== current.dataset.width) {
          current.replaceWith(charts(shown));
        }
      }, 150);
    });
  }

  // assets/hhz-vergelijk-data.js (loaded before this script) defines the data; it is a
  // script and not a fetch() of data/vergelijk.json, so the page also works from file://.
  if (window.HHZ_VERGELIJK) {
    start(window.HHZ_VERGELIJK);
    return;
  }
  fetch(root.dataset.bron)
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(start)
    .catch(function () {
      root.appendChild(el("p", { role: "status" }, "De gegevens voor de vergelijking konden niet worden geladen. Gebruik de lijst met regio's hieronder."));
    });
})();
