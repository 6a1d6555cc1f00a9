// The preview of a region as the site shows it (issue 24, item 7): the scorecard (the six
// bouwstenen with level number and name, the previous vastgestelde level, the change and the
// ambitie), then per bouwsteen the toelichting, the rubric text of the level, the bewijs and
// the ambitie; then every zelfevaluatie in short and the goede voorbeelden.
//
// The look is the site's own: its stylesheets, copied into beheer/stijl/ by `hhz build`
// (generator/hhz/render/beheer_preview.py), and hhz-preview.css for what the theme gives the
// page around them. Level names, colours and rubric texts come from beheer/voorbeeld.json.
// Everything is built with the CMS's own `h` (React): what an editor typed is always text,
// never HTML; a bewijs link is a link only when its address starts with http:// or https://.

const STATUS_FINAL = "vastgesteld";
const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

function day(value) {
  return String(value === null || value === undefined ? "" : value).slice(0, 10);
}

function dutch(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day(value));
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : "(geen datum)";
}

function level(block) {
  return block && block.niveau !== undefined && block.niveau !== null && block.niveau !== "" ? Number(block.niveau) : null;
}

// The zelfevaluatie the preview shows (the newest, concept or not: the one being worked on) and
// the newest vastgestelde one before it, as on the site (derive/status.py).
export function shownAndPrevious(evaluations) {
  const dated = evaluations.filter((e) => e && /^\d{4}-\d{2}-\d{2}$/.test(day(e.datum)));
  const newest = (list) => list.reduce((best, e) => (!best || day(e.datum) >= day(best.datum) ? e : best), null);
  const shown = newest(dated);
  const previous = shown ? newest(dated.filter((e) => e.status === STATUS_FINAL && day(e.datum) < day(shown.datum))) : null;
  return { shown, previous };
}

// ↑ ↓ = and the words for screen readers, as the site says them (derive/status.py: Trend).
export function trend(before, now) {
  if (before === null || now === null) return { symbol: "", label: "geen eerdere meting" };
  if (now > before) return { symbol: "↑", label: `gestegen van ${before} naar ${now}` };
  if (now < before) return { symbol: "↓", label: `gedaald van ${before} naar ${now}` };
  return { symbol: "=", label: `gelijk gebleven op ${now}` };
}

function sr(h, text, key) {
  return h("span", { className: "hhz-sr", key }, text);
}

function levelCell(h, info, value) {
  if (value === null) return h("td", { className: "hhz-level hhz-level-0", "data-label": "Huidig" }, h("span", { className: "hhz-nodata" }, "–"), sr(h, " geen gegevens"));
  const known = info.niveaus[String(value)];
  return h(
    "td",
    { className: `hhz-level hhz-level-named ${known ? known.kleur : ""}`, "data-label": "Huidig" },
    String(value),
    h("span", { className: "hhz-level-name" }, known ? ` ${known.naam}` : " (niet op de schaal)"),
  );
}

function trendContent(h, change) {
  if (!change.symbol) return [h("span", { className: "hhz-trend hhz-muted", key: "t" }, "nieuw"), sr(h, ` (${change.label})`, "s")];
  return [h("span", { className: "hhz-trend", title: change.label, "aria-hidden": "true", key: "t" }, change.symbol), sr(h, ` ${change.label}`, "s")];
}

function ambitionText(block, withGap = true) {
  const ambitie = block && block.ambitie;
  if (!ambitie || (ambitie.niveau === undefined && ambitie.jaar === undefined)) return null;
  const now = level(block);
  const goal = ambitie.niveau !== undefined && ambitie.niveau !== null && ambitie.niveau !== "" ? Number(ambitie.niveau) : null;
  let text = `${goal === null ? "?" : goal} in ${ambitie.jaar || "?"}`;
  if (withGap && goal !== null && now !== null) text += goal > now ? ` · nog ${goal - now} ${goal - now === 1 ? "niveau" : "niveaus"}` : goal === now ? " · bereikt" : ` · ${now - goal} erboven`;
  return text;
}

function scorecard(h, info, data, shown, previous) {
  const blocks = shown.bouwstenen || {};
  const before = (previous && previous.bouwstenen) || {};
  const rows = info.bouwstenen.map((b) => {
    const now = level(blocks[b.id]);
    const then = level(before[b.id]);
    const ambition = ambitionText(blocks[b.id]);
    return h(
      "tr",
      { key: b.id },
      h("th", { scope: "row" }, b.naam),
      levelCell(h, info, now),
      h("td", { "data-label": "Vorige" }, then === null ? "–" : String(then)),
      h("td", { "data-label": "Ontwikkeling" }, now === null ? "–" : trendContent(h, trend(then, now))),
      h("td", { "data-label": "Ambitie" }, ambition || ["–", sr(h, " geen ambitie opgegeven", "s")]),
    );
  });
  const head = ["Bouwsteen", "Huidig", "Vorige", "Ontwikkeling", "Ambitie"].map((t) => h("th", { scope: "col", key: t }, t));
  return h(
    "div",
    { className: "hhz-scroll hhz-stack", key: "scorecard" },
    h(
      "table",
      { className: "hhz-table hhz-scorecard" },
      h("caption", null, `Scorekaart ${data.korte_naam || data.naam || ""}: niveau per bouwsteen`),
      h("thead", null, h("tr", null, head)),
      h("tbody", null, rows),
    ),
  );
}

