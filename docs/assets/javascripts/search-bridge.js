// Material's search UI talks to a web worker running lunr, and Material 9.8.1 offers no hook
// to change how it searches. This module wraps the Worker constructor before Material's bundle
// creates its search worker (it must load after the iframe-worker shim and before the bundle)
// and hands Material, instead, an object that answers the same messages with the portal's
// search (search-engine.js), on the page itself:
//   SETUP:  build the index of the page's language (mkdocs-static-i18n merges them all
//           offline) with the thesaurus the build put in the index's config; answer READY;
//   QUERY:  search, and answer RESULT: one group per page (a document once, under its title,
//           its hits in score order below), each hit its citation and text, the words of the
//           query marked in every form they take, and no "missing" line (Material lists a
//           hit's unmatched words, which a thesaurus or a typo match would always have).
// Material's lunr worker is never started: the index is built in a few hundred milliseconds
// even at 200 documents, where lunr took ten seconds.
(function (global) {
  "use strict";

  // Material's SearchMessageType: SETUP, READY, QUERY, RESULT.
  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;

  var portal = global.PolicyPortal || {};
  var forms = portal.searchForms;
  var engine = portal.searchEngine;
  var NativeWorker = global.Worker;
  if (!forms || !engine || !NativeWorker || NativeWorker.policyPortalBridge) return;

  // Letters of a word in the page's HTML, per language (Latin and digits in every one).
  var TOKEN_RES = {
    ru: /[0-9A-Za-zА-Яа-яЁё]+/g,
    kk: /[0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+/g,
    en: /[0-9A-Za-zА-Яа-яЁё]+/g
  };

  function pageLanguage() {
    var lang = document.documentElement.getAttribute("lang") || "ru";
    return engine.TEXT_LANGUAGES[lang] ? lang : "ru";
  }

  // Mark the words of a hit's HTML whose form starts with a matched form (in any of the
  // edition's text languages), outside tags and existing marks.
  function highlightForms(html, roots, language) {
    language = language || "ru";
    if (!roots.length || typeof html !== "string") return html;
    var languages = engine.TEXT_LANGUAGES[language] || ["ru"];
    var depth = 0;
    return html.split(/(<[^>]+>)/).map(function (part) {
      if (part.charAt(0) === "<") {
        if (/^<mark\b/i.test(part)) depth++;
        if (/^<\/mark>/i.test(part)) depth--;
        return part;
      }
      if (depth > 0) return part;
      return part.replace(TOKEN_RES[language] || TOKEN_RES.ru, function (token) {
        var hit = languages.some(function (textLanguage) {
          var words = forms.words(token, textLanguage);
          if (words.length !== 1) return false;
          var form = forms.wordForm(words[0], textLanguage);
          return roots.some(function (root) { return form.indexOf(root) === 0; });
        });
        return hit ? "<mark>" + token + "</mark>" : token;
      });
    }).join("");
  }

  // Material's result: groups of [the page's heading (score 0: Material then shows every hit
  // below it unfolded), hits…]; a page that is a hit itself (a test, a form) is its own group.
  function groups(index, result, language) {
    var order = [];
    var byPage = new Map();
    result.hits.forEach(function (hit) {
      var entry = index.entries[hit.id];
      var group = byPage.get(entry.page);
      if (!group) {
        byPage.set(entry.page, group = { page: entry.page, hits: [] });
        order.push(group);
      }
      group.hits.push(hit);
    });
    var typed = {};
    result.slots.forEach(function (slot) {
      slot.words.forEach(function (word) { typed[word] = true; });
    });
    return order.map(function (group) {
      var items = group.hits.map(function (hit) {
        var doc = index.entries[hit.id].doc;
        var roots = hit.forms.filter(function (form, at) { return hit.forms.indexOf(form) === at; });
        var terms = Object.assign({}, typed);
        roots.forEach(function (root) { terms[root] = true; });
        return {
          location: doc.location,
          title: highlightForms(doc.title, roots, language),
          text: highlightForms(doc.text, roots, language),
          score: hit.score,
          terms: terms
        };
      });
      if (items.length === 1 && items[0].location === group.page) return items;
      var pageId = index.pages.get(group.page);
      var page = pageId === undefined ? null : index.entries[pageId].doc;
      var heading = {
        location: group.page,
        title: page ? page.title : group.page,
        text: "",
        score: 0,
        terms: {}
      };
      // The page's own entry, when it is a hit too, is the heading already.
      return [heading].concat(items.filter(function (item) { return item.location !== group.page; }));
    }).sort(function (a, b) { return best(b) - best(a); });
  }

  function best(group) {
    return Math.max.apply(null, group.map(function (item) { return item.score; }));
  }

  function hitCount(items) {
    return items.reduce(function (count, group) {
      return count + group.filter(function (item) { return item.score > 0; }).length;
    }, 0);
  }

  // Material counts pages; say how many hits there are, in Material's own words, which words
  // of the query no entry has (once, here, instead of under every hit), and what was searched
  // when the query was read in the Russian layout.
  function showCount(count, corrected, missing) {
    var meta = document.querySelector(".md-search-result__meta");
    var config = document.getElementById("__config");
    if (!meta || !config) return;
    var translations = JSON.parse(config.textContent).translations || {};
    if (count >= 2 && translations["search.result.other"]) {
      meta.textContent = translations["search.result.other"].replace("#", count);
    }
    if (missing.length && count && translations["search.result.term.missing"]) {
      var absent = document.createElement("span");
      absent.className = "portal-search-missing";
      absent.textContent = " · " + translations["search.result.term.missing"] + ": " + missing.join(", ");
      meta.appendChild(absent);
    }
    var wording = meta.closest("[data-portal-corrected]");
    if (corrected && wording) {
      var note = document.createElement("span");
      note.className = "portal-search-corrected";
      note.textContent = " · " + wording.getAttribute("data-portal-corrected").replace("{query}", corrected);
      meta.appendChild(note);
    }
  }

  // The object Material takes for its search worker.
  function PortalSearch() {
    var target = document.createDocumentFragment();
    var index = null;
    var language = pageLanguage();
    var pending = [];
    function answer(message, after) {
      // Asynchronously, as a worker does: Material subscribes after it posts.
      setTimeout(function () {
        target.dispatchEvent(new MessageEvent("message", { data: message }));
        if (after) after();
      }, 0);
    }
    function query(value) {
      var result = engine.search(index, String(value));
      var items = groups(index, result, language);
      answer({ type: RESULT, data: { items: items } }, function () {
        showCount(hitCount(items), result.corrected, result.missing);
      });
    }
    return {
      addEventListener: target.addEventListener.bind(target),
      removeEventListener: target.removeEventListener.bind(target),
      dispatchEvent: target.dispatchEvent.bind(target),
      terminate: function () {},
      postMessage: function (message) {
        if (!message) return;
        if (message.type === SETUP) {
          var config = (message.data && message.data.config) || {};
          var thesaurus = (config.thesaurus || {})[language] || [];
          index = engine.buildIndex((message.data && message.data.docs) || [], language, thesaurus);
          answer({ type: READY });
          if (pending.length) query(pending.pop().data);
          pending = [];
        } else if (message.type === QUERY) {
          if (index) query(message.data); else pending.push(message);
        }
      }
    };
  }

  // Only Material's search worker is replaced; any other worker is left as it is.
  function PortalWorker(url, options) {
    return /workers\/search\./.test(String(url)) ? PortalSearch() : new NativeWorker(url, options);
  }
  PortalWorker.prototype = NativeWorker.prototype;
  PortalWorker.policyPortalBridge = true;
  global.Worker = PortalWorker;

  portal.searchBridge = { highlightForms: highlightForms, groups: groups };
  global.PolicyPortal = portal;
})(window);
