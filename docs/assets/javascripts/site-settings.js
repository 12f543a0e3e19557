// Reader settings that apply to every page: the version for the visually impaired, and the
// language switcher that keeps the clause the reader is on. Loaded in <head> (overrides/main.html),
// so the low-vision mode applies before the page is drawn, without a flash of the normal version.
// The setting is kept under the portal's storage prefix ("policy-portal:"), so "Удалить мои
// данные" removes it with the rest.
(function () {
  "use strict";

  var KEY = "policy-portal:low-vision";
  var root = document.documentElement;
  // Scripts run: what a script will show (a test's start) is laid out from the first paint.
  // A test whose script did not start it by the load event (not loaded, or it failed) says
  // again that it cannot run here (portal.css).
  root.classList.add("portal-js");
  window.addEventListener("load", function () {
    document.querySelectorAll('[data-module="quiz"]:not([data-quiz-ready])').forEach(function (quiz) {
      quiz.classList.add("quiz--unavailable");
    });
  });

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (error) {
      return false; // storage blocked (file://, privacy settings): the toggle still works per page
    }
  }

  function apply(on) {
    if (on) {
      root.setAttribute("data-low-vision", "");
    } else {
      root.removeAttribute("data-low-vision");
    }
    document.querySelectorAll('[data-module="low-vision"]').forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function save(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "on");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* not kept: nothing else to do */
    }
  }

  function initToggles() {
    document.querySelectorAll('[data-module="low-vision"]').forEach(function (button) {
      if (button.dataset.initialised) return;
      button.dataset.initialised = "true";
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.hasAttribute("data-low-vision");
        save(on);
        apply(on);
      });
    });
    apply(root.hasAttribute("data-low-vision"));
  }

  // The language switcher (mkdocs-static-i18n fills Material's) links to the same page in the
  // other language; every translation has the original's anchors, so the clause is kept too.
  function initLanguageLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".md-select__link[hreflang]");
      if (!link || !window.location.hash) return;
      var href = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", href + window.location.hash);
    }, true);
  }

  apply(stored());
  // Another tab switched the mode: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) apply(stored());
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initToggles);
  } else {
    initToggles();
  }
  initLanguageLinks();
})();
