/* "Afdrukken of bewaren als PDF": shows the print button (invisible without JavaScript, where
   it could do nothing) and prints the address the reader opened (with ?regio=… on the
   comparison page) at the bottom of the printout, and opens the folded parts for printing. Same-origin, no inline script (CSP). */
(function () {
  "use strict";

  function showAddress() {
    document.querySelectorAll(".hhz-print-url").forEach(function (el) {
      el.textContent = window.location.href;
    });
    // "lees verder op …" under a text clamped on paper: this page, at that text's section
    document.querySelectorAll(".hhz-print-here").forEach(function (el) {
      var anchor = el.getAttribute("data-anchor");
      el.textContent = window.location.href.split("#")[0] + (anchor ? "#" + anchor : "");
    });
  }

  function ready() {
    showAddress();
    document.querySelectorAll("button.hhz-print-button").forEach(function (button) {
      button.classList.add("hhz-ready");
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  // Folded parts (<details class="hhz-fold">) print open; the print style sheet does the same
  // without JavaScript where the browser supports ::details-content. Closed again afterwards.
  var opened = [];
  function unfold() {
    showAddress();
    document.querySelectorAll("details.hhz-fold:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  }
  function refold() {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  }

  window.addEventListener("beforeprint", unfold);
  window.addEventListener("afterprint", refold);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
