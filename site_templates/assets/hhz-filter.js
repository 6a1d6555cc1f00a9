// Progressive enhancements. Without JavaScript every page works as is:
// - the good-practice index shows its full lists (the filter box stays hidden);
// - the heat-map on the home page is in alphabetical order of region.
(function () {
  "use strict";

  // The heat-map can be sorted by region name only (A-Z or Z-A), never by level or total:
  // this is mirror information, not a league table.
  function initSort() {
    var header = document.querySelector("th.hhz-sort");
    if (!header || header.dataset.ready) { return; }
    header.dataset.ready = "1";
    var tbody = header.closest("table").tBodies[0];
    var label = header.textContent.trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "hhz-sort-button";
    header.textContent = "";
    header.appendChild(button);
    function render() {
      var ascending = header.getAttribute("aria-sort") === "ascending";
      button.textContent = label + (ascending ? " (A-Z)" : " (Z-A)");
      button.setAttribute("title", ascending ? "Sorteer van Z naar A" : "Sorteer van A naar Z");
    }
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var order = a.cells[0].textContent.trim().localeCompare(b.cells[0].textContent.trim(), "nl");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      render();
    });
    render();
  }

  function init() {
    initSort();
    var box = document.querySelector(".hhz-filter");
    if (!box || box.dataset.ready) { return; }
    box.dataset.ready = "1";
    var input = document.getElementById("hhz-filter-input");
    var status = document.getElementById("hhz-filter-status");
    var items = Array.prototype.slice.call(document.querySelectorAll(".hhz-practices li[data-filter]"));
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        var match = !q || li.getAttribute("data-filter").indexOf(q) !== -1;
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = q ? shown + " van " + items.length + " vermeldingen zichtbaar" : "";
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
