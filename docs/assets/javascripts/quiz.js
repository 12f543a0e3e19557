// Quiz widget: one per [data-module="quiz"], built from the page's <template> elements and
// the bank's JSON (templates/partials/quiz.html in the package). Text from the bank is always set with
// textContent, never as markup. The attempt, the results and the learner's name stay in
// this browser (localStorage) until "clear my data".
//
// What may never happen to a learner (staff press Enter to "confirm", finish with questions
// left, practise again after passing): Enter never submits (the attempt is not a <form>);
// finishing with unanswered questions asks first; practice and test results are kept apart,
// and the latest passed test of this bank version stays printable until a newer passed test
// replaces it. A test records who took it when it starts, so a result left on a shared
// computer cannot be printed or downloaded under another name; another tab's results are
// merged, never overwritten.
(function (global) {
  "use strict";

  var STORE = "policy-portal:quiz:";
  var LEARNER = "policy-portal:learner";
  var receipts = global.PolicyPortal && global.PolicyPortal.receipt;
  var storage = global.PolicyPortal && global.PolicyPortal.storage;

  // --- Pure helpers (exported for tests) -------------------------------------------------

  function shuffle(items, random) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var swap = copy[i]; copy[i] = copy[j]; copy[j] = swap;
    }
    return copy;
  }

  // Question ids for one attempt: each topic's quota first, the rest at random, shuffled.
  // hooks/policy_portal/bank_stats.py computes pass probabilities for exactly this draw.
  function draw(questions, count, quotas, random) {
    var chosen = [];
    Object.keys(quotas || {}).forEach(function (topic) {
      var pool = questions.filter(function (q) { return q.topic === topic; });
      chosen = chosen.concat(shuffle(pool, random).slice(0, quotas[topic]));
    });
    var rest = questions.filter(function (q) { return chosen.indexOf(q) < 0; });
    chosen = chosen.concat(shuffle(rest, random).slice(0, Math.max(0, count - chosen.length)));
    return shuffle(chosen, random).map(function (q) { return q.id; });
  }

  function sameAnswers(given, correct) {
    var a = (given || []).slice().sort();
    var b = correct.slice().sort();
    return a.length === b.length && a.every(function (value, i) { return value === b[i]; });
  }

  // Score an attempt: overall, per topic, per question.
  function score(data, attempt) {
    var byId = index(data.questions);
    var topics = {};
    var correct = 0;
    var results = attempt.questions.map(function (id) {
      var question = byId[id];
      var ok = sameAnswers(attempt.answers[id], question.correct);
      topics[question.topic] = topics[question.topic] || { correct: 0, total: 0 };
      topics[question.topic].total += 1;
      if (ok) { topics[question.topic].correct += 1; correct += 1; }
      return { id: id, correct: ok };
    });
    var total = attempt.questions.length;
    var percent = total ? Math.round((100 * correct) / total) : 0;
    return { correct: correct, total: total, percent: percent, passed: percent >= data.bank.passMark,
      topics: topics, questions: results };
  }

  // When a result was taken, in milliseconds (0 when unknown).
  function stamp(result) {
    var time = result && Date.parse(result.takenAt);
    return isNaN(time) ? 0 : time || 0;
  }

  function index(questions) {
    var byId = {};
    questions.forEach(function (q) { byId[q.id] = q; });
    return byId;
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }

  // "2026-11-20T10:15:00+06:00" -> "20.11.2026 10:15": the learner's own local time, as written.
  function localDateTime(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    return m ? m[3] + "." + m[2] + "." + m[1] + " " + m[4] + ":" + m[5] : "";
  }

  function localDate(iso) {
    return localDateTime(iso).slice(0, 10);
  }

  // "2022-06-21" -> "21.06.2022".
  function ruDate(isoDate) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || "");
    return m ? m[3] + "." + m[2] + "." + m[1] : isoDate;
  }

  // The receipt of a finished test: who, which text and bank, what was asked and answered.
  function buildReceipt(data, result, learner, language) {
    var byId = index(data.questions);
    var clauses = [];
    var seen = {};
    var answers = {};
    result.questions.forEach(function (id) {
      answers[id] = (result.answers[id] || []).slice().sort();
      byId[id].cites.forEach(function (cite) {
        if (seen[cite.anchor]) return;
        seen[cite.anchor] = true;
        clauses.push({ anchor: cite.anchor, sha256: cite.sha256 });
      });
    });
    return receipts.seal({
      format: receipts.FORMAT,
      version: receipts.VERSION,
      kind: "quiz",
      language: language || "ru",
      learner: { name: learner.name || "", position: learner.position || "", department: learner.department || "" },
      document: { id: data.document.id, title: data.document.title, number: data.document.number, date: data.document.date },
      bank: { id: data.bank.id, version: data.bank.version },
      attempt: {
        mode: result.mode, taken_at: result.takenAt, questions: result.questions, answers: answers,
        correct: result.correct, total: result.total, percent: result.percent,
        pass_mark: data.bank.passMark, passed: result.passed
      },
      clauses: clauses
    });
  }

  // --- The widget --------------------------------------------------------------------------

  function Quiz(root) {
    this.root = root;
    this.data = quizData(root);
    this.s = JSON.parse(root.querySelector(".quiz__strings").textContent);
    this.key = STORE + this.data.bank.id;
    this.byId = index(this.data.questions);
    // The language the questions are shown in: a test without the page's language shows its original.
    this.language = this.data.language || document.documentElement.lang || "ru";
    this.el = function (selector) { return root.querySelector(selector); };
  }

  Quiz.prototype.init = function () {
    var self = this;
    this.el(".quiz__static").hidden = true;
    this.el(".quiz__app").hidden = false;
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (button && self.root.contains(button)) self.act(button.dataset.action, button);
    });
    this.el(".quiz__attempt").addEventListener("change", function (event) { self.answer(event.target); });
    this.root.querySelectorAll("[data-learner]").forEach(function (input) {
      input.addEventListener("input", function () { self.saveLearner(); });
    });
    // Another tab saved a result or cleared the data: take it in, never write it back over.
    global.addEventListener("storage", function (event) {
      if (event.key === null || event.key === self.key || event.key === LEARNER) self.refresh();
    });
    // Ctrl+P on a test result prints the sheet alone, as the print button does.
    global.addEventListener("beforeprint", function () {
      if (self.shown && self.state[self.shown] && self.state[self.shown].mode === "test") {
        document.documentElement.classList.add("quiz-printing");
      }
    });
    global.addEventListener("afterprint", function () { document.documentElement.classList.remove("quiz-printing"); });
    this.state = this.load();
    this.fillLearner();
    if (this.state.attempt) {
      this.showAttempt(false);
      this.announce(this.s.restored);
    } else {
      this.showResult(this.newest(), false);
    }
  };

  // The most recent saved result: "passed", "test" or "practice" (null when none).
  Quiz.prototype.newest = function () {
    var state = this.state;
    return ["passed", "test", "practice"].filter(function (which) { return state[which]; })
      .sort(function (a, b) { return stamp(state[b]) - stamp(state[a]); })[0] || null;
  };

  // After another tab changed the stored data: take in its results, never write them over.
  Quiz.prototype.refresh = function () {
    var raw = null;
    try { raw = global.localStorage.getItem(this.key); } catch (error) { raw = null; }
    this.fillLearner();
    if (raw === null) {  // cleared: nothing of the previous person stays on screen
      this.state = { version: this.data.bank.version };
      this.showStart(false);
      return;
    }
    var stored = this.load();
    var state = this.state;
    ["passed", "test", "practice"].forEach(function (which) {
      if (stored[which] && stamp(stored[which]) > stamp(state[which])) state[which] = stored[which];
    });
    if (!this.el(".quiz__attempt").hidden && state.attempt) {
      // This tab keeps answering its attempt, unless that very attempt was finished elsewhere.
      var started = Date.parse(state.attempt.startedAt) || 0;
      var finished = !stored.attempt && ["test", "practice"].some(function (which) {
        return stored[which] && stamp(stored[which]) >= started;
      });
      if (!finished) return;
      state.attempt = null;
      this.showResult(this.newest(), false);
      return;
    }
    state.attempt = stored.attempt || null;
    if (this.shown) this.showResult(this.newest(), false);
    else this.showStart(false);
  };

  Quiz.prototype.act = function (action, button) {
    if (action === "start") this.start();
    if (action === "check") this.check(button.closest(".quiz__question").dataset.question);
    if (action === "finish") this.finish(false);
    if (action === "finish-anyway") this.finish(true);
    if (action === "back") this.backToUnanswered();
    if (action === "again") this.showStart(true);
    if (action === "show-passed") this.showResult("passed", true);
    if (action === "show") this.showResult(button.dataset.which, true);
    if (action === "print") this.print();
    if (action === "receipt") this.download();
    if (action === "clear") this.clear();
  };

  // --- Storage -------------------------------------------------------------------------

  // State: {version, attempt, practice, test, passed}: the running attempt, the latest
  // practice result, the latest test result and the latest passed test result.
  Quiz.prototype.load = function () {
    var state = null;
    try { state = JSON.parse(global.localStorage.getItem(this.key)); } catch (error) { state = null; }
    // A bank of another version asked other questions: start afresh.
    if (!state || state.version !== this.data.bank.version) return { version: this.data.bank.version };
    if (state.result) {  // saved by the first release: one result for both modes, no learner
      if (state.result.mode === "test" && !state.result.learner) state.result.learner = this.learner();
      state[state.result.mode === "test" ? "test" : "practice"] = state.result;
      if (state.result.mode === "test" && state.result.passed) state.passed = state.result;
      delete state.result;
    }
    return state;
  };

  // Save, keeping any newer result another tab saved in the meantime.
  Quiz.prototype.save = function () {
    var stored = this.load();
    var state = this.state;
    ["passed", "test", "practice"].forEach(function (which) {
      if (stored[which] && stamp(stored[which]) > stamp(state[which])) state[which] = stored[which];
    });
    try { global.localStorage.setItem(this.key, JSON.stringify(this.state)); } catch (error) { /* private mode */ }
  };

  Quiz.prototype.learner = function () {
    try { return JSON.parse(global.localStorage.getItem(LEARNER)) || {}; } catch (error) { return {}; }
  };

  Quiz.prototype.fillLearner = function () {
    var learner = this.learner();
    this.root.querySelectorAll("[data-learner]").forEach(function (input) {
      input.value = learner[input.dataset.learner] || "";
    });
  };

  Quiz.prototype.saveLearner = function () {
    var learner = this.learner();
    this.root.querySelectorAll("[data-learner]").forEach(function (input) {
      learner[input.dataset.learner] = input.value.trim();
      if (input.value.trim()) input.removeAttribute("aria-invalid");
    });
    try { global.localStorage.setItem(LEARNER, JSON.stringify(learner)); } catch (error) { /* private mode */ }
  };

  // Remove every portal key in this browser, after asking: a ward computer is shared.
  Quiz.prototype.clear = function () {
    var s = this.s;
    if (!global.confirm(s.clear_confirm)) return;
    var removed = storage.clearAll();
    var tests = removed.filter(function (key) { return key.indexOf(STORE) === 0; }).length;
    var forms = removed.filter(function (key) { return key.indexOf("policy-portal:checklist:") === 0; }).length;
    var parts = [];
    if (tests) parts.push(format(s.cleared_tests, { n: tests }));
    if (forms) parts.push(format(s.cleared_forms, { n: forms }));
    if (removed.indexOf(LEARNER) >= 0) parts.push(s.cleared_learner);
    var message = parts.length ? format(s.cleared, { list: parts.join(", ") }) : s.cleared_none;
    this.state = { version: this.data.bank.version };
    this.fillLearner();
    this.showStart(false);
    var cleared = this.el(".quiz__cleared");
    cleared.textContent = message;
    cleared.hidden = false;
    cleared.setAttribute("tabindex", "-1");
    cleared.focus();
  };

  // --- Attempt ---------------------------------------------------------------------------

  Quiz.prototype.start = function () {
    var mode = this.root.querySelector(".quiz__modes input:checked").value;
    if (mode === "test" && !this.learnerComplete()) return;
    this.el(".quiz__learner-missing").hidden = true;
    var ids = draw(this.data.questions, this.data.bank.drawCount, this.data.bank.quotas, Math.random);
    var order = {};
    var byId = this.byId;
    ids.forEach(function (id) {
      var options = byId[id].options.map(function (o) { return o.id; });
      order[id] = byId[id].type === "true_false" ? options : shuffle(options, Math.random);
    });
    this.state.attempt = { mode: mode, questions: ids, order: order, answers: {}, checked: {},
      startedAt: receipts.localISO(new Date()) };
    if (mode === "test") this.state.attempt.learner = this.typedLearner();
    this.save();
    this.showAttempt(true);
  };

  Quiz.prototype.showAttempt = function (focus) {
    var attempt = this.state.attempt;
    var s = this.s;
    var container = this.el(".quiz__questions");
    container.textContent = "";
    this.el(".quiz__review").textContent = "";  // ids must stay unique on the page
    var modeName = attempt.mode === "test" ? s.mode_test : s.mode_practice;
    this.el(".quiz__attempt-title").textContent = format(s.attempt_title, { mode: modeName, count: attempt.questions.length });
    var self = this;
    attempt.questions.forEach(function (id, position) {
      container.appendChild(self.renderQuestion(self.byId[id], position, attempt, "attempt"));
    });
    this.el(".quiz__unanswered").hidden = true;
    this.progress();
    this.show("attempt");
    if (focus) this.el(".quiz__attempt-title").focus();
  };

  // One question; `view` is "attempt", "review" (answers and keys) or "mistakes" (answers only).
  Quiz.prototype.renderQuestion = function (question, position, attempt, view) {
    var s = this.s;
    var node = this.el(".quiz__question-template").content.firstElementChild.cloneNode(true);
    var bank = this.data.bank.id;
    var prefix = (view === "attempt" ? "quiz-" : "quiz-review-") + bank + "-" + question.id;
    node.dataset.question = question.id;
    node.id = prefix;
    node.querySelector(".quiz__number").textContent = format(s.question_number, { n: position + 1, count: attempt.questions.length });
    node.querySelector(".quiz__prompt").textContent = question.prompt;
    var situation = node.querySelector(".quiz__situation");
    situation.textContent = question.situation;
    situation.hidden = !question.situation;
    if (question.situation) {
      situation.id = prefix + "-situation";
      node.setAttribute("aria-describedby", situation.id);  // read with the question, also when tabbing
    }
    node.querySelector(".quiz__instruction").textContent = question.multiple ? s.choose_many : s.choose_one;
    var list = node.querySelector(".quiz__options");
    var byOption = {};
    question.options.forEach(function (option) { byOption[option.id] = option; });
    var answers = attempt.answers[question.id] || [];
    var optionTemplate = this.el(".quiz__option-template").content.firstElementChild;
    (attempt.order[question.id] || Object.keys(byOption)).forEach(function (optionId) {
      var item = optionTemplate.cloneNode(true);
      var input = item.querySelector("input");
      input.type = question.multiple ? "checkbox" : "radio";
      input.name = prefix;
      input.value = optionId;
      input.id = prefix + "-" + optionId;
      input.checked = answers.indexOf(optionId) >= 0;
      item.dataset.option = optionId;
      item.querySelector("label").htmlFor = input.id;
      item.querySelector(".quiz__option-text").textContent = byOption[optionId].text;
      list.appendChild(item);
    });
    node.querySelector(".quiz__check-row").hidden = !(view === "attempt" && attempt.mode === "practice");
    if (view !== "attempt") this.renderFeedback(node, question, answers, view === "review");
    else if (attempt.checked[question.id]) this.renderFeedback(node, question, answers, true);
    return node;
  };

  Quiz.prototype.answer = function (input) {
    var question = input.closest(".quiz__question");
    if (!question || !this.state.attempt) return;
    var id = question.dataset.question;
    this.state.attempt.answers[id] = Array.prototype.map.call(
      question.querySelectorAll("input:checked"), function (checked) { return checked.value; });
    var hint = question.querySelector(".quiz__check-hint");
    if (hint) hint.hidden = true;
    this.save();
    this.progress();
  };

  Quiz.prototype.unanswered = function () {
    var attempt = this.state.attempt;
    return attempt.questions.filter(function (id) { return !(attempt.answers[id] || []).length; });
  };

  Quiz.prototype.progress = function () {
    var attempt = this.state.attempt;
    this.el(".quiz__progress").textContent = format(this.s.progress, {
      answered: attempt.questions.length - this.unanswered().length, count: attempt.questions.length
    });
  };

  // Practice mode: feedback and explanation for one answered question.
  Quiz.prototype.check = function (id) {
    var node = this.root.querySelector('.quiz__questions .quiz__question[data-question="' + CSS.escape(id) + '"]');
    var answers = this.state.attempt.answers[id] || [];
    if (!answers.length) {
      var hint = node.querySelector(".quiz__check-hint");
      hint.textContent = this.s.check_needs_choice;
      hint.hidden = false;
      this.announce(this.s.check_needs_choice);
      node.querySelector("input").focus();
      return;
    }
    this.state.attempt.checked[id] = true;
    this.save();
    this.renderFeedback(node, this.byId[id], answers, true);
    node.querySelector(".quiz__feedback").focus();  // the check button is gone: keep the place
  };

  // Mark the options (chosen, correct: words and icons, not colour alone), then the verdict,
  // and with `keys` the correct answer and the explanation.
  Quiz.prototype.renderFeedback = function (node, question, answers, keys) {
    var s = this.s;
    node.querySelectorAll(".quiz__option").forEach(function (item) {
      var option = item.dataset.option;
      var chosen = answers.indexOf(option) >= 0;
      var correct = question.correct.indexOf(option) >= 0;
      var mark = "";
      if (chosen && keys) mark = correct ? s.mark_chosen_correct : s.mark_chosen_wrong;
      else if (chosen) mark = s.mark_chosen;
      else if (correct && keys) mark = s.mark_correct;
      item.querySelector(".quiz__option-mark").textContent = mark ? "(" + mark + ")" : "";
      item.classList.toggle("quiz__option--chosen", chosen);
      item.classList.toggle("quiz__option--correct", keys && correct);
      item.classList.toggle("quiz__option--wrong", keys && chosen && !correct);
      item.querySelector("input").disabled = true;
    });
    var feedback = node.querySelector(".quiz__feedback");
    feedback.textContent = "";
    feedback.appendChild(this.feedback(question, answers, keys));
    node.querySelector(".quiz__check-row").hidden = true;
    node.querySelector(".quiz__check-hint").hidden = true;
  };

  // Verdict, explanation (with keys) and links to the cited clauses.
  Quiz.prototype.feedback = function (question, answers, keys) {
    var s = this.s;
    var fragment = this.el(".quiz__feedback-template").content.cloneNode(true);
    var ok = sameAnswers(answers, question.correct);
    var texts = question.correct.map(function (optionId) {
      return question.options.filter(function (o) { return o.id === optionId; })[0].text;
    }).join("; ");
    var verdict = fragment.querySelector(".quiz__feedback-verdict");
    if (keys) verdict.textContent = ok ? s.correct : format(answers.length ? s.incorrect : s.no_answer, { answer: texts });
    else verdict.textContent = ok ? s.item_correct : answers.length ? s.item_incorrect : s.item_no_answer;
    verdict.classList.add(ok ? "quiz__feedback-verdict--correct" : "quiz__feedback-verdict--incorrect");
    var explanation = fragment.querySelector(".quiz__explanation");
    explanation.textContent = keys ? question.explanation : "";
    explanation.hidden = !keys;
    var links = fragment.querySelector(".quiz__cite-links");
    question.cites.forEach(function (cite, i) {
      if (i) links.appendChild(document.createTextNode(", "));
      var link = document.createElement("a");
      link.href = cite.href;
      link.textContent = cite.citation;
      links.appendChild(link);
    });
    return fragment;
  };

  // --- Finishing -------------------------------------------------------------------------

  Quiz.prototype.finish = function (anyway) {
    var attempt = this.state.attempt;
    if (!attempt) return;
    var missing = this.unanswered();
    if (missing.length && !anyway) {
      this.askAboutUnanswered(missing);
      return;
    }
    var result = score(this.data, attempt);
    var record = {
      mode: attempt.mode, takenAt: receipts.localISO(new Date()), questions: attempt.questions, answers: attempt.answers,
      correct: result.correct, total: result.total, percent: result.percent, passed: result.passed, topics: result.topics,
      learner: attempt.learner || null
    };
    this.state.attempt = null;
    if (attempt.mode === "test") {
      this.state.test = record;
      if (record.passed) this.state.passed = record;
    } else {
      this.state.practice = record;
    }
    this.save();
    this.showResult(attempt.mode === "test" ? "test" : "practice", true);
  };

  // Name the unanswered questions, with links to them, and let the learner go back or finish.
  Quiz.prototype.askAboutUnanswered = function (missing) {
    var s = this.s;
    var attempt = this.state.attempt;
    var panel = this.el(".quiz__unanswered");
    this.el(".quiz__unanswered-text").textContent = format(s.unanswered, { n: missing.length });
    var list = this.el(".quiz__unanswered-list");
    list.textContent = "";
    var bank = this.data.bank.id;
    missing.forEach(function (id) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#quiz-" + bank + "-" + id;
      link.textContent = format(s.question_short, { n: attempt.questions.indexOf(id) + 1 });
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var target = document.getElementById("quiz-" + bank + "-" + id);
        target.scrollIntoView({ block: "center" });
        target.querySelector("input").focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.hidden = false;
    this.el(".quiz__unanswered-text").focus();
  };

  Quiz.prototype.backToUnanswered = function () {
    this.el(".quiz__unanswered").hidden = true;
    var first = this.unanswered()[0];
    var node = first && document.getElementById("quiz-" + this.data.bank.id + "-" + first);
    if (node) {
      node.scrollIntoView({ block: "center" });
      node.querySelector("input").focus();
    }
  };

  // --- Results ---------------------------------------------------------------------------

  // `which`: "practice", "test" (the latest test) or "passed" (the latest passed test).
  Quiz.prototype.showResult = function (which, focus) {
    var s = this.s;
    var result = which && this.state[which];
    if (!result) { this.showStart(focus); return; }
    this.shown = which;
    this.renderOthers(which);
    var practice = result.mode !== "test";
    this.el(".quiz__result-title").textContent = practice ? s.result_title_practice : s.result_title_test;
    var verdict = this.el(".quiz__verdict");
    verdict.textContent = format(s.score, result) + " " +
      (practice ? s.practice_note : format(result.passed ? s.passed : s.failed, { pass: this.data.bank.passMark }));
    verdict.className = "quiz__verdict quiz__verdict--" + (practice ? "practice" : result.passed ? "passed" : "failed");
    this.renderNext(result);
    this.renderTopics(result);
    this.el(".quiz__questions").textContent = "";  // the review shows them again, ids must stay unique
    this.renderReview(result);
    this.renderSheet(which);
    this.show("result");
    if (focus) this.el(".quiz__result-title").focus();
  };

  Quiz.prototype.renderNext = function (result) {
    var s = this.s;
    var steps = result.mode !== "test" ? s.next_practice : result.passed ? s.next_passed : s.next_failed;
    this.el(".quiz__next-title").textContent = s.next_title;
    var list = this.el(".quiz__next-steps");
    list.textContent = "";
    steps.forEach(function (step) {
      var item = document.createElement("li");
      item.textContent = step;
      list.appendChild(item);
    });
    var passed = this.state.passed;
    if (passed && passed !== result && !(result.mode === "test" && result.passed)) {
      var kept = document.createElement("li");
      kept.textContent = format(s.kept, { date: localDate(passed.takenAt), percent: passed.percent }) + " ";
      var open = document.createElement("button");
      open.type = "button";
      open.className = "md-button";
      open.dataset.action = "show-passed";
      open.textContent = s.show_passed;
      kept.appendChild(open);
      list.appendChild(kept);
    }
  };

  // Buttons to the other saved results (the latest test, the latest practice) than the one shown.
  Quiz.prototype.renderOthers = function (which) {
    var s = this.s;
    var state = this.state;
    var shown = state[which];
    var others = this.el(".quiz__others");
    others.querySelectorAll("button").forEach(function (button) { button.remove(); });
    var count = 0;
    ["test", "practice"].forEach(function (other) {
      var result = state[other];
      if (!result || stamp(result) === stamp(shown)) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.dataset.action = "show";
      button.dataset.which = other;
      button.textContent = other === "test"
        ? format(s.other_test, { verdict: result.passed ? s.verdict_passed : s.verdict_failed, date: localDate(result.takenAt) })
        : format(s.other_practice, { percent: result.percent, date: localDate(result.takenAt) });
      others.appendChild(document.createTextNode(" "));
      others.appendChild(button);
      count += 1;
    });
    others.hidden = !count;
  };

  Quiz.prototype.renderTopics = function (result) {
    var body = this.el(".quiz__topics tbody");
    body.textContent = "";
    var topics = this.data.bank.topics;
    Object.keys(result.topics).forEach(function (topic) {
      var row = document.createElement("tr");
      var name = document.createElement("td");
      name.textContent = topics[topic] || topic;
      var value = document.createElement("td");
      value.textContent = result.topics[topic].correct + " / " + result.topics[topic].total;
      row.appendChild(name);
      row.appendChild(value);
      body.appendChild(row);
    });
  };

  // Every question of the attempt with the answer given; keys and explanations unless the
  // test failed and the bank shows only the mistakes then (failedTestReview: "mistakes").
  Quiz.prototype.renderReview = function (result) {
    var s = this.s;
    var review = this.el(".quiz__review");
    review.textContent = "";
    var heading = document.createElement("h3");
    heading.textContent = s.review_title;
    review.appendChild(heading);
    var keys = result.mode !== "test" || result.passed || this.data.bank.failedTestReview === "answers";
    if (!keys) {
      var note = document.createElement("p");
      note.className = "quiz__review-note";
      note.textContent = s.review_mistakes;
      review.appendChild(note);
    }
    var self = this;
    var order = {};
    result.questions.forEach(function (id) { order[id] = self.byId[id].options.map(function (o) { return o.id; }); });
    var attempt = { mode: "review", questions: result.questions, order: order, answers: result.answers, checked: {} };
    result.questions.forEach(function (id, position) {
      review.appendChild(self.renderQuestion(self.byId[id], position, attempt, keys ? "review" : "mistakes"));
    });
  };

  // The printable sheet of a test result, with the receipt's digest.
  Quiz.prototype.renderSheet = function (which) {
    var s = this.s;
    var result = this.state[which];
    var sheet = this.el(".quiz__sheet");
    sheet.hidden = !result || result.mode !== "test";
    if (sheet.hidden) return;
    var receipt = buildReceipt(this.data, result, result.learner || {}, this.language);
    var learner = receipt.learner;
    var documentData = this.data.document;
    var right = [], wrong = [];
    result.questions.forEach(function (id, position) {
      (sameAnswers(result.answers[id], this.byId[id].correct) ? right : wrong).push(position + 1);
    }, this);
    var numbers = [];
    if (right.length) numbers.push(format(s.numbers_correct, { list: right.join(", ") }));
    if (wrong.length) numbers.push(format(s.numbers_wrong, { list: wrong.join(", ") }));
    this.el(".quiz__sheet-org").textContent = documentData.issuer || "";
    var facts = [
      [s.name, learner.name], [s.position, learner.position], [s.department, learner.department],
      [s.fact_test, this.data.bank.title],
      [s.fact_document, documentData.title],
      [s.fact_document_version, format(s.document_version, { number: documentData.number, date: ruDate(documentData.date) })],
      [s.fact_bank, this.data.bank.version],
      [s.fact_taken, localDateTime(result.takenAt)],
      [s.fact_score, format(s.score, result)],
      [s.fact_verdict, result.passed ? s.verdict_passed : s.verdict_failed],
      [s.fact_questions, numbers.join("; ")],
      [s.fact_digest, receipt.digest.value]
    ];
    var list = this.el(".quiz__sheet-facts");
    list.textContent = "";
    facts.forEach(function (fact) {
      var term = document.createElement("dt");
      term.textContent = fact[0];
      var value = document.createElement("dd");
      value.textContent = fact[1] || "____________________";  // a blank to fill in by hand
      list.appendChild(term);
      list.appendChild(value);
    });
  };

  // Name, position and department are required before the sheet prints or the receipt saves.
  Quiz.prototype.learnerComplete = function () {
    var s = this.s;
    var missing = [];
    var first = null;
    this.root.querySelectorAll("[data-learner]").forEach(function (input) {
      var empty = !input.value.trim();
      if (empty) {
        missing.push(s[input.dataset.learner]);
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
    var message = this.el(".quiz__learner-missing");
    message.hidden = !missing.length;
    message.textContent = missing.length ? format(s.learner_missing, { list: missing.join(", ") }) : "";
    if (first) first.focus();
    return !missing.length;
  };

  Quiz.prototype.typedLearner = function () {
    var learner = {};
    this.root.querySelectorAll("[data-learner]").forEach(function (input) { learner[input.dataset.learner] = input.value.trim(); });
    return learner;
  };

  // A test result carries who took it; one without (an old result) cannot make a receipt.
  Quiz.prototype.resultLearnerComplete = function (result) {
    var learner = result.learner || {};
    var ok = ["name", "position", "department"].every(function (field) { return (learner[field] || "").trim(); });
    var message = this.el(".quiz__sheet-missing");
    message.hidden = ok;
    message.textContent = ok ? "" : this.s.learner_missing_result;
    return ok;
  };

  Quiz.prototype.print = function () {
    if (!this.resultLearnerComplete(this.state[this.shown])) return;
    var html = document.documentElement;
    html.classList.add("quiz-printing");
    global.addEventListener("afterprint", function done() {
      html.classList.remove("quiz-printing");
      global.removeEventListener("afterprint", done);
    });
    global.print();
  };

  Quiz.prototype.download = function () {
    var result = this.state[this.shown];
    if (!this.resultLearnerComplete(result)) return;
    var receipt = buildReceipt(this.data, result, result.learner, this.language);
    receipts.download(receipt, receipts.fileName("test-" + this.data.bank.id, receipt.learner.name, result.takenAt));
  };

  Quiz.prototype.showStart = function (focus) {
    var passed = this.state.passed;
    this.el(".quiz__kept").hidden = !passed;
    if (passed) {
      this.el(".quiz__kept-text").textContent = format(this.s.kept, { date: localDate(passed.takenAt), percent: passed.percent });
    }
    this.shown = null;
    this.show("start");
    if (focus) this.el("[data-action='start']").focus();
  };

  Quiz.prototype.show = function (part) {
    this.el(".quiz__start").hidden = part !== "start";
    this.el(".quiz__attempt").hidden = part !== "attempt";
    this.el(".quiz__result").hidden = part !== "result";
    if (part !== "start") this.el(".quiz__cleared").hidden = true;
  };

  Quiz.prototype.announce = function (text) {
    var status = this.el(".quiz__status");
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  };

  // --- Start -------------------------------------------------------------------------------

  // The page's data script (quiz-<bank>.<language>.<digest>.js) has run before this module.
  function quizData(root) {
    return ((global.PolicyPortal && global.PolicyPortal.quizData) || {})[root.getAttribute("data-bank")];
  }

  // A quiz that cannot run (no data script) says again that the test cannot run here; so does
  // one this module never reached (site-settings.js, on load).
  function init() {
    document.querySelectorAll('[data-module="quiz"]').forEach(function (root) {
      if (root.dataset.quizReady) return;
      if (!quizData(root)) {
        root.classList.add("quiz--unavailable");
        return;
      }
      var quiz = new Quiz(root);
      quiz.init();
      root.dataset.quizReady = "true";
    });
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.quiz = {
    draw: draw, score: score, buildReceipt: buildReceipt, localISO: receipts.localISO, localDateTime: localDateTime
  };
  init();
})(window);
