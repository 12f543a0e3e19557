// Quiz widget: one per [data-module="quiz"], built from the page's <template> elements and
// the bank's JSON (overrides/partials/quiz.html). Text from the bank is always set with
// textContent, never as markup. Progress, the last result and the learner's name stay in
// this browser (localStorage) until "clear my data".
(function (global) {
  "use strict";

  var STORE = "policy-portal:quiz:";
  var LEARNER = "policy-portal:learner";
  var receipts = global.PolicyPortal && global.PolicyPortal.receipt;

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

  function index(questions) {
    var byId = {};
    questions.forEach(function (q) { byId[q.id] = q; });
    return byId;
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
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

  // The receipt of a finished test: who, which text and bank, what was asked, the score.
  function buildReceipt(data, result, learner) {
    var byId = index(data.questions);
    var clauses = [];
    var seen = {};
    result.questions.forEach(function (id) {
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
      learner: { name: learner.name || "", position: learner.position || "", department: learner.department || "" },
      document: { id: data.document.id, title: data.document.title, number: data.document.number, date: data.document.date },
      bank: { id: data.bank.id, version: data.bank.version },
      attempt: {
        mode: result.mode, taken_at: result.takenAt, questions: result.questions,
        correct: result.correct, total: result.total, percent: result.percent,
        pass_mark: data.bank.passMark, passed: result.passed
      },
      clauses: clauses
    });
  }

  // --- The widget --------------------------------------------------------------------------

  function Quiz(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".quiz__data").textContent);
    this.s = JSON.parse(root.querySelector(".quiz__strings").textContent);
    this.key = STORE + this.data.bank.id;
    this.byId = index(this.data.questions);
    this.el = function (selector) { return root.querySelector(selector); };
  }

  Quiz.prototype.init = function () {
    var self = this;
    this.el(".quiz__static").hidden = true;
    this.el(".quiz__app").hidden = false;
    this.el(".quiz__rules").textContent = format(this.s.rules, {
      count: this.data.bank.drawCount, total: this.data.questions.length, pass: this.data.bank.passMark
    });
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (button && self.root.contains(button) && button.type !== "submit") self.act(button.dataset.action, button);
    });
    this.el(".quiz__attempt").addEventListener("submit", function (event) {
      event.preventDefault();
      self.finish();
    });
    this.el(".quiz__attempt").addEventListener("change", function (event) { self.answer(event.target); });
    this.root.querySelectorAll("[data-learner]").forEach(function (input) {
      input.addEventListener("input", function () { self.saveLearner(); });
    });
    this.state = this.load();
    this.fillLearner();
    if (this.state.attempt) {
      this.showAttempt(false);
      this.announce(this.s.restored);
    } else if (this.state.result) {
      this.showResult(false);
    }
  };

  Quiz.prototype.act = function (action, button) {
    if (action === "start") this.start();
    if (action === "check") this.check(button.closest(".quiz__question").dataset.question);
    if (action === "again") this.again();
    if (action === "print") this.print();
    if (action === "receipt") this.download();
    if (action === "clear") this.clear();
  };

  // --- Storage -------------------------------------------------------------------------

  Quiz.prototype.load = function () {
    var state = null;
    try { state = JSON.parse(global.localStorage.getItem(this.key)); } catch (error) { state = null; }
    // A bank of another version asked other questions: start afresh.
    if (!state || state.version !== this.data.bank.version) state = { version: this.data.bank.version };
    return state;
  };

  Quiz.prototype.save = function () {
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
    var learner = {};
    this.root.querySelectorAll("[data-learner]").forEach(function (input) {
      learner[input.dataset.learner] = input.value.trim();
    });
    try { global.localStorage.setItem(LEARNER, JSON.stringify(learner)); } catch (error) { /* private mode */ }
    if (this.state.result) this.renderSheet();
  };

  Quiz.prototype.clear = function () {
    global.localStorage.removeItem(this.key);
    global.localStorage.removeItem(LEARNER);
    this.state = { version: this.data.bank.version };
    this.fillLearner();
    this.show("start");
    this.announce(this.s.cleared);
  };

  // --- Attempt ---------------------------------------------------------------------------

  Quiz.prototype.start = function () {
    var mode = this.root.querySelector(".quiz__modes input:checked").value;
    var ids = draw(this.data.questions, this.data.bank.drawCount, this.data.bank.quotas, Math.random);
    var order = {};
    var byId = this.byId;
    ids.forEach(function (id) {
      var options = byId[id].options.map(function (o) { return o.id; });
      order[id] = byId[id].type === "true_false" ? options : shuffle(options, Math.random);
    });
    this.state.attempt = { mode: mode, questions: ids, order: order, answers: {}, checked: {} };
    this.save();
    this.showAttempt(true);
  };

  Quiz.prototype.showAttempt = function (focus) {
    var attempt = this.state.attempt;
    var s = this.s;
    var container = this.el(".quiz__questions");
    container.textContent = "";
    var modeName = attempt.mode === "test" ? s.mode_test : s.mode_practice;
    this.el(".quiz__attempt-title").textContent = format(s.attempt_title, { mode: modeName, count: attempt.questions.length });
    var self = this;
    attempt.questions.forEach(function (id, position) {
      container.appendChild(self.renderQuestion(self.byId[id], position, attempt));
    });
    this.show("attempt");
    if (focus) this.el(".quiz__attempt-title").focus();
  };

  Quiz.prototype.renderQuestion = function (question, position, attempt) {
    var s = this.s;
    var node = this.el(".quiz__question-template").content.firstElementChild.cloneNode(true);
    var bank = this.data.bank.id;
    node.dataset.question = question.id;
    node.querySelector(".quiz__number").textContent = format(s.question_number, { n: position + 1, count: attempt.questions.length });
    node.querySelector(".quiz__prompt").textContent = question.prompt;
    var situation = node.querySelector(".quiz__situation");
    situation.textContent = question.situation;
    situation.hidden = !question.situation;
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
      input.name = "quiz-" + bank + "-" + question.id;
      input.value = optionId;
      input.id = input.name + "-" + optionId;
      input.checked = answers.indexOf(optionId) >= 0;
      item.querySelector("label").htmlFor = input.id;
      item.querySelector(".quiz__option-text").textContent = byOption[optionId].text;
      list.appendChild(item);
    });
    var checkRow = node.querySelector(".quiz__check-row");
    checkRow.hidden = attempt.mode !== "practice";
    if (attempt.checked[question.id]) this.renderFeedback(node, question, answers);
    return node;
  };

  Quiz.prototype.answer = function (input) {
    var question = input.closest(".quiz__question");
    if (!question || !this.state.attempt) return;
    var id = question.dataset.question;
    this.state.attempt.answers[id] = Array.prototype.map.call(
      question.querySelectorAll("input:checked"), function (checked) { return checked.value; });
    this.save();
  };

  // Practice mode: feedback and explanation for one question.
  Quiz.prototype.check = function (id) {
    var node = this.root.querySelector('.quiz__question[data-question="' + CSS.escape(id) + '"]');
    this.state.attempt.checked[id] = true;
    this.save();
    this.renderFeedback(node, this.byId[id], this.state.attempt.answers[id] || []);
  };

  Quiz.prototype.renderFeedback = function (node, question, answers) {
    var feedback = node.querySelector(".quiz__feedback");
    feedback.textContent = "";
    feedback.appendChild(this.feedback(question, answers));
    node.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
    var check = node.querySelector(".quiz__check-row");
    if (check) check.hidden = true;
  };

  // Verdict, explanation and links to the cited clauses.
  Quiz.prototype.feedback = function (question, answers) {
    var s = this.s;
    var fragment = this.el(".quiz__feedback-template").content.cloneNode(true);
    var ok = sameAnswers(answers, question.correct);
    var texts = question.correct.map(function (optionId) {
      return question.options.filter(function (o) { return o.id === optionId; })[0].text;
    }).join("; ");
    var verdict = fragment.querySelector(".quiz__feedback-verdict");
    verdict.textContent = ok ? s.correct : format(answers.length ? s.incorrect : s.no_answer, { answer: texts });
    verdict.classList.add(ok ? "quiz__feedback-verdict--correct" : "quiz__feedback-verdict--incorrect");
    fragment.querySelector(".quiz__explanation").textContent = question.explanation;
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

  // --- Result ----------------------------------------------------------------------------

  Quiz.prototype.finish = function () {
    var attempt = this.state.attempt;
    if (!attempt) return;
    var result = score(this.data, attempt);
    this.state.result = {
      mode: attempt.mode, takenAt: localISO(new Date()), questions: attempt.questions, answers: attempt.answers,
      correct: result.correct, total: result.total, percent: result.percent, passed: result.passed, topics: result.topics
    };
    this.state.attempt = null;
    this.save();
    this.showResult(true);
  };

  Quiz.prototype.showResult = function (focus) {
    var s = this.s;
    var result = this.state.result;
    var verdict = this.el(".quiz__verdict");
    verdict.textContent = format(s.score, result) + " " + format(result.passed ? s.passed : s.failed, { pass: this.data.bank.passMark });
    verdict.className = "quiz__verdict quiz__verdict--" + (result.passed ? "passed" : "failed");
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
    this.el(".quiz__questions").textContent = "";  // the review shows them again, ids must stay unique
    this.renderReview();
    this.renderSheet();
    this.show("result");
    if (focus) this.el(".quiz__result-title").focus();
  };

  // Every question of the attempt with the answer given and the explanation.
  Quiz.prototype.renderReview = function () {
    var review = this.el(".quiz__review");
    review.textContent = "";
    var heading = document.createElement("h3");
    heading.textContent = this.s.review_title;
    review.appendChild(heading);
    var result = this.state.result;
    var self = this;
    var order = {};
    result.questions.forEach(function (id) { order[id] = self.byId[id].options.map(function (o) { return o.id; }); });
    var attempt = { mode: "review", questions: result.questions, order: order, answers: result.answers, checked: {} };
    result.questions.forEach(function (id, position) {
      attempt.checked[id] = true;
      review.appendChild(self.renderQuestion(self.byId[id], position, attempt));
    });
  };

  // The facts of the printable result sheet, with the receipt's digest.
  Quiz.prototype.renderSheet = function () {
    var s = this.s;
    var result = this.state.result;
    var sheet = this.el(".quiz__sheet");
    sheet.hidden = result.mode !== "test";
    if (sheet.hidden) return;
    var receipt = buildReceipt(this.data, result, this.learner());
    var learner = receipt.learner;
    var facts = [
      [s.name, learner.name], [s.position, learner.position], [s.department, learner.department],
      [s.fact_document, this.data.document.title],
      [s.fact_document_version, "№ " + this.data.document.number + ", " + this.data.document.date],
      [s.fact_bank, this.data.bank.id + ", " + this.data.bank.version],
      [s.fact_taken, result.takenAt],
      [s.fact_score, format(s.score, result)],
      [s.fact_verdict, result.passed ? s.verdict_passed : s.verdict_failed],
      [s.fact_questions, result.questions.join(", ")],
      [s.fact_digest, receipt.digest.value]
    ];
    var list = this.el(".quiz__sheet-facts");
    list.textContent = "";
    facts.forEach(function (fact) {
      var term = document.createElement("dt");
      term.textContent = fact[0];
      var value = document.createElement("dd");
      value.textContent = fact[1];
      list.appendChild(term);
      list.appendChild(value);
    });
  };

  Quiz.prototype.print = function () {
    var html = document.documentElement;
    html.classList.add("quiz-printing");
    global.addEventListener("afterprint", function done() {
      html.classList.remove("quiz-printing");
      global.removeEventListener("afterprint", done);
    });
    global.print();
  };

  Quiz.prototype.download = function () {
    var receipt = buildReceipt(this.data, this.state.result, this.learner());
    receipts.download(receipt, "receipt-" + this.data.bank.id + "-" + this.state.result.takenAt.slice(0, 10) + ".json");
  };

  Quiz.prototype.again = function () {
    this.show("start");
    this.el("[data-action='start']").focus();
  };

  Quiz.prototype.show = function (part) {
    this.el(".quiz__start").hidden = part !== "start";
    this.el(".quiz__attempt").hidden = part !== "attempt";
    this.el(".quiz__result").hidden = part !== "result";
  };

  Quiz.prototype.announce = function (text) {
    var status = this.el(".quiz__status");
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  };

  // --- Start -------------------------------------------------------------------------------

  function init() {
    document.querySelectorAll('[data-module="quiz"]').forEach(function (root) {
      if (root.dataset.quizReady) return;
      root.dataset.quizReady = "true";
      new Quiz(root).init();
    });
  }

  global.PolicyPortal = global.PolicyPortal || {};
  global.PolicyPortal.quiz = { draw: draw, score: score, buildReceipt: buildReceipt, localISO: localISO };
  init();
})(window);
