// Forms and checklists: one per [data-module="checklist"] (overrides/partials/checklist.html).
// Entries stay in this browser (localStorage) until "clear my data"; name, position and
// department are shared with the quizzes. A form marked complete-to-print prints only when
// every required item is ticked and every required field filled; forms with a receipt save
// the same canonical JSON + SHA-256 receipt as the quizzes (receipt.js).
(function (global) {
  "use strict";

  var STORE = "policy-portal:checklist:";
  var LEARNER = "policy-portal:learner";
  var LEARNER_FIELDS = ["name", "position", "department"];
  var receipts = global.PolicyPortal && global.PolicyPortal.receipt;

  function Checklist(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".checklist__data").textContent);
    this.strings = JSON.parse(root.querySelector(".checklist__strings").textContent);
    this.key = STORE + this.data.form.id;
  }

  Checklist.prototype.init = function () {
    var self = this;
    this.state = this.load();
    this.root.querySelectorAll("table[data-table]").forEach(function (table) {
      var rows = self.state.tables[table.dataset.table] || [];
      var count = Math.max(rows.length, Number(table.dataset.rows));
      for (var i = 0; i < count; i++) self.addRow(table, rows[i] || {});
    });
    this.fill();
    this.root.addEventListener("input", function () { self.collect(); });
    this.root.addEventListener("change", function () { self.collect(); });
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var action = button.dataset.action;
      if (action === "add-row") {
        var table = self.root.querySelector('table[data-table="' + CSS.escape(button.dataset.table) + '"]');
        self.addRow(table, {}).querySelector("input").focus();
        self.collect();
      }
      if (action === "remove-row") {
        var row = button.closest("tr");
        var body = row.parentElement;
        row.remove();
        self.renumber(body);
        self.collect();
        var next = body.querySelector("input") || self.root.querySelector("[data-action=add-row]");
        if (next) next.focus();
      }
      if (action === "print") self.print();
      if (action === "receipt") self.download();
      if (action === "clear") self.clear();
    });
    this.update();
  };

  // --- State -----------------------------------------------------------------------------

  Checklist.prototype.load = function () {
    var state = null;
    try { state = JSON.parse(global.localStorage.getItem(this.key)); } catch (error) { state = null; }
    state = state || {};
    var learner = {};
    try { learner = JSON.parse(global.localStorage.getItem(LEARNER)) || {}; } catch (error) { learner = {}; }
    return { fields: Object.assign({}, state.fields, learner), items: state.items || {}, tables: state.tables || {} };
  };

  Checklist.prototype.fill = function () {
    var state = this.state;
    this.root.querySelectorAll("[data-field]").forEach(function (input) { input.value = state.fields[input.dataset.field] || ""; });
    this.root.querySelectorAll("[data-item]").forEach(function (input) { input.checked = !!state.items[input.dataset.item]; });
  };

  Checklist.prototype.collect = function () {
    var state = { fields: {}, items: {}, tables: {} };
    this.root.querySelectorAll("[data-field]").forEach(function (input) { state.fields[input.dataset.field] = input.value.trim(); });
    this.root.querySelectorAll("[data-item]").forEach(function (input) { state.items[input.dataset.item] = input.checked; });
    this.root.querySelectorAll("table[data-table]").forEach(function (table) {
      state.tables[table.dataset.table] = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        var values = {};
        row.querySelectorAll("[data-column]").forEach(function (input) { values[input.dataset.column] = input.value; });
        return values;
      });
    });
    this.state = state;
    var learner = {};
    LEARNER_FIELDS.forEach(function (name) { if (name in state.fields) learner[name] = state.fields[name]; });
    try {
      global.localStorage.setItem(this.key, JSON.stringify({ fields: state.fields, items: state.items, tables: state.tables }));
      if (Object.keys(learner).length) {
        var shared = JSON.parse(global.localStorage.getItem(LEARNER)) || {};
        global.localStorage.setItem(LEARNER, JSON.stringify(Object.assign(shared, learner)));
      }
    } catch (error) { /* private mode: the form still works for this visit */ }
    this.update();
  };

  Checklist.prototype.clear = function () {
    global.localStorage.removeItem(this.key);
    global.localStorage.removeItem(LEARNER);
    this.state = { fields: {}, items: {}, tables: {} };
    var self = this;
    this.root.querySelectorAll("table[data-table]").forEach(function (table) {
      table.tBodies[0].textContent = "";
      for (var i = 0; i < Number(table.dataset.rows); i++) self.addRow(table, {});
    });
    this.fill();
    this.update();
    this.announce(this.strings.cleared);
  };

  // --- Tables ----------------------------------------------------------------------------

  Checklist.prototype.addRow = function (table, values) {
    var template = this.root.querySelector('template[data-table="' + CSS.escape(table.dataset.table) + '"]');
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[data-column]").forEach(function (input) { input.value = values[input.dataset.column] || ""; });
    table.tBodies[0].appendChild(row);
    this.renumber(table.tBodies[0]);
    return row;
  };

  Checklist.prototype.renumber = function (body) {
    Array.prototype.forEach.call(body.rows, function (row, index) {
      var cell = row.querySelector(".checklist__row-number");
      if (cell) cell.textContent = String(index + 1);
    });
  };

  // --- Completeness, print, receipt ------------------------------------------------------

  // Labels of the required items and fields still empty.
  Checklist.prototype.missing = function () {
    return Array.prototype.filter.call(this.root.querySelectorAll("[required]"), function (input) {
      return input.type === "checkbox" ? !input.checked : !input.value.trim();
    });
  };

  Checklist.prototype.update = function () {
    var missing = this.missing();
    var gated = this.root.hasAttribute("data-complete-to-print");
    this.root.classList.toggle("checklist--incomplete", gated && missing.length > 0);
    var message = this.root.querySelector(".checklist__missing");
    var strings = this.strings;
    message.textContent = !gated ? "" : missing.length ? strings.missing.replace("{list}", this.describe(missing)) : strings.complete;
    this.root.querySelectorAll("[data-action=print], [data-action=receipt]").forEach(function (button) {
      button.setAttribute("aria-disabled", String(gated && missing.length > 0));
    });
  };

  Checklist.prototype.describe = function (inputs) {
    var root = this.root;
    return inputs.map(function (input) {
      var label = root.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      var text = label ? label.textContent.replace(/\s+—.*$/, "") : input.id;
      return text.length > 60 ? text.slice(0, 57) + "…" : text;
    }).join("; ");
  };

  // Blocked while incomplete: say what is missing and take the reader there.
  Checklist.prototype.blocked = function () {
    var missing = this.missing();
    if (!this.root.hasAttribute("data-complete-to-print") || !missing.length) return false;
    this.update();
    missing[0].focus();
    return true;
  };

  Checklist.prototype.print = function () {
    if (!this.blocked()) global.print();
  };

  Checklist.prototype.receipt = function () {
    var data = this.data;
    var state = this.state;
    var confirmed = data.items.filter(function (item) { return state.items[item.id]; }).map(function (item) { return item.text; });
    var now = global.PolicyPortal.quiz ? global.PolicyPortal.quiz.localISO(new Date()) : new Date().toISOString();
    return receipts.seal({
      format: receipts.FORMAT,
      version: receipts.VERSION,
      kind: "attestation",
      learner: { name: state.fields.name || "", position: state.fields.position || "", department: state.fields.department || "" },
      document: data.document,
      form: { id: data.form.id, title: data.form.title, version: data.form.version, confirmed: confirmed, signed_at: now },
      clauses: data.clauses
    });
  };

  Checklist.prototype.download = function () {
    if (this.blocked()) return;
    var receipt = this.receipt();
    receipts.download(receipt, "receipt-" + this.data.form.id + "-" + receipt.form.signed_at.slice(0, 10) + ".json");
  };

  Checklist.prototype.announce = function (text) {
    var status = this.root.querySelector(".checklist__status");
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  };

  function init() {
    document.querySelectorAll('[data-module="checklist"]').forEach(function (root) {
      if (root.dataset.checklistReady) return;
      root.dataset.checklistReady = "true";
      new Checklist(root).init();
    });
  }

  global.PolicyPortal = global.PolicyPortal || {};
  init();
})(window);
