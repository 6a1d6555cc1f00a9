// The YAML format of regions/*.yaml for Decap CMS, as pure functions of the text and the
// `yaml` library (so tests/test_cms_config.py runs the same code with node).
//
// fromFile: the values of the file (YAML 1.2 core: dates stay text such as 2024-04-16).
// toFile:   the values as YAML, keys in the form's order, with the `# yaml-language-server: $schema=...` first line
//           restored, empty values the form leaves behind ("" , null, {}) left out, and
//           text that YAML 1.1 would read as a boolean (yes, no, on, off) quoted.

export const SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/regio.schema.json";
const YAML11_BOOL = /^(y|n|yes|no|on|off)$/i;

export function fromFile(YAML, text) {
  const value = YAML.parse(text, { version: "1.2", schema: "core" });
  return value === null || value === undefined ? {} : value;
}

function isEmpty(value) {
  if (value === null || value === undefined || value === "") return true;
  return typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

export function pruned(value) {
  if (Array.isArray(value)) return value.map(pruned);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = pruned(item);
    if (!isEmpty(kept)) out[key] = kept;
  }
  return out;
}

function quoteBooleans(node) {
  if (!node) return;
  if (Array.isArray(node.items)) {
    for (const item of node.items) quoteBooleans(item && "key" in item ? item.value : item);
  } else if (typeof node.value === "string" && YAML11_BOOL.test(node.value)) {
    node.type = "QUOTE_DOUBLE";
  }
}

// The keys of every mapping in the order of the form's fields (the models' order), so a
// save changes only the lines that changed; keys the form does not know keep their place
// at the end.
export function ordered(value, fields) {
  if (Array.isArray(value)) return value.map((item) => ordered(item, fields));
  if (value === null || typeof value !== "object" || !fields) return value;
  const byName = new Map(fields.map((f, i) => [f.name, [i, f]]));
  const rank = (key) => (byName.has(key) ? byName.get(key)[0] : fields.length);
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  const out = {};
  for (const key of keys) {
    const field = byName.has(key) ? byName.get(key)[1] : null;
    out[key] = ordered(value[key], field && field.fields);
  }
  return out;
}

export function toFile(YAML, data, fields) {
  const doc = new YAML.Document({ version: "1.2", schema: "core" });
  doc.contents = YAML.createNode(ordered(pruned(data), fields));
  quoteBooleans(doc.contents);
  const body = doc.toString();
  return SCHEMA_LINE + "\n" + body;
}
