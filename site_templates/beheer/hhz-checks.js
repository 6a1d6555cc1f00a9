// Checks before saving (issue 24): the form refuses what `hhz validate` would refuse, with
// plain Dutch messages, instead of a line number after saving.
//
// What is required, the scale and the messages come from beheer/form-rules.json, written by
// `hhz build` from the models and the validator's rules (generator/hhz/editing/cms/config.py:
// form_rules). Decap cannot require a field only once its block is used (Decap issue #7748),
// and it never calls a custom object widget's validate for list items on save, so the checks
// run in Decap's preSave event: a handler that throws stops the save (decap-cms-core:
// backend.persistEntry awaits invokePreSaveEvent before anything is written).

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

export function dutchDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : String(iso);
}

function filled(value) {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.some(filled);
  if (typeof value === "object") return Object.values(value).some(filled);
  return true;
}

function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

function missing(value, rule) {
  if (Array.isArray(value)) return value.filter(filled).length < Math.max(rule.min_items, 1);
  return !filled(value);
}

function evaluationName(evaluation, index) {
  return evaluation && filled(evaluation.datum)
    ? `Zelfevaluatie van ${dutchDate(evaluation.datum)}`
    : `Zelfevaluatie ${index + 1} (zonder datum)`;
}

// Every problem of the region's zelfevaluaties: [{message, path}], in the form's order.
export function problems(data, rules) {
  const out = [];
  const add = (message, path) => out.push({ message, path });
  const onScale = (value) => rules.scale.includes(Number(value));
  const evaluations = (data && data.zelfevaluaties) || [];
  const seen = new Set();
  evaluations.forEach((evaluation, index) => {
    evaluation = evaluation || {};
    const waar = evaluationName(evaluation, index);
    const path = ["zelfevaluaties", index];
    for (const rule of rules.required.evaluation) {
      if (missing(evaluation[rule.name], rule)) add(say(rules.missing.evaluation, { waar, veld: `de ${rule.label}` }), [...path, rule.name]);
    }
    if (filled(evaluation.datum)) {
      const datum = String(evaluation.datum).slice(0, 10);
      if (seen.has(datum)) add(say(rules.checks["evaluation-date-unique"], { datum: dutchDate(datum) }), [...path, "datum"]);
      seen.add(datum);
    }
    const blocks = evaluation.bouwstenen || {};
    for (const [id, label] of Object.entries(rules.bouwstenen)) {
      const block = blocks[id];
      const listed = block && Array.isArray(block.bewijs) && block.bewijs.length; // an empty bewijs item is saved too
      if (!filled(block) && !listed) continue; // a concept may leave a bouwsteen out
      const here = `${waar}, ${label}`;
      const at = [...path, "bouwstenen", id];
      for (const rule of rules.required.block) {
        if (missing(block[rule.name], rule)) add(say(rules.missing.block, { waar: here, veld: `het veld ${rule.label}` }), [...at, rule.name]);
      }
      (Array.isArray(block.bewijs) ? block.bewijs : []).forEach((item, n) => {
        const where = { waar: here, nummer: n + 1 };
        for (const rule of rules.required.bewijs || []) {
          if (missing((item || {})[rule.name], rule)) add(say(rules.missing.bewijs, { ...where, veld: `het veld ${rule.label}` }), [...at, "bewijs", n, rule.name]);
        }
        if (filled((item || {}).url) && rules.url_pattern && !new RegExp(rules.url_pattern).test(item.url)) {
          add(say(rules.missing.bewijs_url, where), [...at, "bewijs", n, "url"]);
        }
      });
      if (filled(block.niveau) && !onScale(block.niveau)) {
        add(say(rules.checks["score-on-scale"], { waar: here, waarde: block.niveau, schaal: rules.scale_text }), [...at, "niveau"]);
      }
      for (const value of Object.values(block.scores || {})) {
        if (filled(value) && !onScale(value)) {
          add(say(rules.checks["group-score-on-scale"], { waar: here, waarde: value, schaal: rules.scale_text }), [...at, "scores"]);
        }
      }
      const ambitie = block.ambitie;
      if (!filled(ambitie)) continue;
      for (const rule of rules.required.ambitie) {
        if (missing(ambitie[rule.name], rule)) add(say(rules.missing.ambitie, { waar: here, veld: `het ${rule.label}` }), [...at, "ambitie", rule.name]);
      }
      if (filled(ambitie.niveau) && !onScale(ambitie.niveau)) {
        add(say(rules.checks["ambitie-on-scale"], { waar: here, waarde: ambitie.niveau, schaal: rules.scale_text }), [...at, "ambitie", "niveau"]);
      } else if (filled(ambitie.niveau) && filled(block.niveau) && Number(ambitie.niveau) < Number(block.niveau)) {
        add(say(rules.checks["ambitie-not-below-niveau"], { waar: here, ambitie: ambitie.niveau, niveau: block.niveau }), [...at, "ambitie", "niveau"]);
      }
    }
  });
  return out;
}

