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

  function trendCell(score) {
    var td = el("td");
    if (score.ontwikkeling) {
      td.appendChild(el("span", { "class": "hhz-trend", "aria-hidden": "true" }, score.ontwikkeling));
      td.appendChild(el("span", { "class": "hhz-sr" }, " " + score.ontwikkeling_tekst));
    } else {
      td.appendChild(el("span", { "class": "hhz-trend hhz-muted" }, "nieuw"));
      td.appendChild(el("span", { "class": "hhz-sr" }, " (" + score.ontwikkeling_tekst + ")"));
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

  function scorecards(ids) {
    var list = el("ul", { "class": "hhz-compare-cards" });
    ids.forEach(function (id) {
      var region = byId.get(id);
      var item = el("li");
      var figure = el("figure");
      figure.appendChild(el("img", {
        src: region.scorekaart,
        width: String(region.scorekaart_maat[0]),
        height: String(region.scorekaart_maat[1]),
        alt: "Scorekaart van " + region.korte_naam + ", " + evaluationText(region) + ". De tabellen hieronder geven dezelfde niveaus."
      }));
      var caption = el("figcaption");
      caption.appendChild(el("a", { href: region.pagina }, region.naam));
      figure.appendChild(caption);
      item.appendChild(figure);
      list.appendChild(item);
    });
    return list;
  }

  function bouwsteenTable(bouwsteen, ids) {
    var t = table(bouwsteen.naam + ": niveau, ontwikkeling en ambitie per regio",
      ["Regio", "Niveau", "Ontwikkeling", "Ambitie", "Zelfevaluatie van"]);
    ids.forEach(function (id) {
      var region = byId.get(id);
      var score = region.bouwstenen[bouwsteen.id];
      var row = el("tr");
      row.appendChild(regionHeader(region));
      row.appendChild(levelCell(score));
      row.appendChild(trendCell(score));
      row.appendChild(el("td", {}, score.ambitie_tekst || "–"));
      row.appendChild(el("td", {}, region.datum_tekst || "–"));
      t.body.appendChild(row);
    });
    return t.wrap;
  }

  function show(ids, moveFocus) {
    selects.forEach(function (select, i) { select.value = ids[i] || ""; });
    results.textContent = "";
    if (ids.length < MIN) { return; }
    var heading = el("h2", { id: "vergelijking", tabindex: "-1" }, "Vergelijking van " + names(ids));
    results.appendChild(heading);
    var share = el("p", {}, "Link naar deze vergelijking: ");
    share.appendChild(el("a", { href: address(ids), "class": "hhz-compare-permalink" }, window.location.origin + address(ids)));
    results.appendChild(share);
    results.appendChild(evaluationsTable(ids));
    results.appendChild(el("h3", {}, "Scorekaarten"));
    results.appendChild(scorecards(ids));
    data.bouwstenen.forEach(function (bouwsteen) {
      results.appendChild(el("h3", {}, bouwsteen.naam));
      results.appendChild(bouwsteenTable(bouwsteen, ids));
    });
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
    data = json;
    data.regios.forEach(function (region) { byId.set(region.id, region); });
    var fallback = document.getElementById("hhz-vergelijk-zonder-js");
    if (fallback) { fallback.hidden = true; }
    buildForm();
    showAddress(false);
    window.addEventListener("popstate", function () { showAddress(true); });
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
