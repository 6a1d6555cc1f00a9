// The regions on the map of kaart.html. folium creates the Leaflet map (assets/hhz-kaart.js,
// written by `hhz generate`) and calls hhzRegionMap(map, root); the geometry comes from
// assets/hhz-kaart-data.js (window.HHZ_KAART). Leaflet is served by this site: no CDN, no
// tiles unless the site configures them. Names reach the page only through textContent.
// A mouse click or Enter opens a region's page; a tap (touch or pen) opens a popup with the
// region's name, its value in the chosen layer and a link, so a tap never leaves the page.
window.hhzRegionMap = function (map, root) {
  "use strict";
  var data = window.HHZ_KAART;
  var L = window.L;
  if (!map || !root || !data || !L || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");

  var scale = data.schaal;
  var keys = data.lagen.map(function (layer) { return layer.key; });

  // -- geometry: delta-encoded arcs on a fixed grid -> [lat, lng] rings ----------------
  var arcs = data.arcs.map(function (arc) {
    var x = 0, y = 0;
    return arc.map(function (p) {
      x += p[0]; y += p[1];
      return [y * scale, x * scale];
    });
  });
  function ring(refs) {
    var out = [];
    refs.forEach(function (ref) {
      var arc = ref >= 0 ? arcs[ref] : arcs[~ref].slice().reverse();
      out.push.apply(out, out.length ? arc.slice(1) : arc);
    });
    return out;
  }

  // -- controls -------------------------------------------------------------------------
  // The page is Dutch: Dutch names for the zoom buttons (Leaflet's default is "Zoom in").
  L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
  map.attributionControl.addAttribution(escapeHtml(data.bron));

  map.createPane("hhz-focus");
  map.getPane("hhz-focus").style.zIndex = 450;
  map.getPane("hhz-focus").style.pointerEvents = "none";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = String(text);
    return div.innerHTML;
  }

  function tooltipContent(title, value) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = title;
    box.appendChild(name);
    if (value) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(value));
    }
    return box;
  }

  // Touch: the help for touch screens (the style sheet shows the paragraph that fits the
  // device; the map is described by that one).
  var touchHelp = window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;
  if (touchHelp && document.getElementById("hhz-map-help-touch")) {
    map.getContainer().setAttribute("aria-describedby", "hhz-map-help-touch");
  }
  // How the last press on the map was made: "touch" and "pen" open a popup, a mouse navigates.
  var lastPointer = "mouse";
  map.getContainer().addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
  }, true);

  // Gemeenten in no region: grey hatch, a tooltip on hover, not in the Tab order. They lie in a
  // pane below the regions and are added after them, REST_BATCH gemeenten to one shape (one SVG
  // path), each batch its own short task: a shape per gemeente (hundreds of paths, tooltips and
  // listeners) was most of the page's main-thread work (Lighthouse's Total Blocking Time). The
  // tooltip names the gemeente under the pointer (found by its rings, even-odd).
  map.createPane("hhz-rest");
  map.getPane("hhz-rest").style.zIndex = 390;  // below Leaflet's overlay pane (400)
  var restRenderer = L.svg({ pane: "hhz-rest", padding: 0.5 });
  var REST_BATCH = 16;  // a batch of 40 took 50-170 ms on the simulated phone: over the 50 ms of a long task
  function inside(rings, latlng) {
    var x = latlng.lng, y = latlng.lat, odd = false;
    rings.forEach(function (points) {
      for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
        var yi = points[i][0], xi = points[i][1], yj = points[j][0], xj = points[j][1];
        if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { odd = !odd; }
      }
    });
    return odd;
  }
  function addRest(items) {
    var parts = items.map(function (item) {
      var rings = item.rings.map(ring);
      return { naam: item.naam, rings: rings, bounds: L.latLngBounds([].concat.apply([], rings)) };
    });
    var shape = L.polygon(parts.map(function (part) { return part.rings; }), {
      color: data.geenGegevensRand, weight: 0.5, fillColor: data.geenGegevens, fillOpacity: 1,
      className: "hhz-map-rest", pane: "hhz-rest", renderer: restRenderer
    }).addTo(map);
    var shown = null;
    function under(latlng) {  // on a border (the stroke), the first whose box holds the point
      var near = null;
      for (var k = 0; k < parts.length; k++) {
        if (parts[k].bounds.contains(latlng)) {
          if (inside(parts[k].rings, latlng)) { return parts[k]; }
          near = near || parts[k];
        }
      }
      return near || parts[0];
    }
    // before bindTooltip: Leaflet opens the tooltip on the same mouseover
    shape.on("mouseover mousemove", function (event) {
      var part = under(event.latlng);
      if (part !== shown) {
        shown = part;
        shape.setTooltipContent(tooltipContent(part.naam, ""));
      }
    });
    shape.bindTooltip(function () { return tooltipContent((shown || parts[0]).naam, ""); }, { sticky: true, className: "hhz-map-tooltip" });
    // Chromium makes SVG shapes with focus listeners (Leaflet adds them for tooltips) tab
    // stops; these grey areas are not links, so keep them out of the Tab order.
    var el = shape.getElement();
    el.setAttribute("tabindex", "-1");
    el.setAttribute("aria-hidden", "true");
  }

  var current = keys[0];
  var focusOutline = null;
  var shapes = [];

  function go(href) { window.location.href = href; }

  // The popup of a tap: name, value in the current layer, and a link to the region's page.
  // (kept clear of the zoom buttons in the upper left corner)
  var popup = L.popup({
    className: "hhz-map-popup", maxWidth: 260, autoPanPaddingTopLeft: [52, 12], autoPanPaddingBottomRight: [12, 12]
  });
  var popupRegion = null;
  function popupContent(region) {
    var box = tooltipContent(region.naam, region.waarden[current][1]);
    var p = document.createElement("p");
    var link = document.createElement("a");
    link.href = region.href;
    link.textContent = "Naar de pagina van de regio";
    p.appendChild(link);
    box.appendChild(p);
    return box;
  }
  function openPopup(item, at) {
    item.shape.closeTooltip();
    popup.setLatLng(at).setContent(popupContent(item.region)).openOn(map);  // closes the one before
    popupRegion = item;
    showOutline(item.region);
  }
  map.on("popupclose", function () { popupRegion = null; hideOutline(); });

  function showOutline(region) {
    hideOutline();
    var latlngs = region.rings.map(ring);
    focusOutline = L.layerGroup([
      L.polygon(latlngs, { pane: "hhz-focus", interactive: false, fill: false, color: "#ffffff", weight: 6 }),
      L.polygon(latlngs, { pane: "hhz-focus", interactive: false, fill: false, color: "#000000", weight: 3 })
    ]).addTo(map);
  }
  function hideOutline() {
    if (focusOutline) { map.removeLayer(focusOutline); focusOutline = null; }
  }

  // The regions: drawn in a task of their own once the view is set (below), so they are
  // projected once; then their colours and names for the layer in the address.
  function addRegions() {
    data.regios.forEach(function (region) {
      var shape = L.polygon(region.rings.map(ring), {
        color: data.omlijning, weight: 1, fillOpacity: 1,
        fillColor: region.waarden[current][0], className: "hhz-map-region"
      }).addTo(map);
      shape.bindTooltip(function () {
        return tooltipContent(region.naam, region.waarden[current][1]);
      }, { sticky: true, className: "hhz-map-tooltip", direction: "top", offset: [0, -8] });
      var item = { region: region, shape: shape, el: null };
      shape.on("click", function (event) {
        if (lastPointer === "touch" || lastPointer === "pen") {
          openPopup(item, event.latlng);
        } else {
          go(region.href);
        }
      });
      shape.on("mouseover", function () { if (!popupRegion) { showOutline(region); } });
      shape.on("mouseout", function () { if (!popupRegion) { hideOutline(); } });
      var el = shape.getElement();
      item.el = el;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "link");
      el.setAttribute("data-regio", region.id);
      el.addEventListener("focus", function () {
        showOutline(region);
        var at = region.label ? L.latLng(region.label[0], region.label[1]) : shape.getBounds().getCenter();
        if (!map.getBounds().contains(at)) { map.panTo(at); }
        // Near the top edge the tooltip opens below the point, so it is not cut off.
        var tooltip = shape.getTooltip();
        var below = map.latLngToContainerPoint(at).y < map.getSize().y / 3;
        tooltip.options.direction = below ? "bottom" : "top";
        tooltip.options.offset = below ? [0, 8] : [0, -8];
        shape.openTooltip(at);
      });
      el.addEventListener("blur", function () { hideOutline(); shape.closeTooltip(); });
      el.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); go(region.href); }
        else if (event.key === "Escape") { shape.closeTooltip(); hideOutline(); }
      });
      shapes.push(item);
    });
    setLayer(current, false);
  }

  // Province borders on top: thin, not interactive (added in a task of their own, below).
  function addProvinces() {
    L.polyline(data.provinciegrenzen.map(function (ref) { return ring([ref]); }), {
      color: "#000000", weight: 1.6, opacity: 0.9, interactive: false, className: "hhz-map-provincies"
    }).addTo(map);
  }

  // -- layers: one at a time, kept in the URL (#laag=...) ------------------------------
  var radios = Array.prototype.slice.call(root.querySelectorAll('input[name="hhz-laag"]'));
  var legends = Array.prototype.slice.call(root.querySelectorAll(".hhz-map-legend"));

  function setLayer(key, updateUrl) {
    if (keys.indexOf(key) === -1) { key = keys[0]; }
    current = key;
    shapes.forEach(function (item) {
      var value = item.region.waarden[key];
      item.shape.setStyle({ fillColor: value[0] });
      item.el.setAttribute("aria-label", item.region.naam + ". " + value[1] + ". Enter opent de regiopagina.");
      if (item.shape.isTooltipOpen()) { item.shape.closeTooltip(); }
    });
    if (popupRegion) { popup.setContent(popupContent(popupRegion.region)); }
    radios.forEach(function (radio) { radio.checked = radio.value === key; });
    legends.forEach(function (legend) { legend.hidden = legend.getAttribute("data-laag") !== key; });
    root.setAttribute("data-laag", key);
    if (updateUrl && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#laag=" + key);
    }
  }

  function layerFromHash() {
    var match = /(?:^#|&)laag=([a-z0-9-]+)/.exec(window.location.hash || "");
    return match ? match[1] : keys[0];
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { setLayer(radio.value, true); } });
  });
  window.addEventListener("hashchange", function () { setLayer(layerFromHash(), false); });
  setLayer(layerFromHash(), false);

  // -- the view: the whole country, clear of the legend where that lies over the map ------
  // (on a narrow screen, over its lower left corner: the country's lower left is Belgium, so
  // the legend may cover the bottom part of the bounding box there). Again when the map's
  // width changes, not its height (a phone's address bar coming and going changes that).
  var legendBox = root.querySelector(".hhz-map-legends");
  var bounds = L.latLngBounds(data.grenzen);
  function fitWith(bottom) {
    map.fitBounds(bounds, { paddingTopLeft: [8, 8], paddingBottomRight: [8, bottom], animate: false });
  }
  function fit() {
    var mapRect = map.getContainer().getBoundingClientRect();
    var legendRect = legendBox ? legendBox.getBoundingClientRect() : null;
    var over = legendRect && legendRect.width > 0 && legendRect.left < mapRect.right &&
      legendRect.right > mapRect.left && legendRect.top < mapRect.bottom && legendRect.bottom > mapRect.top;
    if (!over) { fitWith(8); return; }
    // Below the legend's top, with room for a legend one row taller (the bouwsteen layers').
    var covered = mapRect.bottom - legendRect.top + 24;
    fitWith(covered);
    // Zeeland and Noord-Brabant end at 84 % of the country's height, Limburg (at 58 % of its
    // width and beyond) goes on: a narrow legend may reach up into that band.
    var nw = map.latLngToContainerPoint(bounds.getNorthWest());
    var se = map.latLngToContainerPoint(bounds.getSouthEast());
    var reach = (legendRect.right - mapRect.left - nw.x) / (se.x - nw.x);
    if (reach <= 0.55) { fitWith(Math.max(8, covered - 0.12 * (se.y - nw.y))); }
  }
  map.invalidateSize(false);
  fit();
  map.on("resize", function (event) {
    if (event.oldSize.x !== event.newSize.x) { fit(); }
  });

  // The drawing, one short task each: the regions, the province borders, then the grey
  // gemeenten in batches. HHZ_MAP (used by tests) once the map is complete.
  var later = [addRegions, addProvinces];
  for (var start = 0; start < data.overig.length; start += REST_BATCH) {
    later.push(function (batch) {
      return function () { addRest(batch); };
    }(data.overig.slice(start, start + REST_BATCH)));
  }
  function runLater() {
    var task = later.shift();
    if (task) {
      task();
      window.setTimeout(runLater, 0);
    } else {
      window.HHZ_MAP = { map: map, regions: shapes, setLayer: setLayer };
    }
  }
  window.setTimeout(runLater, 0);
};
