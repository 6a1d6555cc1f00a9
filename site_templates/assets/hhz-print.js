/* "Afdrukken of bewaren als PDF": shows the print button (invisible without JavaScript, where
   it could do nothing) and prints the address the reader opened (with ?regio=… on the
   comparison page) at the bottom of the printout. Same-origin, no inline script (CSP). */
(function () {
  "use strict";

  function showAddress() {
    document.querySelectorAll(".hhz-print-url").forEach(function (el) {
      el.textContent = window.location.href;
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

  window.addEventListener("beforeprint", showAddress);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
