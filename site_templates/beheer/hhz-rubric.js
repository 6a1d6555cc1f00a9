// The guided zelfevaluatie (issue 24): one Decap widget for the six bouwstenen of a
// zelfevaluatie. Per bouwsteen: its description, the five levels as radio cards with their
// full rubric text side by side (native radio inputs in a fieldset with a legend), the level
// of the previous vastgestelde zelfevaluatie marked, the toelichting, bewijs inline, a
// non-blocking note at a high level without bewijs, and an ambitie offered only at or above
// the chosen level. Above them: how many of the six are filled in.
//
// Everything the widget shows comes from the generated config.yml (the field's `fields` and
// each block's `rubric`, written by hhz build from bouwstenen/*.yaml) and form-rules.json
// (`bewijs_from`): no text of the rubric is written here. The values it stores have the
// shape of regions/*.yaml ({<bouwsteen>: {niveau, toelichting, bewijs, scores, ambitie}}).
// What blocks a save is checked in Decap's preSave event (hhz-checks.js), so every problem
// is listed at once; the widget shows the same things inline while the editor works. It has
// no isValid: Decap would then stop at the widget before preSave runs, and the editor would
// meet the problems in two rounds.
//
// Built with Decap's own `h` and `createClass` (no JSX, no build step); editor text is only
// ever given to React as text, never as HTML.

import { topControl } from "./hhz-reveal.js";

const h = window.h;
const MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

export function shortDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : "";
}

function filled(value) {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.values(value).some(filled);
  return true;
}

// A block without its empty parts (an empty bewijs item stays: the editor just added it).
function cleaned(block) {
  const out = {};
  for (const [key, value] of Object.entries(block)) {
    if (key === "bewijs" ? Array.isArray(value) && value.length : filled(value)) out[key] = value;
  }
  for (const key of ["scores", "ambitie"]) {
    if (out[key]) {
      const inner = Object.fromEntries(Object.entries(out[key]).filter(([, v]) => filled(v)));
      if (Object.keys(inner).length) out[key] = inner;
      else delete out[key];
    }
  }
  return out;
}

// Plain values as Immutable values of the kind Decap holds (its Map and List, taken from the
// entry: Decap does not expose Immutable itself).
function immutable(value, emptyMap, emptyList) {
  if (Array.isArray(value)) return emptyList.withMutations((list) => value.forEach((v) => list.push(immutable(v, emptyMap, emptyList))));
  if (value && typeof value === "object") {
    return emptyMap.withMutations((map) => Object.entries(value).forEach(([k, v]) => map.set(k, immutable(v, emptyMap, emptyList))));
  }
  return value;
}

function fieldNamed(fields, name) {
  return fields && fields.find((f) => f.get("name") === name);
}

function optionsOf(field) {
  return field
    ? field.get("options").toJS().map((o) => (typeof o === "object" ? o : { label: String(o), value: o }))
    : [];
}

