// Region pages: the embed code names the scorecard, the badge and the page by their paths
// relative to the page when the site has no site_url configured. This makes them absolute
// from the page's own address, so the code works when pasted into another website.
// Without JavaScript the relative paths stay (the page says what they are relative to).
(function () {
  "use strict";

  function escaped(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  document.querySelectorAll("code[data-hhz-relatief]").forEach(function (code) {
    var paths = code.getAttribute("data-hhz-relatief").split(" ").filter(Boolean);
    if (!paths.length) { return; }
    paths.sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp(paths.map(escaped).join("|"), "g");
    code.textContent = code.textContent.replace(pattern, function (path) {
      return new URL(path, window.location.href).href;
    });
    code.removeAttribute("data-hhz-relatief");
  });
  document.querySelectorAll(".hhz-embed-relative").forEach(function (note) { note.hidden = true; });
})();
