// Our part of beheer/: the YAML format of regions/*.yaml, a preview with the levels per
// bouwsteen, then the start of Decap CMS (hhz-beheer-init.js asked it to wait for us).
// Only files of this site are loaded; the preview is built with the CMS's own `h`, so
// editor text is never put into the page as HTML.
import { YAML } from "./yaml/index.js";
import { fromFile, toFile } from "./hhz-yaml-format.js";
import { renameWorkflow } from "./hhz-locale.js";

const CMS = window.CMS;

// The form's fields (the generated config.yml), for the key order of saved files.
const config = YAML.parse(await (await fetch("config.yml", { cache: "no-cache" })).text());
const regionFields = config.collections.find((c) => c.name === "regios").fields;
// How our loader reads plain scalars (generated from hhz.yamlvalues), so the format quotes
// exactly the texts hhz validate would read as something else.
const rules = (await (await fetch("yaml-rules.json", { cache: "no-cache" })).json()).plain_scalars;

CMS.registerCustomFormat("hhz-yaml", "yaml", {
  fromFile: (text) => fromFile(YAML, text, rules),
  toFile: (data) => toFile(YAML, data, regionFields, rules),
});

// The option labels of the niveau fields ("3 · Uitvoeren: ..."), per bouwsteen, taken from
// the generated config, so the preview names the levels exactly as the form does.
function levelNames(collection) {
  const names = {};
  const evaluations = collection.get("fields").find((f) => f.get("name") === "zelfevaluaties");
  const blocks = evaluations.get("fields").find((f) => f.get("name") === "bouwstenen").get("fields");
  const order = [];
  blocks.forEach((block) => {
    const id = block.get("name");
    order.push([id, block.get("label")]);
    const niveau = block.get("fields").find((f) => f.get("name") === "niveau");
    names[id] = {};
    niveau.get("options").forEach((o) => {
      names[id][o.get("value")] = o.get("label").split(":")[0];
    });
  });
  return { names, order };
}

function evaluationTable(h, evaluation, index, levels) {
  const scores = evaluation.bouwstenen || {};
  const rows = levels.order.map(([id, label]) => {
    const score = scores[id];
    const level = score && score.niveau !== undefined ? levels.names[id][score.niveau] || String(score.niveau) : "niet ingevuld";
    return h("tr", { key: id }, h("th", { scope: "row" }, label), h("td", null, level));
  });
  const caption = `Zelfevaluatie ${evaluation.datum || "(geen datum)"}, ${evaluation.status || "(geen status)"}`;
  return h(
    "table",
    { key: index },
    h("caption", null, caption),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Bouwsteen"), h("th", { scope: "col" }, "Niveau"))),
    h("tbody", null, rows),
  );
}

const RegionPreview = window.createClass({
  render() {
    const h = window.h;
    const data = this.props.entry.get("data").toJS();
    const levels = levelNames(this.props.collection);
    const evaluations = (data.zelfevaluaties || []).map((e, i) => evaluationTable(h, e, i, levels));
    const practices = (data.goede_voorbeelden || []).map((p, i) => h("li", { key: i }, p.titel || "(zonder titel)"));
    return h(
      "div",
      null,
      h("h1", null, data.naam || "Nieuwe regio"),
      evaluations.length ? evaluations : h("p", null, "Nog geen zelfevaluatie."),
      h("h2", null, "Goede voorbeelden"),
      practices.length ? h("ul", null, practices) : h("p", null, "Nog geen goede voorbeelden."),
    );
  },
});

CMS.registerPreviewTemplate("regios", RegionPreview);
renameWorkflow(CMS); // before init: Decap reads its phrases then
CMS.init();
