// Material's search runs lunr in a web worker, and Material 9.8.1 offers no hook to change
// the query. This module wraps the Worker constructor before Material's bundle creates its
// search worker (it must load after the iframe-worker shim and before the bundle) and
// rewrites three of the worker's messages:
//   SETUP:  keep only the entries of the page's language (mkdocs-static-i18n merges them all);
//   QUERY:  next to each word (which Material matches as a prefix) add its word form in the
//           page's language (<html lang>: ru, kk or en), as a prefix and as an exact term, so
//           "взятка" finds "взятки", "подарок" "подарки", "gift" "gifts", "дерек" "деректерді";
//   RESULT: list hits in score order (Material groups them by page and folds all but the
//           best hit of each page), and report matched and missing words as typed.
(function (global) {
  "use strict";

  // Material's SearchMessageType: SETUP, READY, QUERY, RESULT.
  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  // An exact form is a better match than a prefix of the word as typed.
  var FORM_BOOST = 3;
  // Forms are indexed with this mark (hooks/policy_portal/search.py), apart from the words.
  var MARK = "_";

  var forms = global.PolicyPortal && global.PolicyPortal.searchForms;
  var NativeWorker = global.Worker;
  if (!forms || !NativeWorker || NativeWorker.policyPortalBridge) return;

  // A prefix that reaches the word's relatives: stems of related words often differ in their
  // last letter (отказа/отказ, блокировк/блокирован, disclos/disclosur).
  function rootOf(form) {
    return form.length >= 6 ? form.slice(0, -1) : form;
  }

  // Letters of a word in the page's HTML, per language (Latin and digits in every one).
  var TOKEN_RES = {
    ru: /[0-9A-Za-zА-Яа-яЁё]+/g,
    kk: /[0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+/g,
    en: /[0-9A-Za-zА-Яа-яЁё]+/g
  };

  // The languages of the texts an edition's index holds: the Kazakh edition also shows Russian
  // originals that have no Kazakh translation (indexed with Russian forms, search.py), and
  // Kazakh readers search them in Russian.
  var TEXT_LANGUAGES = { ru: ["ru"], kk: ["kk", "ru"], en: ["en"] };

  // The lunr query for what the reader typed in a language (Russian unless said otherwise),
  // and the words it was made of.
  function transformQuery(value, language) {
    language = TEXT_LANGUAGES[language] ? language : "ru";
    var terms = [];
    var words = [];
    value.split(/\s+/).forEach(function (token) {
      if (!token) return;
      // Explicit lunr syntax (+required, -excluded, "phrase", field:, ~, ^, *) is left to Material.
      if (/^[+-]|["*~^:]/.test(token)) {
        terms.push(token);
        return;
      }
      forms.queryWords(token, language).forEach(function (word) {
        // Material makes a bare term a prefix: the word as typed (text and title) ...
        terms.push(word);
        TEXT_LANGUAGES[language].forEach(function (textLanguage, index) {
          var form = word;
          if (forms.hasForm(word, textLanguage)) {
            // ... and the root of its form (the form less its last letter when long:
            // блокировка → "блокиров" → блокирование), while the exact form ranks highest.
            form = forms.wordForm(word, textLanguage);
            terms.push(MARK + rootOf(form), MARK + form + "^" + FORM_BOOST);
          } else if (index > 0) {
            return;
          }
          words.push({ word: word, root: MARK + rootOf(form), form: MARK + form });
        });
      });
    });
    return { query: terms.join(" "), words: words };
  }

  // Material's per-result terms, keyed by the words typed (a form match counts as a match).
  function relabelTerms(terms, words) {
    var result = {};
    words.forEach(function (entry) {
      var keys = [entry.word, entry.root, entry.form];
      if (keys.some(function (key) { return terms[key] === true; })) {
        result[entry.word] = true;
        // The root, unmarked, lets the page highlight the other forms too.
        if (entry.root !== MARK + entry.word) result[entry.root.slice(MARK.length)] = true;
      } else if (keys.some(function (key) { return key in terms; })) {
        result[entry.word] = false;
      }
    });
    return result;
  }

  // Mark the words of a hit's HTML whose form starts with a matched root: the worker marks
  // only words that match as typed ("подарок" does not mark "подарки").
  function highlightForms(html, roots, language) {
    language = language || "ru";
    if (!roots.length || typeof html !== "string") return html;
    var depth = 0;
    return html.split(/(<[^>]+>)/).map(function (part) {
      if (part.charAt(0) === "<") {
        if (/^<mark\b/i.test(part)) depth++;
        if (/^<\/mark>/i.test(part)) depth--;
        return part;
      }
      if (depth > 0) return part;
      return part.replace(TOKEN_RES[language] || TOKEN_RES.ru, function (token) {
        var words = forms.words(token, language);
        var form = words.length === 1 && forms.hasForm(words[0], language) ? forms.wordForm(words[0], language) : null;
        var hit = form && roots.some(function (root) { return form.indexOf(root) === 0; });
        return hit ? "<mark>" + token + "</mark>" : token;
      });
    }).join("");
  }

  // Hits in score order; consecutive hits on one page share a heading (a copy of the page's
  // own entry with score 0, which makes Material show every hit under it unfolded).
  function regroup(groups) {
    var hits = [];
    var pages = {};
    groups.forEach(function (group) {
      group.forEach(function (item) {
        var page = item.location.split("#")[0];
        if (item.location === page) pages[page] = item;
        if (item.score > 0) hits.push(item);
      });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    var runs = [];
    hits.forEach(function (hit) {
      var page = hit.location.split("#")[0];
      var run = runs[runs.length - 1];
      if (!run || run.page !== page) {
        var heading = pages[page] || { location: page, title: hit.title, text: "" };
        run = { page: page, items: [Object.assign({}, heading, { score: 0, terms: {} })] };
        runs.push(run);
      }
      run.items.push(hit);
    });
    return { groups: runs.map(function (run) { return run.items; }), count: hits.length };
  }

  // Material counts pages; say how many hits there are, in Material's own words.
  function showCount(count) {
    var meta = document.querySelector(".md-search-result__meta");
    var config = document.getElementById("__config");
    if (!meta || !config || count < 2) return;
    var translations = JSON.parse(config.textContent).translations || {};
    if (translations["search.result.other"]) {
      meta.textContent = translations["search.result.other"].replace("#", count);
    }
  }

  function pageLanguage() {
    return document.documentElement.getAttribute("lang") || "";
  }

  function bridge(worker) {
    var pending = [];  // words of each query sent, in order: the worker answers in order
    var postMessage = worker.postMessage;
    worker.postMessage = function (message) {
      if (message && message.type === SETUP) {
        var language = pageLanguage();
        message = Object.assign({}, message, {
          data: Object.assign({}, message.data, {
            docs: message.data.docs.filter(function (doc) {
              return !doc.lang || doc.lang === language;
            })
          })
        });
      } else if (message && message.type === QUERY) {
        var transformed = transformQuery(String(message.data), pageLanguage());
        pending.push(transformed.words);
        message = { type: QUERY, data: transformed.query };
      }
      return postMessage.apply(worker, [message].concat([].slice.call(arguments, 1)));
    };
    var addEventListener = worker.addEventListener;
    worker.addEventListener = function (type, listener, options) {
      if (type !== "message") return addEventListener.apply(worker, arguments);
      return addEventListener.call(worker, type, function (event) {
        var message = event.data;
        if (message && message.type === RESULT) {
          var words = pending.shift() || [];
          var result = regroup(message.data.items);
          result.groups.forEach(function (group) {
            group.forEach(function (item) {
              var matched = words.filter(function (entry) {
                return [entry.root, entry.form].some(function (key) { return item.terms[key] === true; });
              });
              var roots = matched.map(function (entry) { return entry.root.slice(MARK.length); });
              item.terms = relabelTerms(item.terms, words);
              item.title = highlightForms(item.title, roots, pageLanguage());
              item.text = highlightForms(item.text, roots, pageLanguage());
            });
          });
          message = { type: RESULT, data: Object.assign({}, message.data, { items: result.groups }) };
          listener.call(this, { data: message, type: event.type, target: event.target });
          showCount(result.count);
          return;
        }
        listener.call(this, event);
      }, options);
    };
    return worker;
  }

  // Only Material's search worker is bridged; any other worker is left as it is.
  function PortalWorker(url, options) {
    var worker = new NativeWorker(url, options);
    return /workers\/search\./.test(String(url)) ? bridge(worker) : worker;
  }
  PortalWorker.prototype = NativeWorker.prototype;
  PortalWorker.policyPortalBridge = true;
  global.Worker = PortalWorker;

  global.PolicyPortal.searchBridge = {
    transformQuery: transformQuery, relabelTerms: relabelTerms, regroup: regroup, highlightForms: highlightForms
  };
})(window);
