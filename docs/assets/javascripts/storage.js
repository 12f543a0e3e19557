// The portal's data in this browser: every key it writes starts with "policy-portal:".
// A ward computer is shared, so "clear my data" removes all of them at once (tests, forms,
// the remembered name), not only the current page's.
(function (global) {
  "use strict";

  var PREFIX = "policy-portal:";

  // Every portal key in localStorage, in a stable order.
  function keys() {
    var found = [];
    try {
      for (var i = 0; i < global.localStorage.length; i++) {
        var key = global.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) found.push(key);
      }
    } catch (error) { /* storage disabled */ }
    return found.sort();
  }

  // Remove every portal key; returns what was removed, for the visible confirmation.
  function clearAll() {
    var removed = keys();
    removed.forEach(function (key) {
      try { global.localStorage.removeItem(key); } catch (error) { /* storage disabled */ }
    });
    return removed;
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.storage = { PREFIX: PREFIX, keys: keys, clearAll: clearAll };
})(window);
