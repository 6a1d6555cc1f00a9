// The YAML format of regions/*.yaml for Decap CMS, as pure functions of the text and the
// `yaml` library (so the tests run the same code with node).
//
// Plain (unquoted) scalars are read and written by OUR loader's rules, not the library's
// YAML 1.2 core schema: `rules` is the table hhz.yamlvalues.PLAIN_SCALAR_RULES, exported
// into the built beheer/ (yaml-rules.json). So a text the editor types comes back as that
// same text from `hhz validate`, whatever it looks like (2025-01-01, 12:30, yes, ~, .inf),
// and only the texts our loader would read as something else are quoted.
//
// fromFile: the values of the file; dates stay text such as 2024-04-16 (the date widget's
//           format), YAML 1.1 booleans (yes/no/on/off) stay text too.
// toFile:   the values as YAML, keys in the form's order, with the `# yaml-language-server: $schema=...` first line
//           restored, empty values the form leaves behind ("" , null, {}) left out, the
//           values of date fields written as dates, and every other text that would not
//           come back as text quoted.

export const SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/regio.schema.json";

// A text in a date field that our loader reads as a date: written bare.
class DateText {
  constructor(text) {
    this.text = text;
  }
}

const VALUES = {
  null: () => null,
  true: () => true,
  false: () => false,
  int: (raw) => Number(raw),
  float: (raw) => Number(raw),
  "special-float": (raw) => (raw.toLowerCase() === ".nan" ? NaN : raw.startsWith("-") ? -Infinity : Infinity),
};

// The schema's scalar tags with our rules in place of the library's tests. The library's
// own tags stay for writing numbers, booleans and null (their `identify`), without their
// tests, so they no longer decide what a plain scalar is.
function tagsByOurRules(rules, reading) {
  return (tags) => {
    const ours = rules.map(({ kind, pattern }) => ({
      tag: `tag:hhz.invalid,2026:${kind}`,
      test: new RegExp(`^(?:${pattern})$`),
      // reading: a date or yes/no shows as the text it is. Writing: any kind that is not
      // text makes the library quote a string that matches (it quotes what would not
      // come back as a string).
      resolve: (raw) => (reading && !(kind in VALUES) ? raw : reading ? VALUES[kind](raw) : { notText: kind }),
    }));
    const dates = {
      identify: (value) => value instanceof DateText,
      default: true, // no tag written
      tag: "tag:hhz.invalid,2026:date-text",
      stringify: (item) => item.value.text,
    };
    return [...tags.map((tag) => (tag.test ? { ...tag, test: undefined } : tag)), ...ours, dates];
  };
}

function schemaOptions(rules, reading) {
  return { version: "1.2", schema: "core", customTags: tagsByOurRules(rules, reading) };
}

export function fromFile(YAML, text, rules) {
  const value = YAML.parse(text, schemaOptions(rules, true));
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

// The keys of every mapping in the order of the form's fields (the models' order), so a
// save changes only the lines that changed; keys the form does not know keep their place
// at the end.
export function ordered(value, fields, rules) {
  if (Array.isArray(value)) return value.map((item) => ordered(item, fields, rules));
  if (value === null || typeof value !== "object" || !fields) return value;
  const byName = new Map(fields.map((f, i) => [f.name, [i, f]]));
  const rank = (key) => (byName.has(key) ? byName.get(key)[0] : fields.length);
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  const out = {};
  for (const key of keys) {
    const field = byName.has(key) ? byName.get(key)[1] : null;
    out[key] = field && field.widget === "datetime" ? asDate(value[key], rules) : ordered(value[key], field && field.fields, rules);
  }
  return out;
}

// A date field's text is written bare only when our loader reads it as a date; anything
// else stays a (quoted where needed) text, which hhz validate then names.
function asDate(value, rules) {
  const date = rules.find((rule) => rule.kind === "date");
  return typeof value === "string" && new RegExp(`^(?:${date.pattern})$`).test(value) ? new DateText(value) : value;
}

export function toFile(YAML, data, fields, rules) {
  const doc = new YAML.Document(schemaOptions(rules, false));
  doc.setSchema();
  doc.contents = doc.schema.createNode(ordered(pruned(data), fields, rules), true);
  const body = doc.toString();
  return SCHEMA_LINE + "\n" + body;
}