export function registerRubric(CMS, formRules) {
  const bewijsFrom = formRules.bewijs_from;

  const Control = window.createClass({
    data() {
      const value = this.props.value;
      return value && value.toJS ? value.toJS() : { ...(value || {}) };
    },

    // The zelfevaluatie this widget belongs to and the newest vastgestelde one before it:
    // "vorige keer". Ours is the list item whose key (Decap's list control keeps one per item,
    // in the items' order) is among our parents' ids; without it, the one whose bouwstenen
    // are our value.
    situation() {
      const entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      const list = entry && entry.getIn(["data", "zelfevaluaties"]);
      const control = list && topControl("zelfevaluaties");
      const keys = (control && control.state && control.state.keys) || [];
      const index = keys.findIndex((key) => (this.props.parentIds || []).includes(key));
      let mine = index >= 0 && list ? list.get(index) : null;
      if (!mine && list && this.props.value) mine = list.find((e) => e && e.get("bouwstenen") === this.props.value);
      const datum = mine ? String(mine.get("datum") || "") : "";
      let previous = null;
      (list || []).forEach((e) => {
        if (!e || e === mine || e.get("status") !== "vastgesteld" || !e.get("datum")) return;
        const when = String(e.get("datum"));
        if (datum && when >= datum) return;
        if (!previous || when > previous.datum) previous = { datum: when, bouwstenen: (e.get("bouwstenen") || entry.clear()).toJS() };
      });
      return { datum, previous, entry };
    },

    change(id, update) {
      const { entry } = this.situation();
      const all = this.data();
      const block = cleaned(update({ ...(all[id] || {}) }));
      if (Object.keys(block).length) all[id] = block;
      else delete all[id];
      this.props.onChange(immutable(all, entry.clear(), entry.toList().clear()));
    },

    idFor(...parts) {
      return [this.props.forID, ...parts].join("-");
    },

    // Decap's focus chain (EditorControlPane -> list -> object -> this) with the rest of the
    // path of a problem, e.g. "regiovisie.toelichting" or "regiovisie.bewijs.0.url".
    focus(path) {
      const parts = String(path || "").split(".").filter(Boolean);
      let element = null;
      for (let n = parts.length; n > 0 && !element; n -= 1) element = document.getElementById(this.idFor(...parts.slice(0, n)));
      element = element || document.getElementById(this.props.forID);
      if (!element) return;
      if (element.tagName === "DETAILS") {
        element.open = true;
        element = element.querySelector("summary");
      } else if (element.tagName === "FIELDSET") {
        element = element.querySelector("input:checked") || element.querySelector("input");
      }
      // after Decap's own scroll to the field's label (Widget.focus), which may be far above
      setTimeout(() => {
        element.scrollIntoView({ block: "center" });
        element.focus({ preventScroll: true });
      }, 50);
    },

    render() {
      const blocks = this.props.field.get("fields");
      const data = this.data();
      const context = this.situation();
      const done = blocks.filter((b) => {
        const block = data[b.get("name")] || {};
        return filled(block.niveau) && filled(block.toelichting);
      }).size;
      const total = blocks.size;
      return h(
        "div",
        { className: "hhz-rubric", id: this.props.forID },
        h(
          "div",
          { className: "hhz-voortgang" },
          h("p", { role: "status", className: "hhz-voortgang-tekst" }, `${done} van ${total} bouwstenen ingevuld`),
          h("progress", { max: total, value: done, "aria-hidden": "true" }),
        ),
        blocks.map((block) => this.renderBlock(block, data[block.get("name")] || {}, context)).toArray(),
      );
    },

    renderBlock(block, value, context) {
      const id = block.get("name");
      const label = block.get("label");
      const rubric = block.get("rubric").toJS();
      const niveau = filled(value.niveau) ? Number(value.niveau) : null;
      const before = context.previous && context.previous.bouwstenen[id] && context.previous.bouwstenen[id].niveau;
      const state = niveau === null ? "nog niet ingevuld" : filled(value.toelichting) ? "ingevuld" : "toelichting ontbreekt";
      const headingId = this.idFor(id, "kop");
      return h(
        "section",
        { key: id, className: "hhz-bouwsteen", "aria-labelledby": headingId, id: this.idFor(id) },
        h("h3", { id: headingId }, label, h("span", { className: `hhz-staat hhz-staat-${state.replace(/ /g, "-")}` }, state)),
        h("p", { className: "hhz-beschrijving" }, block.get("hint")),
        this.renderLevels(id, label, rubric, niveau, before, context.previous),
        this.renderToelichting(id, value, niveau),
        this.renderBewijs(id, block, value, niveau),
        this.renderAmbitie(id, rubric, value, niveau, context.datum),
        this.renderScores(id, block, value),
      );
    },

    renderLevels(id, label, rubric, niveau, before, previous) {
      const name = this.idFor(id, "niveau-keuze");
      const cards = rubric.map((level) =>
        h(
          "label",
          {
            key: level.niveau,
            className: ["hhz-kaart", niveau === level.niveau && "hhz-gekozen", before === level.niveau && "hhz-kaart-vorige"].filter(Boolean).join(" "),
          },
          h("input", {
            type: "radio",
            name,
            value: level.niveau,
            checked: niveau === level.niveau,
            onChange: () => this.change(id, (b) => ({ ...b, niveau: level.niveau })),
          }),
          h("span", { className: "hhz-kaart-kop" }, `${level.niveau} · ${level.naam}`),
          before === level.niveau ? h("span", { className: "hhz-kaart-merk" }, `vorige keer: ${before}`) : null,
          h("span", { className: "hhz-kaart-tekst" }, level.tekst),
        ),
      );
      const legend = [`Niveau van ${label}`];
      return h(
        "fieldset",
        { className: "hhz-niveaus", id: this.idFor(id, "niveau") },
        h("legend", null, legend),
        before
          ? h("p", { className: "hhz-rubric-vorige" }, `Vorige vastgestelde zelfevaluatie (${shortDate(previous.datum)}): niveau ${before}.`)
          : null,
        h("div", { className: "hhz-kaarten" }, cards),
        niveau !== null
          ? h(
              "button",
              { type: "button", className: "hhz-knop", onClick: () => this.change(id, (b) => ({ ...b, niveau: undefined })) },
              `Niveau van ${label} wissen`,
            )
          : null,
      );
    },

    renderToelichting(id, value, niveau) {
      const inputId = this.idFor(id, "toelichting");
      const missing = niveau !== null && !filled(value.toelichting);
      const noteId = this.idFor(id, "toelichting-nodig");
      return h(
        "div",
        { className: "hhz-veld" },
        h("label", { htmlFor: inputId }, "Toelichting"),
        h("p", { className: "hhz-uitleg", id: this.idFor(id, "toelichting-uitleg") }, "Waarom dit niveau: wat er al is en wat nog ontbreekt."),
        h("textarea", {
          id: inputId,
          rows: 4,
          value: value.toelichting || "",
          "aria-required": niveau !== null ? "true" : undefined,
          "aria-describedby": [this.idFor(id, "toelichting-uitleg"), missing && noteId].filter(Boolean).join(" "),
          onChange: (event) => {
            const text = event.target.value;
            this.change(id, (b) => ({ ...b, toelichting: text }));
          },
        }),
        missing ? h("p", { className: "hhz-nodig", id: noteId }, `Nodig bij niveau ${niveau}: schrijf een toelichting.`) : null,
      );
    },

    renderBewijs(id, block, value, niveau) {
      const fields = fieldNamed(block.get("fields"), "bewijs").get("fields");
      const types = optionsOf(fieldNamed(fields, "type"));
      const items = value.bewijs || [];
      const set = (index, key, text) =>
        this.change(id, (b) => ({ ...b, bewijs: (b.bewijs || []).map((item, i) => (i === index ? cleaned({ ...item, [key]: text }) : item)) }));
      const rows = items.map((item, index) => {
        const n = index + 1;
        const input = (key, type, label) => {
          const inputId = this.idFor(id, "bewijs", index, key);
          return h(
            "div",
            { className: "hhz-veld", key },
            h("label", { htmlFor: inputId }, label),
            h("input", { id: inputId, type, value: item[key] || "", onChange: (event) => set(index, key, event.target.value) }),
          );
        };
        const typeId = this.idFor(id, "bewijs", index, "type");
        return h(
          "fieldset",
          { key: index, className: "hhz-bewijs", id: this.idFor(id, "bewijs", index) },
          h("legend", null, `Bewijs ${n}`),
          input("titel", "text", fieldNamed(fields, "titel").get("label")),
          input("url", "url", fieldNamed(fields, "url").get("label")),
          h(
            "div",
            { className: "hhz-veld" },
            h("label", { htmlFor: typeId }, `${fieldNamed(fields, "type").get("label")} (optioneel)`),
            h(
              "select",
              { id: typeId, value: item.type || "", onChange: (event) => set(index, "type", event.target.value) },
              h("option", { value: "" }, "(geen)"),
              types.map((o) => h("option", { key: o.value, value: o.value }, o.label)),
            ),
          ),
          input("datum", "date", `${fieldNamed(fields, "datum").get("label")} (optioneel)`),
          h(
            "button",
            { type: "button", className: "hhz-knop", onClick: () => this.change(id, (b) => ({ ...b, bewijs: (b.bewijs || []).filter((_, i) => i !== index) })) },
            `Bewijs ${n} verwijderen`,
          ),
        );
      });
      const note =
        niveau !== null && niveau >= bewijsFrom && !items.some(filled)
          ? h(
              "p",
              { className: "hhz-let-op", role: "note" },
              `Let op: bij niveau ${bewijsFrom} of hoger vraagt de toetser om bewijs. Voeg een document, besluit, jaarverslag of webpagina toe; opslaan kan ook zonder, de site toont dan "geen bewijs opgegeven".`,
            )
          : null;
      return h(
        "div",
        { className: "hhz-bewijzen", id: this.idFor(id, "bewijs") },
        h("h4", null, "Bewijs (optioneel)"),
        note,
        rows,
        h(
          "button",
          { type: "button", className: "hhz-knop", onClick: () => this.change(id, (b) => ({ ...b, bewijs: [...(b.bewijs || []), {}] })) },
          items.length ? "Nog een bewijs toevoegen" : "Bewijs toevoegen",
        ),
      );
    },

    renderAmbitie(id, rubric, value, niveau, datum) {
      const ambitie = value.ambitie || {};
      const chosen = filled(ambitie.niveau) ? Number(ambitie.niveau) : null;
      const offered = rubric.filter((level) => niveau === null || level.niveau >= niveau);
      const name = this.idFor(id, "ambitie-keuze");
      const set = (key, v) => this.change(id, (b) => ({ ...b, ambitie: { ...(b.ambitie || {}), [key]: v } }));
      const option = (v, text) =>
        h(
          "label",
          { key: String(v), className: "hhz-keuze" },
          h("input", { type: "radio", name, value: String(v), checked: chosen === v, onChange: () => (v === null ? this.change(id, (b) => ({ ...b, ambitie: undefined })) : set("niveau", v)) }),
          text,
        );
      const yearId = this.idFor(id, "ambitie", "jaar");
      const below = chosen !== null && niveau !== null && chosen < niveau;
      return h(
        "fieldset",
        { className: "hhz-ambitie", id: this.idFor(id, "ambitie", "niveau") },
        h("legend", null, "Ambitie (optioneel)"),
        h("p", { className: "hhz-uitleg" }, niveau === null ? "Welk niveau wil de regio bereiken, en wanneer?" : `Welk niveau wil de regio bereiken, en wanneer? Je kunt kiezen uit niveau ${niveau} en hoger.`),
        h("div", { className: "hhz-keuzes" }, option(null, "Geen ambitie"), offered.map((level) => option(level.niveau, `${level.niveau} · ${level.naam}`))),
        below ? h("p", { className: "hhz-nodig" }, `De ambitie (niveau ${chosen}) ligt onder het gekozen niveau ${niveau}: kies een ambitie op of boven het huidige niveau.`) : null,
        chosen !== null || filled(ambitie.jaar)
          ? h(
              "div",
              { className: "hhz-veld" },
              h("label", { htmlFor: yearId }, "In welk jaar"),
              h("input", {
                id: yearId,
                type: "number",
                inputMode: "numeric",
                min: datum ? Number(datum.slice(0, 4)) : undefined,
                value: filled(ambitie.jaar) ? ambitie.jaar : "",
                "aria-required": "true",
                onChange: (event) => {
                  const text = event.target.value.trim();
                  set("jaar", text === "" ? undefined : /^\d+$/.test(text) ? Number(text) : text);
                },
              }),
            )
          : null,
      );
    },

    renderScores(id, block, value) {
      const field = fieldNamed(block.get("fields"), "scores");
      const scores = value.scores || {};
      const open = filled(scores);
      return h(
        "details",
        { className: "hhz-scores", id: this.idFor(id, "scores"), open },
        h("summary", null, `${field.get("label")} (optioneel)`),
        h("p", { className: "hhz-uitleg" }, field.get("hint")),
        field.get("fields").toArray().map((group) => {
          const key = group.get("name");
          const selectId = this.idFor(id, "scores", key);
          return h(
            "div",
            { className: "hhz-veld", key },
            h("label", { htmlFor: selectId }, group.get("label")),
            h(
              "select",
              {
                id: selectId,
                value: filled(scores[key]) ? String(scores[key]) : "",
                onChange: (event) => {
                  const v = event.target.value;
                  this.change(id, (b) => ({ ...b, scores: { ...(b.scores || {}), [key]: v === "" ? undefined : Number(v) } }));
                },
              },
              h("option", { value: "" }, "(niet gegeven)"),
              optionsOf(group).map((o) => h("option", { key: o.value, value: String(o.value) }, o.label.split(":")[0])),
            ),
          );
        }),
      );
    },
  });

  CMS.registerWidget("hhz-bouwstenen", Control);
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "hhz-rubric.css";
  document.head.append(link);
}
