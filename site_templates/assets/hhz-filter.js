// Progressive enhancement: a filter box for the good-practice index.
// Without JavaScript the full lists are shown and the box stays hidden.
(function () {
  "use strict";
  function init() {
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