// The list of problems, shown over the form until the editor closes it or saves again.
function show(found) {
  let box = document.getElementById("hhz-problemen");
  if (box) box.remove();
  if (!found.length) return;
  box = document.createElement("section");
  box.id = "hhz-problemen";
  box.setAttribute("role", "alert");
  box.setAttribute("aria-labelledby", "hhz-problemen-kop");
  box.tabIndex = -1;
  const title = document.createElement("h2");
  title.id = "hhz-problemen-kop";
  title.textContent = found.length === 1 ? "Niet opgeslagen: verbeter eerst dit" : `Niet opgeslagen: verbeter eerst deze ${found.length} punten`;
  const list = document.createElement("ul");
  for (const problem of found) {
    const item = document.createElement("li");
    item.textContent = problem.message; // text, never HTML: it holds what the editor typed
    list.append(item);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Sluiten";
  close.addEventListener("click", () => box.remove());
  box.append(title, list, close);
  document.body.append(box); // role=alert: read out at once; the focus goes to the first problem
}

// `reveal(path)` (hhz-reveal.js, given by hhz-beheer.js, so this module runs in node for the
// tests) takes the form to the first problem.
export function registerChecks(CMS, rules, collection, reveal = () => false) {
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      if (entry.get("collection") !== collection) return undefined;
      const found = problems(entry.get("data").toJS(), rules);
      show(found);
      if (found.length) {
        reveal(found[0].path); // the form opens, scrolls to and focuses the first problem
        // Decap shows this in its own short notice ("Kan item niet opslaan: …"), above our list
        const error = new Error("verbeter eerst de punten in de lijst.");
        error.problems = found;
        error.toString = () => error.message;
        throw error;
      }
      return undefined;
    },
  });
}

// Removing a zelfevaluatie asks first: Decap's ✕ on a list item removes it at once. Our
// listener runs before React's (capture phase on window); without a yes, Decap never sees
// the click. A zelfevaluatie is known by its item's summary, "<datum> · <status>" (config.py).
// The date is shown in Dutch ("14 okt 2025", hhz-newest.js), the ISO date kept on the element.
const EVALUATION_SUMMARY = /^\s*(\d{4}-\d{2}-\d{2}|\d{1,2} [a-z]{3} \d{4})?\s*·\s*(concept|vastgesteld)?\s*$/;

export function confirmRemoval() {
  window.addEventListener(
    "click",
    (event) => {
      const button = event.target instanceof Element && event.target.closest("button");
      const bar = button && button.parentElement;
      // a list item's top bar: [collapse button, drag handle, remove button], then its summary
      if (!bar || bar.lastElementChild !== button || bar.firstElementChild === button) return;
      if (bar.firstElementChild.tagName !== "BUTTON" || !bar.nextElementSibling) return;
      const match = EVALUATION_SUMMARY.exec(bar.nextElementSibling.textContent || "");
      if (!match) return;
      const datum = match[1] && (/^\d{4}-/.test(match[1]) ? match[1] : bar.nextElementSibling.dataset.hhzDatum);
      const what = datum ? `de zelfevaluatie van ${dutchDate(datum)}${match[2] ? ` (${match[2]})` : ""}` : "deze zelfevaluatie";
      if (!window.confirm(`Weet je zeker dat je ${what} wilt verwijderen?`)) {
        event.stopPropagation();
        event.preventDefault();
      }
    },
    true,
  );
}
