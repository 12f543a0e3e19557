// Receipts: canonical JSON and SHA-256, the same as hooks/policy_portal/receipt.py.
// SHA-256 is computed here rather than with crypto.subtle, which browsers offer only on
// https and localhost: an intranet server on plain http must work too.
(function (global) {
  "use strict";

  // Keys sorted, no white space; numbers must be integers (as the Python side writes them).
  function canonicalJSON(value) {
    if (Array.isArray(value)) return "[" + value.map(canonicalJSON).join(",") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (key) {
        return JSON.stringify(key) + ":" + canonicalJSON(value[key]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  // SHA-256 of a string's UTF-8 bytes, as lower-case hex (FIPS 180-4).
  function sha256Hex(text) {
    var bytes = new TextEncoder().encode(text);
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) {
        return x >>> 0;
      });
    }
    return h.map(function (x) { return ("00000000" + x.toString(16)).slice(-8); }).join("");
  }

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  // The receipt with its digest over everything else.
  function seal(receipt) {
    var body = Object.assign({}, receipt);
    delete body.digest;
    return Object.assign({}, body, { digest: { algorithm: "sha256", value: sha256Hex(canonicalJSON(body)) } });
  }

  // Local time with its offset, e.g. 2026-11-22T23:59:00+06:00.
  function localISO(date) {
    var pad = function (n) { return ("0" + n).slice(-2); };
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  // Russian and Kazakh letters in Latin (ICAO 9303 as in passports, Kazakh letters by the
  // 2021 Latin alphabet without diacritics), so file names are ASCII on every file system.
  var LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y",
    "ь": "", "э": "e", "ю": "iu", "я": "ia", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u",
    "ү": "u", "һ": "h", "і": "i"
  };

  function transliterate(text) {
    return Array.prototype.map.call(String(text || "").toLowerCase(), function (ch) {
      return Object.prototype.hasOwnProperty.call(LATIN, ch) ? LATIN[ch] : ch;
    }).join("");
  }

  // receipt_<what>_<person>_<YYYY-MM-DD>_<HHMM>.json from an ISO local time: a folder of
  // receipts from many people and days never collides, and sorts by person and date.
  function fileName(what, person, iso) {
    var slug = function (text, limit) {
      return transliterate(text).normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, limit)
        .replace(/-+$/, "");
    };
    var stamp = String(iso || "").slice(0, 16).replace("T", "_").replace(":", "");
    return ["receipt", slug(what, 40) || "form", slug(person, 60) || "bez-imeni", slug(stamp, 20)].join("_") + ".json";
  }

  // Save the receipt as a JSON file in the reader's downloads.
  function download(receipt, filename) {
    var blob = new Blob([JSON.stringify(receipt, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.receipt = {
    FORMAT: "policy-portal/receipt", VERSION: 2, canonicalJSON: canonicalJSON, sha256Hex: sha256Hex, seal: seal,
    download: download, localISO: localISO, transliterate: transliterate, fileName: fileName
  };
})(window);
