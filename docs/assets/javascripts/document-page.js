// Document pages: name the page's address in printouts and offer a print button.
// Without JavaScript the page still prints (browser menu) with its relative address.
(function () {
  "use strict";

  // The address a printout names: where the reader opened the page, without the fragment.
  function fillPrintUrls() {
    var url = window.location.href.split("#")[0];
    document.querySelectorAll("[data-print-url]").forEach(function (element) {
      element.textContent = url;
    });
  }

  // The print button is hidden until JavaScript can make it work.
  function initPrintButtons() {
    document.querySelectorAll('[data-module="print-button"]').forEach(function (button) {
      if (button.dataset.initialised) return;
      button.dataset.initialised = "true";
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  fillPrintUrls();
  initPrintButtons();
})();
