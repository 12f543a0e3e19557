// Word forms for search, the same as hooks/policy_portal/search.py computes at build time, per
// language: Russian, Snowball's Russian stemmer (https://snowballstem.org/algorithms/russian/stemmer.html,
// ported from the code Snowball 3.1.1 generates), ё read as е, a fleeting vowel dropped;
// English, Snowball's English stemmer (docs/assets/vendor/snowball/english-stemmer.js, which
// must be loaded too); Kazakh, the portal's own suffix stripper (kazakhStem, below).
// site_tests/test_search.py checks these word for word against the Python package.
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

  // --- Kazakh: the same conservative suffix stripper as search.py's kazakh_stem, table for table.
  var KK_MIN_STEM = 3;
  var KK_BACK = "аоұыяё";
  var KK_FRONT = "әеөүіэ";
  var KK_VOWELS = "аәеёиоөұүыіэюя";
  var KK_VOICED = "лмнңжзрйуи";
  var KK_VOICELESS = "кқпстфхцчшщбвгд";
  var KK_CONSONANTS = "бвгдғжзйклмнңпрстуфхцчшщ";
  // The letters an ending may follow ("V": any vowel but у).
  var KK_AFTER = {
    "plural_л": "Vрйуи", "plural_д": "лмнңжзи", "plural_т": KK_VOICELESS,
    "acc_н": "V", "acc_д": KK_VOICED, "acc_т": KK_VOICELESS,
    "gen_н": "Vмнң", "gen_д": "лжзрйуи", "gen_т": KK_VOICELESS,
    "loc_д": "V" + KK_VOICED + "бвгд", "loc_т": KK_VOICELESS,
    "dat_ғ": "V" + KK_VOICED + "бвгд", "dat_қ": KK_VOICELESS,
    "abl_д": "Vлжзрйуибвгд", "abl_н": "мнң", "abl_т": KK_VOICELESS,
    "ins_м": "Vлмнңрйуи", "ins_б": "жз", "ins_п": KK_VOICELESS,
    "attr_ғ": KK_VOICED, "attr_қ": KK_VOICELESS,
    "poss_ы": KK_CONSONANTS, "poss_с": "V",
    "part_ғ": "V" + KK_VOICED, "part_қ": KK_VOICELESS, "pres_а": KK_CONSONANTS, "pres_й": "V",
    "neg_м": "Vлрйуи", "neg_б": "мнңжз", "neg_п": KK_VOICELESS
  };

  // [ending, rule] pairs: the rule is the entry of KK_AFTER that says which letters it may follow.
  function kk(rule) {
    return [].slice.call(arguments, 1).map(function (ending) { return [ending, rule]; });
  }

  var KK_POSSESSIVE_3 = kk("poss_ы", "ы", "і").concat(kk("poss_с", "сы", "сі"));
  var KK_POSSESSIVE_12 = ["ыңыз", "іңіз", "ымыз", "іміз", "ым", "ім", "ың", "ің"];
  var KK_PLURALS = ["лар", "лер", "дар", "дер", "тар", "тер"];
  var KK_PLURAL = kk("plural_л", "лар", "лер").concat(kk("plural_д", "дар", "дер"), kk("plural_т", "тар", "тер"));
  var KK_CASES = [].concat(
    kk("acc_н", "ны", "ні"), kk("acc_д", "ды", "ді"), kk("acc_т", "ты", "ті"),
    kk("gen_н", "ның", "нің"), kk("gen_д", "дың", "дің"), kk("gen_т", "тың", "тің"),
    kk("loc_д", "да", "де", "дағы", "дегі"), kk("loc_т", "та", "те", "тағы", "тегі"),
    kk("dat_ғ", "ға", "ге"), kk("dat_қ", "қа", "ке"),
    kk("abl_д", "дан", "ден"), kk("abl_н", "нан", "нен"), kk("abl_т", "тан", "тен"),
    kk("ins_м", "мен"), kk("ins_б", "бен"), kk("ins_п", "пен"),
    kk("attr_ғ", "ғы", "гі"), kk("attr_қ", "қы", "кі"));
  var KK_POSSESSED = kk("poss_ы", "ын", "ін", "ында", "інде", "ына", "іне", "ынан", "інен", "ындағы", "індегі")
    .concat(kk("poss_с", "сын", "сін", "сында", "сінде", "сына", "сіне", "сынан", "сінен", "сындағы", "сіндегі"));
  var KK_FINITE = [].concat(kk("pres_а", "ады", "еді"), kk("pres_й", "йды", "йді", "йтын", "йтін"),
    kk("part_ғ", "ғаны", "гені"), kk("part_қ", "қаны", "кені"));
  var KK_VERBAL = [].concat(kk("", "у"), kk("part_ғ", "ған", "ген"), kk("part_қ", "қан", "кен"));
  var KK_NEGATION = [].concat(kk("neg_м", "ма", "ме"), kk("neg_б", "ба", "бе"), kk("neg_п", "па", "пе"));
  var KK_DEVOICE = { "б": "п", "г": "к", "ғ": "қ" };
  var KK_STEP_ONE = KK_CASES.concat(KK_POSSESSED, KK_FINITE);

  function endsWith(word, ending) {
    return word.length >= ending.length && word.slice(word.length - ending.length) === ending;
  }

  function endingsOf(pairs) {
    return pairs.map(function (pair) { return pair[0]; });
  }

  function kkHasVowel(stem) {
    for (var i = 0; i < stem.length; i++) {
      if (KK_VOWELS.indexOf(stem[i]) >= 0 || stem[i] === "у") return true;
    }
    return false;
  }

  // An ending's vowel agrees with the last vowel of the stem (у passed over; и, ю, -мен go with either).
  function kkHarmonises(stem, ending) {
    var own = null;
    for (var i = 0; i < ending.length && own === null; i++) {
      if (KK_BACK.indexOf(ending[i]) >= 0 || KK_FRONT.indexOf(ending[i]) >= 0) own = ending[i];
    }
    if (own === null || ending === "мен" || ending === "бен" || ending === "пен") return true;
    var last = null;
    for (var j = stem.length - 1; j >= 0 && last === null; j--) {
      if (KK_BACK.indexOf(stem[j]) >= 0 || KK_FRONT.indexOf(stem[j]) >= 0 || "ию".indexOf(stem[j]) >= 0) last = stem[j];
    }
    return last === null || "ию".indexOf(last) >= 0 || (KK_BACK.indexOf(own) >= 0) === (KK_BACK.indexOf(last) >= 0);
  }

  function kkMayRemove(stem, ending, rule) {
    if (stem.length < KK_MIN_STEM || !kkHasVowel(stem)) return false;
    if (rule) {
      var allowed = KK_AFTER[rule];
      var last = stem.charAt(stem.length - 1);
      if (!(allowed.indexOf(last) >= 0 || (allowed.indexOf("V") >= 0 && KK_VOWELS.indexOf(last) >= 0))) return false;
    }
    return kkHarmonises(stem, ending);
  }

  // Remove the longest of the endings that may be removed: [what stays, the ending removed].
  function kkRemove(word, endings) {
    var best = [word, ""];
    endings.forEach(function (pair) {
      var ending = pair[0];
      var stem = word.slice(0, word.length - ending.length);
      if (ending.length > best[1].length && endsWith(word, ending) && kkMayRemove(stem, ending, pair[1])) {
        best = [stem, ending];
      }
    });
    return best;
  }

  function kkRemoveAfterPlural(word) {
    for (var i = 0; i < KK_POSSESSIVE_12.length; i++) {
      var ending = KK_POSSESSIVE_12[i];
      var stem = word.slice(0, word.length - ending.length);
      var afterPlural = KK_PLURALS.some(function (plural) { return endsWith(stem, plural); });
      if (endsWith(word, ending) && afterPlural && kkHarmonises(stem, ending)) return stem;
    }
    return word;
  }

  // The stem of a lower-case Kazakh word (search.py's kazakh_stem explains each step).
  function kazakhStem(word) {
    var cut = kkRemove(word, KK_STEP_ONE);
    var stem = cut[0];
    if (cut[1] && endingsOf(KK_FINITE).indexOf(cut[1]) >= 0) {
      stem = kkRemove(stem, KK_NEGATION)[0];
    } else {
      if (endingsOf(KK_POSSESSED).indexOf(cut[1]) < 0) {
        cut = kkRemove(stem, KK_POSSESSIVE_3);
        stem = cut[1] ? cut[0] : kkRemoveAfterPlural(stem);
      }
      stem = kkRemove(stem, KK_PLURAL)[0];
      cut = kkRemove(stem, KK_VERBAL);
      stem = cut[1] ? kkRemove(cut[0], KK_NEGATION)[0] : stem;
      stem = kkRemove(stem, KK_POSSESSIVE_3.slice(0, 2))[0];
    }
    var last = stem.charAt(stem.length - 1);
    if (stem.length >= KK_MIN_STEM && KK_DEVOICE[last] && kkHasVowel(stem)) {
      stem = stem.slice(0, -1) + KK_DEVOICE[last];
    }
    return stem;
  }

  // --- English: Snowball's own stemmer, vendored (one instance: it keeps no state between words).
  // Without it (the script not loaded) English words are searched as typed, and
  // test_search.py's comparison with Python fails.
  var english = null;

  function englishStem(word) {
    var snowball = global.PolicyPortal && global.PolicyPortal.snowball;
    if (!snowball) return word;
    if (!english) english = new snowball.EnglishStemmer();
    return english.stemWord(word);
  }

  // --- Per language -----------------------------------------------------------------------
  var WORD_RES = { ru: /[0-9a-zа-я]+/g, kk: /[0-9a-zа-яәғқңөұүһі]+/g, en: /[0-9a-zа-я]+/g };
  var LETTER_RES = { ru: /[а-я]/, kk: /[а-яәғқңөұүһі]/, en: /[a-z]/ };
  // Function words of the query, per language: as prefixes they would match half the text.
  var QUERY_STOP_WORDS = {
    ru: STOP_WORDS,
    kk: ("ал ба бе бен бірақ бұл да де және кім қай қайда қалай қандай қашан ма ме мен не немесе " +
      "ол осы па пе пен сол та те туралы үшін").split(" "),
    en: ("a about an and are as at be by can do does for from how i if in is it its my of on or " +
      "should that the their this to was what when where which who with").split(" ")
  };

  // Russian unless said otherwise; a language without forms is read as Russian text whose
  // words are their own forms (search.py does the same).
  function language(name) {
    return name === undefined ? "ru" : name;
  }

  // Lower-case words and numbers, ё read as е; hyphens and punctuation split.
  function words(text, name) {
    return text.toLowerCase().replace(/ё/g, "е").match(WORD_RES[language(name)] || WORD_RES.ru) || [];
  }

  // Words worth searching for: no function words, no single letters (digits stay).
  function queryWords(text, name) {
    var stopWords = QUERY_STOP_WORDS[language(name)] || [];
    return words(text, name).filter(function (word) {
      return stopWords.indexOf(word) < 0 && (word.length > 1 || /[0-9]/.test(word));
    });
  }

  // Whether a word has a form of its own in the language (numbers and codes keep theirs).
  function hasForm(word, name) {
    var letter = LETTER_RES[language(name)];
    return Boolean(letter) && letter.test(word);
  }

  // The form a word (from words()) is indexed and queried by in the language.
  function wordForm(word, name) {
    var lang = language(name);
    if (!hasForm(word, lang)) return word;
    if (lang === "en") return englishStem(word);
    if (lang === "kk") return kazakhStem(word);
    return stem(word).replace(FLEETING, "$1$2");
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.searchForms = {
    stem: stem, kazakhStem: kazakhStem, englishStem: englishStem,
    words: words, queryWords: queryWords, hasForm: hasForm, wordForm: wordForm
  };
})(window);
