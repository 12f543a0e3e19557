// Russian word forms for search, the same as hooks/policy_portal/search.py computes at build
// time: Snowball's Russian stemmer (https://snowballstem.org/algorithms/russian/stemmer.html,
// ported from the code Snowball 3.1.1 generates), ё read as е, a fleeting vowel dropped.
// site_tests/test_search.py checks this port word for word against the Python package.
(function (global) {
  "use strict";

  var VOWELS = "аеиоуыэюя";

  // Suffix lists by group: group 1 endings count only after а or я (which stay).
  var PERFECTIVE_GERUND = { 1: ["в", "вши", "вшись"], 2: ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"] };
  var ADJECTIVE = ["ее", "ие", "ое", "ые", "ими", "ыми", "ей", "ий", "ой", "ый", "ем", "им", "ом", "ым",
    "его", "ого", "ему", "ому", "их", "ых", "ею", "ою", "ую", "юю", "ая", "яя"];
  var PARTICIPLE = { 1: ["ем", "нн", "вш", "щ", "ющ"], 2: ["ивш", "ывш", "ующ"] };
  var REFLEXIVE = ["сь", "ся"];
  var VERB = {
    1: ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "нно", "ет", "ют", "ны", "ть", "ешь"],
    2: ["ила", "ыла", "ена", "ите", "ейте", "уйте", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен",
      "ило", "ыло", "ено", "ует", "ит", "ыт", "уют", "ят", "ены", "ить", "ыть", "ишь", "ю", "ую"]
  };
  var NOUN = ["а", "ев", "ов", "е", "ие", "ье", "и", "еи", "ии", "ами", "ями", "иями", "й", "ей", "ией",
    "ий", "ой", "ам", "ем", "ием", "ом", "ям", "иям", "о", "у", "ах", "ях", "иях", "ы", "ь", "ю", "ию",
    "ью", "я", "ия", "ья"];
  var DERIVATIONAL = ["ост", "ость"];
  var FLEETING = /^(.{2,}[бвгджзклмнпрстфхцчшщ])[ое]([кц])$/;
  // Function words: as prefixes ("в*", "что*") they would match half the text.
  var STOP_WORDS = ("а без бы в во вот все всё где да для до его ее её если же за и из или им их " +
    "к как какая какие какой ко когда кто ли либо между мы на над не нет ни но о об он она они " +
    "оно от по под при про с со так также такое такой там то тот у уже чем что чтобы эта это этот я").split(" ");

  function isVowel(ch) {
    return VOWELS.indexOf(ch) >= 0;
  }

  // The longest suffix of word[0:end] from the groups that starts at or after limit.
  function longest(word, end, limit, groups) {
    var best = null;
    Object.keys(groups).forEach(function (group) {
      groups[group].forEach(function (suffix) {
        var start = end - suffix.length;
        if (start >= limit && word.slice(start, end) === suffix && (!best || suffix.length > best.suffix.length)) {
          best = { suffix: suffix, group: Number(group), start: start };
        }
      });
    });
    return best;
  }

  // Remove the longest ending of the groups; group 1 endings need а or я before them.
  function removeEnding(state, groups) {
    var match = longest(state.word, state.word.length, state.limit, groups);
    if (!match) return false;
    if (match.group === 1) {
      var before = state.word.charAt(match.start - 1);
      if (match.start - 1 < state.limit || (before !== "а" && before !== "я")) return false;
    }
    state.word = state.word.slice(0, match.start);
    return true;
  }

  // Start of RV (after the first vowel) and R2, as Snowball's mark_regions computes them.
  function regions(word) {
    var n = word.length, i = 0, pV = n, p2 = n;
    while (i < n && !isVowel(word[i])) i++;
    if (i >= n) return { pV: pV, p2: p2 };
    pV = i + 1;
    i = pV;
    while (i < n && isVowel(word[i])) i++;
    if (i >= n) return { pV: pV, p2: p2 };
    i++;
    while (i < n && !isVowel(word[i])) i++;
    if (i >= n) return { pV: pV, p2: p2 };
    i++;
    while (i < n && isVowel(word[i])) i++;
    if (i >= n) return { pV: pV, p2: p2 };
    p2 = i + 1;
    return { pV: pV, p2: p2 };
  }

  function stem(input) {
    var word = input.replace(/ё/g, "е");
    var marks = regions(word);
    var state = { word: word, limit: marks.pV };
    // Step 1: perfective gerund, or (reflexive then) adjectival, verb or noun.
    if (!removeEnding(state, PERFECTIVE_GERUND)) {
      removeEnding(state, { 2: REFLEXIVE });
      if (removeEnding(state, { 2: ADJECTIVE })) {
        removeEnding(state, PARTICIPLE);
      } else if (!removeEnding(state, VERB)) {
        removeEnding(state, { 2: NOUN });
      }
    }
    // Step 2: a final и.
    removeEnding(state, { 2: ["и"] });
    // Step 3: derivational ending, wholly in R2.
    var derivational = longest(state.word, state.word.length, state.limit, { 2: DERIVATIONAL });
    if (derivational && derivational.start >= marks.p2) state.word = state.word.slice(0, derivational.start);
    // Step 4: superlative (then undouble н), or undouble н, or a final ь.
    var tidy = longest(state.word, state.word.length, state.limit, { 1: ["ейш", "ейше"], 2: ["н"], 3: ["ь"] });
    if (tidy && tidy.group === 1) {
      state.word = state.word.slice(0, tidy.start);
      if (/нн$/.test(state.word) && state.word.length - 2 >= state.limit) state.word = state.word.slice(0, -1);
    } else if (tidy && tidy.group === 2) {
      if (tidy.start - 1 >= state.limit && state.word.charAt(tidy.start - 1) === "н") state.word = state.word.slice(0, -1);
    } else if (tidy && tidy.group === 3) {
      state.word = state.word.slice(0, -1);
    }
    return state.word;
  }

  // Lower-case words and numbers, ё read as е; hyphens and punctuation split.
  function words(text) {
    return text.toLowerCase().replace(/ё/g, "е").match(/[0-9a-zа-я]+/g) || [];
  }

  // Words worth searching for: no function words, no single letters (digits stay).
  function queryWords(text) {
    return words(text).filter(function (word) {
      return STOP_WORDS.indexOf(word) < 0 && (word.length > 1 || /[0-9]/.test(word));
    });
  }

  // The form a word is indexed and queried by: its stem, fleeting vowel dropped.
  function wordForm(word) {
    if (!/[а-я]/.test(word)) return word;
    return stem(word).replace(FLEETING, "$1$2");
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.searchForms = { stem: stem, words: words, queryWords: queryWords, wordForm: wordForm };
})(window);
