// "Nieuwe zelfevaluatie op basis van de vorige" (issue 24, item 4): one action in the form adds
// a concept zelfevaluatie copied from the newest vastgestelde one, as `hhz new-evaluation` does.
//
// The rules are not written here: they come from beheer/form-rules.json ("new_evaluation"),
// which `hhz build` writes from generator/hhz/editing/newevaluation.py (copy_rules): which
// status is copied, which values are set, which keys are dropped, that an ambitie's year moves
// up to the new year, and the messages. This file only applies them to the form's values.
//
// Decap has no API for adding a list item from outside. The zelfevaluaties list keeps Decap's
// own list control (re-registered under its own name "list", so Decap treats the field as the
// list it is); for this one field our wrapper puts the action above it and adds the copy
// through the control's own addItem, which keeps the list's item keys and folding in step.
import { dutchDate } from "./hhz-checks.js";

const FIELD = "zelfevaluaties";

function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

function isoDay(value) {
  return String(value === null || value === undefined ? "" : value).slice(0, 10);
}

// Today's date in the editor's own calendar, as the form writes dates: JJJJ-MM-DD.
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// What to do, from the zelfevaluaties as plain values: {error} when no copy may be made, else
// {index, edits, message, notes}: the index of the zelfevaluatie to copy and the changes to
// the copy ({op: "set"|"delete", path, value}), in the order `hhz new-evaluation` checks them.
export function plan(evaluations, rules, day) {
  const list = (evaluations || []).map((e) => e || {});
  const words = rules.messages;
  let index = -1;
  list.forEach((evaluation, i) => {
    if (evaluation.status !== rules.source_status || !isoDay(evaluation.datum)) return;
    if (index < 0 || isoDay(evaluation.datum) >= isoDay(list[index].datum)) index = i; // the newest; the last of equal dates
  });
  if (index < 0) return { error: words.no_source };
  const source = isoDay(list[index].datum);
  const newStatus = rules.set.status;
  for (const evaluation of list) {
    const datum = isoDay(evaluation.datum);
    if (datum === day) return { error: say(words.date_taken, { datum: dutchDate(day) }) };
    if (evaluation.status === newStatus && datum > source) {
      return { error: say(words.newer_concept, { datum: dutchDate(datum), bron: dutchDate(source) }) };
    }
  }
  if (day < source) return { error: say(words.before_source, { datum: dutchDate(day), bron: dutchDate(source) }) };
  const edits = [{ op: "set", path: ["datum"], value: day }];
  for (const [key, value] of Object.entries(rules.set)) edits.push({ op: "set", path: [key], value });
  for (const key of rules.drop) {
    if (key in list[index]) edits.push({ op: "delete", path: [key] });
  }
  const year = Number(day.slice(0, 4));
  const notes = [];
  for (const [id, block] of Object.entries(list[index].bouwstenen || {})) {
    const jaar = block && block.ambitie ? block.ambitie.jaar : undefined;
    if (!rules.ambitie_year_at_least_new_year || jaar === undefined || jaar === null || jaar === "" || Number(jaar) >= year) continue;
    edits.push({ op: "set", path: ["bouwstenen", id, "ambitie", "jaar"], value: year });
    notes.push({ id, jaar: Number(jaar), nieuw: year });
  }
  return { index, edits, message: say(words.added, { datum: dutchDate(day), bron: dutchDate(source) }), notes };
}

// The copy of an Immutable Map (the form's value of one zelfevaluatie) with the plan's edits.
export function applyEdits(item, edits) {
  return edits.reduce((copy, edit) => (edit.op === "set" ? copy.setIn(edit.path, edit.value) : copy.deleteIn(edit.path)), item);
}

export function registerStartFromLastYear(CMS, rules, bouwsteenLabels) {
  const list = CMS.getWidget("list");
  const h = window.h;
  const Control = window.createClass({
    getInitialState() {
      return { message: "", refused: false };
    },
    // Decap's list control re-renders whenever its parent does (errors of nested fields)
    shouldComponentUpdate() {
      return true;
    },
    focus(path) {
      if (this.inner && this.inner.focus) this.inner.focus(path);
    },
    // Decap's editor validates a field through its control's own validate (EditorControlPane:
    // innerWrappedControl.validate): the list's, as without this wrapper
    validate() {
      if (this.inner && this.inner.validate) this.inner.validate();
    },
    start(event) {
      event.preventDefault();
      const value = this.props.value;
      const evaluations = value && value.toJS ? value.toJS() : [];
      const day = today();
      const found = plan(evaluations, rules, day);
      if (found.error) {
        this.setState({ message: found.error, refused: true });
        return;
      }
      this.inner.addItem(applyEdits(value.get(found.index), found.edits));
      const notes = found.notes.map((n) =>
        say(rules.messages.ambitie_moved, { bouwsteen: bouwsteenLabels[n.id] || n.id, jaar: n.jaar, nieuw: n.nieuw }),
      );
      this.setState({ message: [found.message, ...notes].join(" "), refused: false });
      window.setTimeout(() => this.showNewest(), 50);
    },
    // The new zelfevaluatie is the list's last item: the message above the list comes into
    // view, and the new item's date (the last field labelled "Datum"; a bewijs has its own
    // "Datum van het bewijs") gets the focus, scrolled into view only if it is not in view yet.
    showNewest() {
      const box = document.getElementById(this.props.forID);
      const labels = box ? [...box.querySelectorAll("label[for]")].filter((l) => /^Datum\b(?! van)/.test(l.textContent.trim())) : [];
      const last = labels.length ? document.getElementById(labels[labels.length - 1].htmlFor) : null;
      if (!last) return;
      if (this.bar) this.bar.scrollIntoView({ block: "start" });
      const where = last.getBoundingClientRect();
      if (where.top < 0 || where.bottom > window.innerHeight) last.scrollIntoView({ block: "center" });
      last.focus({ preventScroll: true });
    },
    render() {
      const inner = h(list.control, { ...this.props, ref: (control) => (this.inner = control) });
      if (this.props.field.get("name") !== FIELD) return inner;
      const bar = h(
        "div",
        { className: "hhz-vorige", ref: (element) => (this.bar = element) },
        h(
          "button",
          { type: "button", className: "hhz-vorige-knop", onClick: (e) => this.start(e), "aria-describedby": `${this.props.forID}-vorige-uitleg` },
          "Nieuwe zelfevaluatie op basis van de vorige",
        ),
        h(
          "p",
          { id: `${this.props.forID}-vorige-uitleg`, className: "hhz-vorige-uitleg" },
          "Neemt de niveaus, toelichtingen, het bewijs en de ambities over van de nieuwste vastgestelde zelfevaluatie, met de datum van vandaag en de status concept. Pas daarna aan wat veranderd is.",
        ),
        h(
          "p",
          { role: "status", className: this.state.refused ? "hhz-vorige-melding hhz-vorige-geweigerd" : "hhz-vorige-melding" },
          this.state.message,
        ),
      );
      return h("div", null, bar, inner);
    },
  });
  CMS.registerWidget("list", Control, list.preview, list.schema);
}
