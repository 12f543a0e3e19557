// Forms and checklists: one per [data-module="checklist"] (templates/partials/checklist.html in the package).
// Entries stay in this browser (localStorage) until "clear my data", which removes every
// portal key (storage.js): the ward computer is shared. Only the fields marked data-learner
// (the employee's own name, position, department) are shared with the tests; a form never
// fills another person's name from them. A form marked complete-to-print prints only when
// every required item is ticked and every required field filled; forms with a receipt save
// the same canonical JSON + SHA-256 receipt as the quizzes (receipt.js).
(function (global) {
  "use strict";

  var STORE = "policy-portal:checklist:";
  var QUIZ = "policy-portal:quiz:";
  var LEARNER = "policy-portal:learner";
  var LEARNER_FIELDS = ["name", "position", "department"];

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
    // Another tab of this browser changed or cleared the portal's data: show what is stored
    // now, so this tab never writes an earlier person's entries back.
    global.addEventListener("storage", function (event) {
      if (event.key === null || event.key === self.key || event.key === LEARNER) self.reload();
    });
    // Print (Ctrl+P included) shows the typed values as text: make sure they are current.
    global.addEventListener("beforeprint", function () { self.mirror(); });
    this.update();
  };

  // --- State -----------------------------------------------------------------------------

  Checklist.prototype.load = function () {
    var state = null;
    try { state = JSON.parse(global.localStorage.getItem(this.key)); } catch (error) { state = null; }
    state = state || {};
    var fields = Object.assign({}, state.fields);
    // The remembered name goes only into this form's own learner fields, never into the
    // HR officer's or another signer's.
    var learner = readLearner();
    this.root.querySelectorAll("[data-field][data-learner]").forEach(function (input) {
      var name = input.dataset.field;
      if (learner[name]) fields[name] = learner[name];
    });
    return { fields: fields, items: state.items || {}, tables: state.tables || {}, inventory: state.inventory || {} };
  };

  Checklist.prototype.reload = function () {
    var self = this;
    this.state = this.load();
    this.root.querySelectorAll("table[data-table]").forEach(function (table) {
      table.tBodies[0].textContent = "";
      var rows = self.state.tables[table.dataset.table] || [];
      var count = Math.max(rows.length, Number(table.dataset.rows));
      for (var i = 0; i < count; i++) self.addRow(table, rows[i] || {});
    });
    this.fill();
    this.update();
  };

  Checklist.prototype.fill = function () {
    var state = this.state;
    this.root.querySelectorAll("[data-field]").forEach(function (input) { input.value = state.fields[input.dataset.field] || ""; });
    this.root.querySelectorAll("[data-item]").forEach(function (input) { input.checked = !!state.items[input.dataset.item]; });
    this.root.querySelectorAll("table[data-inventory]").forEach(function (table) {
      var entries = state.inventory[table.dataset.inventory] || {};
      table.querySelectorAll("tr[data-entry]").forEach(function (row) {
        var entry = entries[row.dataset.entry] || {};
        row.querySelector("[data-sheets]").value = entry.sheets || "";
        row.querySelector("[data-not-applicable]").checked = !!entry.na;
      });
    });
    this.mirror();
  };

  Checklist.prototype.collect = function () {
    var state = { fields: {}, items: {}, tables: {}, inventory: {} };
    this.root.querySelectorAll("[data-field]").forEach(function (input) { state.fields[input.dataset.field] = input.value.trim(); });
    this.root.querySelectorAll("[data-item]").forEach(function (input) { state.items[input.dataset.item] = input.checked; });
    this.root.querySelectorAll("table[data-table]").forEach(function (table) {
      state.tables[table.dataset.table] = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        var values = {};
        row.querySelectorAll("[data-column]").forEach(function (input) { values[input.dataset.column] = input.value; });
        return values;
      });
    });
    this.root.querySelectorAll("table[data-inventory]").forEach(function (table) {
      var entries = state.inventory[table.dataset.inventory] = {};
      table.querySelectorAll("tr[data-entry]").forEach(function (row) {
        var sheets = row.querySelector("[data-sheets]").value.trim();
        var na = row.querySelector("[data-not-applicable]").checked;
        if (sheets || na) entries[row.dataset.entry] = { sheets: sheets, na: na };
      });
    });
    this.state = state;
    var learner = {};
    this.root.querySelectorAll("[data-field][data-learner]").forEach(function (input) {
      learner[input.dataset.field] = state.fields[input.dataset.field];
    });
    try {
      global.localStorage.setItem(this.key, JSON.stringify(state));
      if (Object.keys(learner).length) global.localStorage.setItem(LEARNER, JSON.stringify(Object.assign(readLearner(), learner)));
    } catch (error) { /* private mode: the form still works for this visit */ }
    this.mirror();
    this.update();
  };

  // Ask first, then remove every portal key in this browser and say what went.
  Checklist.prototype.clear = function () {
    if (!global.confirm(this.strings.clear_confirm)) return;
    var removed = global.PolicyPortal.storage.clearAll();
    this.state = { fields: {}, items: {}, tables: {}, inventory: {} };
    var self = this;
    this.root.querySelectorAll("table[data-table]").forEach(function (table) {
      table.tBodies[0].textContent = "";
      for (var i = 0; i < Number(table.dataset.rows); i++) self.addRow(table, {});
    });
    this.fill();
    this.update();
    this.announce(this.removedMessage(removed));
  };

  // «Удалено: данные 3 форм, 1 теста и сохранённые ФИО.»
  Checklist.prototype.removedMessage = function (keys) {
    var strings = this.strings;
    var count = { forms: 0, tests: 0, other: 0, learner: false };
    keys.forEach(function (key) {
      if (key === LEARNER) count.learner = true;
      else if (key.indexOf(STORE) === 0) count.forms += 1;
      else if (key.indexOf(QUIZ) === 0) count.tests += 1;
      else count.other += 1;
    });
    var data = [];
    if (count.forms) data.push(plural(strings.cleared_forms, count.forms));
    if (count.tests) data.push(plural(strings.cleared_tests, count.tests));
    var parts = data.length ? [strings.cleared_data.replace("{list}", data.join(", "))] : [];
    if (count.learner) parts.push(strings.cleared_learner);
    if (count.other) parts.push(plural(strings.cleared_other, count.other));
    if (!parts.length) return strings.cleared_none;
    var list = parts.length > 1 ? parts.slice(0, -1).join(", ") + " " + strings.and + " " + parts[parts.length - 1] : parts[0];
    return strings.cleared.replace("{list}", list);
  };

  // --- Print view: what was typed, as text ----------------------------------------------

  // Inputs are replaced by their values in print (.checklist__value): long values wrap, an
  // empty field prints its blank, never the browser's date placeholder.
  Checklist.prototype.mirror = function () {
    this.root.querySelectorAll("[data-field], [data-column]").forEach(function (input) {
      var value = input.parentElement.querySelector(".checklist__value");
      if (!value) return;
      var text = input.value.trim();
      if (text && input.type === "date") text = text.split("-").reverse().join(".");
      value.textContent = text || value.dataset.blank || "";
      value.classList.toggle("checklist__value--blank", !text && !!value.dataset.blank);
    });
    this.root.querySelectorAll("tr[data-entry]").forEach(function (row) {
      var value = row.querySelector(".checklist__value");
      var sheets = row.querySelector("[data-sheets]");
      var na = row.querySelector("[data-not-applicable]").checked;
      sheets.disabled = na;
      value.textContent = na ? value.dataset.notApplicable : (sheets.value.trim() || value.dataset.missing);
    });
  };

  // --- Tables ----------------------------------------------------------------------------

  Checklist.prototype.addRow = function (table, values) {
    var template = this.root.querySelector('template[data-table="' + CSS.escape(table.dataset.table) + '"]');
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[data-column]").forEach(function (input) { input.value = values[input.dataset.column] || ""; });
    table.tBodies[0].appendChild(row);
    this.renumber(table.tBodies[0]);
    this.mirror();
    return row;
  };

  Checklist.prototype.renumber = function (body) {
    Array.prototype.forEach.call(body.rows, function (row, index) {
      var cell = row.querySelector(".checklist__row-number");
      if (cell) cell.textContent = String(index + 1);
    });
  };

  // --- Completeness, print, receipt ------------------------------------------------------

  // The required items and fields still empty.
  Checklist.prototype.missing = function () {
    return Array.prototype.filter.call(this.root.querySelectorAll("[required]"), isEmpty);
  };

  // A receipt says whose it is: the employee's name, position and department.
  Checklist.prototype.missingForReceipt = function () {
    var root = this.root;
    var learner = LEARNER_FIELDS.map(function (name) {
      return root.querySelector('[data-field="' + name + '"][data-learner]');
    }).filter(function (input) { return input && isEmpty(input); });
    return this.missing().concat(learner.filter(function (input) { return !input.required; }));
  };

  Checklist.prototype.update = function () {
    var missing = this.missing();
    var gated = this.root.hasAttribute("data-complete-to-print");
    this.root.classList.toggle("checklist--incomplete", gated && missing.length > 0);
    var message = this.root.querySelector(".checklist__missing");
    var strings = this.strings;
    message.textContent = !gated ? "" : missing.length ? strings.missing.replace("{list}", this.describe(missing)) : strings.complete;
    this.root.querySelectorAll("[data-action=print]").forEach(function (button) {
      button.setAttribute("aria-disabled", String(gated && missing.length > 0));
    });
    var receiptBlocked = this.missingForReceipt().length > 0;
    this.root.querySelectorAll("[data-action=receipt]").forEach(function (button) {
      button.setAttribute("aria-disabled", String(receiptBlocked));
    });
  };

  Checklist.prototype.describe = function (inputs) {
    return inputs.map(function (input) {
      var text = input.dataset.label || input.id;
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
    if (this.blocked()) return;
    this.mirror();
    global.print();
  };

  Checklist.prototype.receipt = function () {
    var data = this.data;
    var state = this.state;
    var receipts = global.PolicyPortal.receipt;
    var confirmed = data.items.filter(function (item) { return state.items[item.id]; }).map(function (item) { return item.text; });
    return receipts.seal({
      format: receipts.FORMAT,
      version: receipts.VERSION,
      kind: "attestation",
      language: data.language || document.documentElement.lang || "ru",
      learner: { name: state.fields.name || "", position: state.fields.position || "", department: state.fields.department || "" },
      document: data.document,
      form: { id: data.form.id, title: data.form.title, version: data.form.version, confirmed: confirmed, signed_at: receipts.localISO(new Date()) },
      clauses: data.clauses
    });
  };

  Checklist.prototype.download = function () {
    var missing = this.missingForReceipt();
    if (missing.length) {
      var message = this.root.querySelector(".checklist__missing");
      message.textContent = this.strings.receipt_missing.replace("{list}", this.describe(missing));
      missing[0].focus();
      return;
    }
    var receipt = this.receipt();
    var receipts = global.PolicyPortal.receipt;
    receipts.download(receipt, receipts.fileName(this.data.form.id, receipt.learner.name, receipt.form.signed_at));
  };

  Checklist.prototype.announce = function (text) {
    var status = this.root.querySelector(".checklist__status");
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  };

  // --- Helpers ---------------------------------------------------------------------------

  function isEmpty(input) {
    return input.type === "checkbox" ? !input.checked : !input.value.trim();
  }

  function readLearner() {
    try { return JSON.parse(global.localStorage.getItem(LEARNER)) || {}; } catch (error) { return {}; }
  }

  // "данные 1 формы", "данные 3 форм": Russian plural categories, "other" as the fallback.
  function plural(forms, n) {
    var category = global.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "ru").select(n) : "other";
    return (forms[category] || forms.other).replace("{n}", String(n));
  }

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
