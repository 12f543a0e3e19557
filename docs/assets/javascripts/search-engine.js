// The portal's search: an index of the entries Material's search plugin collects (a document
// page clause by clause, with the word forms hooks/policy_portal/search.py computed), queried
// the way staff type. search-bridge.js runs it in place of Material's lunr worker.
//
// A query is read in this order:
//   1. a clause reference («п. 14», «пп. 3 п. 14», «п 15 ж», «приложение 1», «раздел 7»,
//      «14-т.», «cl. 14») puts the addressed clause first, in every document that has it;
//   2. the other words, less function words, are slots an entry has to fill: by a word's form
//      (search-forms.js), as a prefix (while typing), through the thesaurus
//      (quizzes/search/thesaurus.yaml: «мзда» also means «взятка»), or, for a word of 5 letters or
//      more that matches nothing, within one typo (two from 9 letters);
//   3. entries that fill every slot come first, then those that fill fewer; among equals a
//      rarer word and a shorter entry score higher, an entry that starts with the word (a
//      definition) higher still, the entry's own text more than the lead-in and headings it
//      sits under (its context); words no entry has are reported (missing);
//   4. a query without Cyrillic that finds nothing is read again as typed with the Russian
//      keyboard layout («rjyaktrn» → «конфликт»).
// Loaded before search-bridge.js; needs search-forms.js.
(function (global) {
  "use strict";

  var forms = global.PolicyPortal && global.PolicyPortal.searchForms;

  // The languages of the texts an edition's index holds: the Kazakh edition also shows Russian
  // originals that have no Kazakh translation (indexed with Russian forms), and Kazakh readers
  // search them in Russian.
  var TEXT_LANGUAGES = { ru: ["ru"], kk: ["kk", "ru"], en: ["en"] };

  // What a match is worth, against the word's own form in the entry's own text (1).
  var WEIGHT = { form: 1, prefix: 0.6, synonym: 0.9, typo: 0.45 };
  var CONTEXT = 0.2;       // a match in the lead-in or headings above the entry
  var BM25_K = 1.2;        // saturation and length normalisation, as lunr (BM25) has them
  var BM25_B = 0.75;
  var LEAD = 1.5;          // a word among the first LEAD_WORDS of the entry's own text
  var LEAD_WORDS = 3;
  var DEFINES = 2;         // an entry that defines the word («коррупция – …»)
  var PHRASE = 0.3;        // at most, for the query's words side by side in the entry
  var FILLED = 1000;       // each slot filled: above any score of the words
  var REFERENCE = 100000;  // the addressed clause comes before everything else
  var MIN_SCORE = 0.01;    // Material shows scores to two decimals
  var MIN_PREFIX = 3;      // a typed word shorter than this is matched by its form only

  // --- Clause references ------------------------------------------------------------------
  // The words that introduce each part of a reference, per kind (lower case, ё as е).
  // (A word's letters: \w is Latin only.)
  var MARKERS = [
    ["sub", "пп|подп|подпункт~|тт|тармақша~|subclause~|subitem~|sub"],
    ["clause", "п|пункт~|т|тармақ~|cl|clause~|item~|paragraph|p"],
    ["section", "раздел~|разд|гл|глав~|бөлім~|section~|chapter~|ch|sect"],
    ["appendix", "приложени~|прил|қосымша~|appendix~|annex~|app"]
  ].map(function (marker) {
    return [marker[0], new RegExp("^(" + marker[1].replace(/~/g, "[a-zа-яәғқңөұүһі]*") + ")$")];
  });
  // Kazakh writes the number first: «14-тармақ», «14-т.», «1-қосымша».
  var NUMBER_FIRST = /(\d+)\s*-\s*(тармақша[а-яәғқңөұүһі]*|тт|тармақ[а-яәғқңөұүһі]*|т|бөлім[а-яәғқңөұүһі]*|қосымша[а-яәғқңөұүһі]*)(?=$|[^a-zа-яәғқңөұүһі])/g;

  function markerOf(word) {
    for (var i = 0; i < MARKERS.length; i++) {
      if (MARKERS[i][1].test(word)) return MARKERS[i][0];
    }
    return null;
  }

  // The reference a query makes, as the key search.py gives the block ("c14.3", "c15.ж",
  // "s7", "a1", "a1.2"), and the query without it; key null when the query makes none.
  function parseReference(value) {
    var text = normalise(value).replace(NUMBER_FIRST, function (all, number, marker) {
      return marker + " " + number;
    });
    // Parts: words, numbers and single letters; "14.3", "15ж", "15(ж)", "14-3" split.
    var tokens = text.replace(/(\d)([a-zа-яәғқңөұүһі])(?![a-zа-яәғқңөұүһі])/g, "$1 $2")
      .replace(/(^|[^a-zа-яәғқңөұүһі])(п|пп|cl)(\d)/g, "$1$2 $3")
      .split(/[\s.,;:()№«»"'\-\/]+/).filter(Boolean);
    var parts = { clause: null, sub: null, section: null, appendix: null };
    var used = [];
    var pending = null;    // the marker waiting for its number
    var last = null;       // the part the previous number went to
    var found = false;
    tokens.forEach(function (token, index) {
      var marker = markerOf(token);
      if (marker && index + 1 < tokens.length && isValue(tokens[index + 1], marker)) {
        pending = marker;
        used.push(index);
        return;
      }
      if (pending && isValue(token, pending)) {
        if (parts[pending] === null) {
          parts[pending] = token;
        } else if (pending === "clause" && parts.sub === null) {
          parts.sub = token;
        }
        last = pending;
        pending = null;
        found = true;
        used.push(index);
        return;
      }
      // «п 15 ж», «п. 14.3», «прил. 1 пп. 2»: a further number or letter is the sub-item.
      if (last && (last === "clause" || last === "appendix") && parts.sub === null && isValue(token, "sub") &&
          used.indexOf(index - 1) >= 0) {
        parts.sub = token;
        used.push(index);
        last = "sub";
        return;
      }
      pending = null;
      last = null;
    });
    if (!found) return { key: null, rest: value };
    var key = null;
    // «пункт 2 приложения 1»: the appendix's item.
    var inAppendix = parts.sub !== null ? parts.sub : parts.clause;
    if (parts.appendix !== null) key = "a" + parts.appendix + (inAppendix !== null ? "." + inAppendix : "");
    else if (parts.clause !== null) key = "c" + parts.clause + (parts.sub !== null ? "." + parts.sub : "");
    else if (parts.section !== null) key = "s" + parts.section;
    if (key === null) return { key: null, rest: value };
    var rest = tokens.filter(function (token, index) { return used.indexOf(index) < 0; }).join(" ");
    return { key: key, rest: rest };
  }

  // A number, or a single letter where a sub-item's letter may stand.
  function isValue(token, marker) {
    if (/^\d{1,3}$/.test(token)) return true;
    return (marker === "sub" || marker === "clause") && /^[a-zа-яәғқңөұүһі]$/.test(token);
  }

  function normalise(value) {
    return String(value).toLowerCase().replace(/ё/g, "е");
  }

  // --- Keyboard layout --------------------------------------------------------------------
  var LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
  var CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьбюё";

  function fromLatinLayout(value) {
    return String(value).toLowerCase().split("").map(function (ch) {
      var at = LATIN.indexOf(ch);
      return at < 0 ? ch : CYRILLIC.charAt(at);
    }).join("");
  }

  function hasCyrillic(value) {
    return /[а-яёәғқңөұүһі]/i.test(value);
  }

  // --- Index --------------------------------------------------------------------------------
  // The entries of one edition (Material's index holds all of them offline), with their forms:
  // search.py gives a document's entries "forms" (own text) and "up" (the entry they sit in:
  // its words, and those of the entries above it, are read with theirs, as their context);
  // Material's own entries (other pages) get their forms here, from the title and text.
  function buildIndex(docs, language, thesaurus) {
    language = TEXT_LANGUAGES[language] ? language : "ru";
    var entries = [];
    var own = new Map();
    var context = new Map();
    var refs = new Map();
    var pages = new Map();
    var documents = new Set();
    var byLocation = new Map();
    var total = 0;
    docs.forEach(function (doc) {
      if (doc.lang && doc.lang !== language) return;
      var id = entries.length;
      var page = doc.location.split("#")[0];
      var ownForms = typeof doc.forms === "string"
        ? split(doc.forms)
        : formsOf(stripTags(doc.title) + " " + stripTags(doc.text), language);
      var entry = { doc: doc, page: page, size: ownForms.length, own: ownForms, defines: split(doc.defines), children: null };
      entries.push(entry);
      total += ownForms.length;
      ownForms.forEach(function (form) { post(own, form, id); });
      split(doc.context).forEach(function (form) { post(context, form, id); });
      if (doc.up) {
        var parent = byLocation.get(page + "#" + doc.up);
        if (parent !== undefined) (entries[parent].children || (entries[parent].children = [])).push(id);
      }
      byLocation.set(doc.location, id);
      if (doc.ref) post(refs, doc.ref, id);
      if (typeof doc.forms === "string" && doc.location !== page) documents.add(page);
      if (doc.location === page && !pages.has(page)) pages.set(page, id);
    });
    var vocabulary = Array.from(new Set(Array.from(own.keys()).concat(Array.from(context.keys())))).sort();
    return {
      language: language,
      entries: entries,
      own: own,
      context: context,
      refs: refs,
      pages: pages,
      documents: documents,
      vocabulary: vocabulary,
      average: entries.length ? total / entries.length : 1,
      thesaurus: compileThesaurus(thesaurus || [], language)
    };
  }

  function split(value) {
    return typeof value === "string" && value ? value.split(" ") : [];
  }

  function post(map, key, id) {
    var list = map.get(key);
    if (!list) map.set(key, list = []);
    if (list[list.length - 1] !== id) list.push(id);
  }

  function stripTags(html) {
    return String(html || "").replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/g, " ");
  }

  function formsOf(text, language) {
    var seen = new Set();
    forms.words(text, language).forEach(function (word) {
      seen.add(forms.wordForm(word, language));
    });
    return Array.from(seen);
  }

  // The thesaurus of the edition ({query: [phrase], text: [phrase]}, as written), each phrase
  // read as a query is: its words less function words, as forms of the edition's language.
  function compileThesaurus(entries, language) {
    function phrase(text) {
      return forms.queryWords(String(text), language).map(function (word) {
        return forms.hasForm(word, language) ? forms.wordForm(word, language) : word;
      });
    }
    function nonEmpty(list) { return list.length > 0; }
    return entries.map(function (entry) {
      return { query: (entry.query || []).map(phrase).filter(nonEmpty), text: (entry.text || []).map(phrase).filter(nonEmpty) };
    }).filter(function (entry) { return entry.query.length && entry.text.length; });
  }

  // --- Query --------------------------------------------------------------------------------
  // A term is one typed word: the forms it may match in the index, with their weights.
  function term(index, word, known) {
    var candidates = new Map();
    var languages = TEXT_LANGUAGES[index.language];
    function add(form, weight) {
      if ((candidates.get(form) || 0) < weight) candidates.set(form, weight);
    }
    var exact = [];
    languages.forEach(function (language) {
      exact.push(forms.hasForm(word, language) ? forms.wordForm(word, language) : word);
    });
    exact.forEach(function (form) {
      if (index.own.has(form) || index.context.has(form)) add(form, WEIGHT.form);
    });
    // As a prefix: forms that start with the word as typed, with its form, or with its root
    // (a long form less its last letter: related words' forms often differ there, политик →
    // политическ, участ → участв); and forms the typed word starts with (a word typed past
    // its form: "hospitali" → hospit).
    if (word.length >= MIN_PREFIX) {
      var starts = [word].concat(exact.filter(function (form) {
        return form.length >= MIN_PREFIX;
      }), exact.filter(function (form) {
        return form.length >= 6;
      }).map(function (form) { return form.slice(0, -1); }));
      starts.forEach(function (start) {
        prefixed(index.vocabulary, start).forEach(function (form) { add(form, WEIGHT.prefix); });
      });
      for (var end = word.length - 1; end >= Math.max(4, Math.ceil(word.length * 0.6)); end--) {
        var part = word.slice(0, end);
        if (index.own.has(part) || index.context.has(part)) add(part, WEIGHT.prefix);
      }
    }
    // Within a typo, when the word matches nothing else.
    if (!known && !candidates.size && /[^0-9]/.test(word) && word.length >= 5) {
      var distance = word.length >= 9 ? 2 : 1;
      exact.forEach(function (form) {
        index.vocabulary.forEach(function (known) {
          if (Math.abs(known.length - form.length) <= distance && /[^0-9]/.test(known) &&
              editDistance(form, known, distance) <= distance) {
            add(known, WEIGHT.typo);
          }
        });
      });
    }
    return { word: word, candidates: candidates };
  }

  // The forms of the sorted vocabulary that start with the given letters.
  function prefixed(vocabulary, start) {
    var low = 0;
    var high = vocabulary.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (vocabulary[middle] < start) low = middle + 1; else high = middle;
    }
    var found = [];
    for (var i = low; i < vocabulary.length && vocabulary[i].indexOf(start) === 0; i++) found.push(vocabulary[i]);
    return found;
  }

  // Optimal string alignment distance (a swap of two neighbours is one edit), given up once
  // it exceeds limit.
  function editDistance(a, b, limit) {
    var previous2 = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  // The score of each entry a term matches: its best candidate, by rarity, in the entry's own
  // text (length-normalised) or its context.
  function termScores(index, item) {
    var scores = new Map();
    var count = index.entries.length;
    item.candidates.forEach(function (weight, form) {
      var ownIds = index.own.get(form) || [];
      var contextIds = index.context.get(form) || [];
      var idf = Math.log(1 + count / (ownIds.length + contextIds.length || 1));
      var inContext = weight * idf * CONTEXT;
      ownIds.forEach(function (id) {
        var entry = index.entries[id];
        var norm = (BM25_K + 1) / (1 + BM25_K * (1 - BM25_B + BM25_B * entry.size / index.average));
        // A clause that starts with the word is about it.
        var lead = entry.own.indexOf(form) < LEAD_WORDS ? LEAD : 1;
        keepBest(scores, id, weight * idf * norm * lead, form);
        // The entries under it are read with its words.
        var below = entry.children ? entry.children.slice() : [];
        while (below.length) {
          var child = below.pop();
          keepBest(scores, child, inContext, form);
          if (index.entries[child].children) below.push.apply(below, index.entries[child].children);
        }
      });
      contextIds.forEach(function (id) {
        keepBest(scores, id, inContext, form);
      });
    });
    return scores;
  }

  function keepBest(scores, id, score, form) {
    var known = scores.get(id);
    if (!known || known.score < score) scores.set(id, { score: score, forms: [form] });
  }

  // The slots of a query: each is a list of alternatives, each alternative a list of terms
  // an entry must all match (a word typed is one alternative of one term; a thesaurus entry
  // adds its text phrases as alternatives of the words it stands for).
  function slotsOf(index, words) {
    var keys = words.map(function (word) { return key(index, word); });
    var slots = [];
    for (var i = 0; i < words.length;) {
      var found = synonymAt(index.thesaurus, keys, i);
      if (found) {
        var typed = words.slice(i, i + found.length);
        // A word the thesaurus knows is meant as typed, not as a typo of a word of the text.
        var alternatives = [{ weight: 1, terms: typed.map(function (word) { return term(index, word, true); }) }];
        found.text.forEach(function (phrase) {
          alternatives.push({ weight: WEIGHT.synonym, terms: phrase.map(function (word) { return exactTerm(index, word); }) });
        });
        slots.push({ words: typed, alternatives: alternatives });
        i += found.length;
      } else {
        slots.push({ words: [words[i]], alternatives: [{ weight: 1, terms: [term(index, words[i])] }] });
        i += 1;
      }
    }
    return slots;
  }

  // What the thesaurus knows a word by: its form in the edition's language.
  function key(index, word) {
    return forms.hasForm(word, index.language) ? forms.wordForm(word, index.language) : word;
  }

  // A thesaurus word of the text: given as its form, matched exactly.
  function exactTerm(index, form) {
    var candidates = new Map();
    if (index.own.has(form) || index.context.has(form)) candidates.set(form, WEIGHT.form);
    return { word: form, candidates: candidates };
  }

  // The longest query phrase of the thesaurus that starts at keys[start].
  function synonymAt(thesaurus, keys, start) {
    var best = null;
    thesaurus.forEach(function (entry) {
      entry.query.forEach(function (phrase) {
        if (phrase.length > keys.length - start || (best && phrase.length <= best.length)) return;
        for (var k = 0; k < phrase.length; k++) {
          if (phrase[k] !== keys[start + k]) return;
        }
        best = { length: phrase.length, text: entry.text };
      });
    });
    return best;
  }

  // An entry's score for a slot: its best alternative, whose terms it must all match.
  function slotScores(index, slot) {
    var result = new Map();
    slot.alternatives.forEach(function (alternative) {
      if (!alternative.terms.length) return;
      var maps = alternative.terms.map(function (item) { return termScores(index, item); });
      maps[0].forEach(function (first, id) {
        var sum = 0;
        var matched = [];
        for (var k = 0; k < maps.length; k++) {
          var hit = maps[k].get(id);
          if (!hit) return;
          sum += hit.score;
          matched = matched.concat(hit.forms);
        }
        var score = alternative.weight * sum / maps.length;
        var known = result.get(id);
        if (!known || known.score < score) result.set(id, { score: score, forms: matched });
      });
    });
    return result;
  }

  // The hits of a query, best first: [{entry, score, filled, forms}], and what was read.
  function run(index, value) {
    var reference = parseReference(value);
    var words = forms.queryWords(reference.rest, index.language);
    var slots = slotsOf(index, words);
    var hits = new Map();
    function hitOf(id) {
      var hit = hits.get(id);
      if (!hit) hits.set(id, hit = { id: id, score: 0, filled: 0, forms: [], reference: false });
      return hit;
    }
    if (reference.key) {
      (index.refs.get(reference.key) || []).forEach(function (id) {
        var hit = hitOf(id);
        hit.reference = true;
        hit.score += REFERENCE;
      });
    }
    var missing = [];
    slots.forEach(function (slot, at) {
      var scores = slotScores(index, slot);
      if (!scores.size) missing.push(slot.words.join(" "));
      scores.forEach(function (found, id) {
        var hit = hitOf(id);
        hit.score += found.score;
        hit.filled += 1;
        hit.forms = hit.forms.concat(found.forms);
        (hit.bySlot || (hit.bySlot = []))[at] = found.forms;
      });
    });
    // An entry that defines what was searched («коррупция – …» for «коррупция», not for
    // «предупреждение коррупции»): every word of its term matched.
    hits.forEach(function (hit) {
      var defines = index.entries[hit.id].defines;
      if (defines.length && defines.every(function (form) { return hit.forms.indexOf(form) >= 0; })) {
        hit.score *= DEFINES;
      }
    });
    // Words of the query next to each other in the entry as well: a phrase of the text.
    if (slots.length > 1) {
      hits.forEach(function (hit) {
        if (hit.filled < 2) return;
        var own = index.entries[hit.id].own;
        var pairs = 0;
        for (var at = 0; at + 1 < slots.length; at++) {
          if (adjacent(own, hit.bySlot[at], hit.bySlot[at + 1])) pairs++;
        }
        hit.score *= 1 + PHRASE * pairs / (slots.length - 1);
      });
    }
    var list = Array.from(hits.values()).filter(function (hit) {
      // A document's own page entry heads its clauses; it is not a hit of its own.
      var entry = index.entries[hit.id];
      return !(entry.doc.location === entry.page && index.documents.has(entry.page));
    });
    // One score that ranks: the reference, then the slots filled, then the words' worth (so
    // Material's Enter, which opens the best-scored hit, opens the first).
    list.forEach(function (hit) {
      hit.score = Math.max(MIN_SCORE, hit.score) + hit.filled * FILLED;
    });
    list.sort(function (a, b) { return (b.score - a.score) || (a.id - b.id); });
    return { hits: list, slots: slots, reference: reference.key, missing: missing };
  }

  // Whether a form of one slot comes right before a form of the next in the entry's own text
  // (its forms are in the order of their first word).
  function adjacent(own, first, second) {
    if (!first || !second) return false;
    return first.some(function (a) {
      var at = own.indexOf(a);
      return at >= 0 && second.indexOf(own[at + 1]) >= 0;
    });
  }

  // Search an edition's index; a query without Cyrillic that finds nothing is tried again as
  // typed with the Russian layout (corrected: what was searched instead).
  function search(index, value) {
    var result = run(index, value);
    if (!result.hits.length && index.language !== "en" && !hasCyrillic(value) && /[a-z]/i.test(value)) {
      var corrected = fromLatinLayout(value);
      var second = run(index, corrected);
      if (second.hits.length) {
        second.corrected = corrected;
        return second;
      }
    }
    return result;
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.searchEngine = {
    buildIndex: buildIndex, search: search, parseReference: parseReference, fromLatinLayout: fromLatinLayout,
    editDistance: editDistance, TEXT_LANGUAGES: TEXT_LANGUAGES
  };
})(window);
