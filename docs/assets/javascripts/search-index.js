// Material's bundle requests search/search_index.json as soon as a page loads: the index of
// every language, before anyone searches (it grows by about 400 KB per document). This module
// makes that request the index of the page's language (search/search_index.<lang>.json, which
// the build writes) and sends it when the reader first opens search; Material shows its
// "initialising" message meanwhile. Loaded in <head>, before Material's bundle. From file://
// Material loads search_index.js with a <script> instead, which this leaves alone.
(function (global) {
  "use strict";

  var XHR = global.XMLHttpRequest;
  if (!XHR || XHR.prototype.policyPortalIndex !== undefined) return;
  var open = XHR.prototype.open;
  var send = XHR.prototype.send;
  var waiting = [];
  // A search asked for in the address (?q=) or a hit's highlighting (?h=) needs the index now.
  var wanted = /[?&][qh]=/.test(global.location.search);

  function language() {
    var lang = document.documentElement.getAttribute("lang") || "";
    return /^[a-z]{2}$/.test(lang) ? lang : "";
  }

  XHR.prototype.policyPortalIndex = false;
  XHR.prototype.open = function (method, url) {
    var address = String(url);
    if (/(^|\/)search\/search_index\.json$/.test(address.split(/[?#]/)[0]) && language()) {
      this.policyPortalIndex = true;
      var args = [].slice.call(arguments);
      args[1] = address.replace(/search_index\.json/, "search_index." + language() + ".json");
      return open.apply(this, args);
    }
    return open.apply(this, arguments);
  };
  XHR.prototype.send = function () {
    if (this.policyPortalIndex && !wanted) {
      waiting.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (request) {
      send.apply(request[0], request[1]);
    });
  }

  // First use: the search field gets focus (a click, a tap, or Material's keys "/", "s", "f",
  // which open search and focus it), or the search toggle is switched on.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component='search-query']")) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  }, true);

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.searchIndex = { release: release };
})(window);