function statusLine(h, shown, previous) {
  const compared = previous ? `, vergeleken met ${dutch(previous.datum)}` : "";
  const checked = shown.getoetst && shown.getoetst.door ? `getoetst door ${shown.getoetst.door}` : "niet getoetst";
  const lines = [h("p", { className: "hhz-status-main", key: "m" }, `Stand volgens de zelfevaluatie van ${dutch(shown.datum)}${compared} · ${checked}.`)];
  if (shown.status !== STATUS_FINAL) {
    lines.push(
      h("p", { key: "c", className: "hhz-preview-concept" }, h("strong", null, "Concept: "), "zo verschijnt deze zelfevaluatie op de site zodra ze is vastgesteld; tot dan toont de site de vorige vastgestelde."),
    );
  }
  return h("div", { className: "hhz-status", role: "note", key: "status" }, lines);
}

function safeHref(url) {
  return /^https?:\/\//i.test(String(url || "")) ? String(url) : null;
}

function bewijsList(h, info, block, now) {
  const items = (block.bewijs || []).filter((b) => b && (b.titel || b.url));
  if (!items.length) {
    if (now !== null && now >= info.bewijs_vanaf) {
      return h("p", { className: "hhz-geen-bewijs" }, h("strong", null, "Geen bewijs opgegeven."), ` Bij niveau ${now} staat er geen document, besluit, jaarverslag of webpagina bij om het niveau te controleren.`);
    }
    return null;
  }
  const links = items.map((b, i) => {
    const href = safeHref(b.url);
    const title = b.titel || b.url;
    return h("li", { key: i }, href ? h("a", { href, rel: "noopener noreferrer" }, title) : title, b.datum ? ` (${dutch(b.datum)})` : "");
  });
  return [h("p", { key: "k" }, "Onderbouwing:"), h("ul", { key: "l" }, links)];
}

function perBouwsteen(h, info, shown, previous) {
  const blocks = shown.bouwstenen || {};
  const before = (previous && previous.bouwstenen) || {};
  return info.bouwstenen.map((b) => {
    const block = blocks[b.id];
    const now = level(block);
    const heading = h("h3", null, b.naam);
    if (!block || now === null) return h("section", { key: b.id }, heading, h("p", null, "Niet beschreven in deze zelfevaluatie."));
    const known = info.niveaus[String(now)];
    const change = trend(level(before[b.id]), now);
    const ambition = ambitionText(block, false); // as the site's "Per bouwsteen": no gap here
    return h(
      "section",
      { key: b.id },
      heading,
      h(
        "div",
        { className: "hhz-score" },
        h(
          "p",
          { className: "hhz-score-level" },
          h("span", { className: `hhz-swatch ${known ? known.kleur : ""}` }, String(now)),
          " ",
          h("strong", null, `Niveau ${now}${known ? ` ${known.naam}` : ""}`),
          " · ontwikkeling: ",
          trendContent(h, change),
          ambition ? ` · ambitie: niveau ${ambition}` : "",
        ),
        h("p", { className: "hhz-toelichting" }, block.toelichting || h("em", null, "Nog geen toelichting.")),
        b.rubric[String(now)] ? h("p", { className: "hhz-rubric" }, h("em", null, `Zo ziet niveau ${now} eruit: `), b.rubric[String(now)]) : null,
        bewijsList(h, info, block, now),
      ),
    );
  });
}

// Every zelfevaluatie in short: one table each, its levels as the form names them.
function evaluationTable(h, info, evaluation, index) {
  const scores = evaluation.bouwstenen || {};
  const rows = info.bouwstenen.map((b) => {
    const now = level(scores[b.id]);
    const known = now === null ? null : info.niveaus[String(now)];
    const text = now === null ? "niet ingevuld" : known ? `${now} · ${known.naam}` : String(now);
    return h("tr", { key: b.id }, h("th", { scope: "row" }, `${b.volgorde}. ${b.naam}`), h("td", null, text));
  });
  return h(
    "table",
    { key: index, className: "hhz-table hhz-preview-history" },
    h("caption", null, `Zelfevaluatie ${day(evaluation.datum) || "(geen datum)"}, ${evaluation.status || "(geen status)"}`),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Bouwsteen"), h("th", { scope: "col" }, "Niveau"))),
    h("tbody", null, rows),
  );
}

export function registerPreview(CMS, info, collection) {
  for (const sheet of info.stylesheets) CMS.registerPreviewStyle(sheet);
  CMS.registerPreviewStyle("hhz-preview.css");
  const RegionPreview = window.createClass({
    render() {
      const h = window.h;
      const data = this.props.entry.get("data").toJS();
      const evaluations = (data.zelfevaluaties || []).filter(Boolean);
      const { shown, previous } = shownAndPrevious(evaluations);
      const practices = (data.goede_voorbeelden || []).filter(Boolean).map((p, i) => h("li", { key: i }, p.titel || "(zonder titel)"));
      const top = shown
        ? [statusLine(h, shown, previous), h("h2", { key: "s" }, "Scorekaart"), scorecard(h, info, data, shown, previous), h("h2", { key: "p" }, "Per bouwsteen"), perBouwsteen(h, info, shown, previous)]
        : [h("p", { key: "n" }, "Nog geen zelfevaluatie met een datum; de scorekaart verschijnt zodra die er is.")];
      return h(
        "article",
        { className: "md-typeset hhz-preview" },
        h("h1", null, data.naam || "Nieuwe regio"),
        top,
        h("h2", null, "Alle zelfevaluaties"),
        evaluations.length ? evaluations.map((e, i) => evaluationTable(h, info, e, i)) : h("p", null, "Nog geen zelfevaluatie."),
        h("h2", null, "Goede voorbeelden"),
        practices.length ? h("ul", null, practices) : h("p", null, "Nog geen goede voorbeelden."),
      );
    },
  });
  CMS.registerPreviewTemplate(collection, RegionPreview);
}
