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
// toFile:   the values as YAML, with the `# yaml-language-server: $schema=...` first line
//           restored, empty values the form leaves behind ("" , null, {}) left out, the
//           values of date fields written as dates, and every other text that would not
//           come back as text quoted. Given the file's original text, that text is edited
//           in place (only the lines of what changed change; editedText); else, for a new
//           file, the whole file is written with the keys in the form's order.

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

// The whole file written anew: for a new file, or when the original text cannot be edited.
export function fullText(YAML, value, rules) {
  const doc = new YAML.Document(schemaOptions(rules, false));
  doc.setSchema();
  doc.contents = doc.schema.createNode(value, true);
  return SCHEMA_LINE + "\n" + written(YAML, doc, 0);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// The document as text, long lines folded `indent` columns narrower (for a part of the file
// written at that indent). yaml 1.x may fold a long double-quoted text between the two
// halves of an emoji (a file that is no longer UTF-8): then it is written without folding.
function written(YAML, doc, indent) {
  const fold = YAML.scalarOptions.str.fold;
  const width = fold.lineWidth;
  try {
    fold.lineWidth = Math.max(width - indent, 40);
    const text = doc.toString();
    if (!LONE_SURROGATE.test(text)) return text;
    fold.lineWidth = 0;
    return doc.toString();
  } finally {
    fold.lineWidth = width;
  }
}

// `original`: the file's text as it was loaded (hhz-beheer.js keeps it per region). With it,
// the file is edited in place (editedText below), so a save changes only the lines of what
// changed; without it, or when that edit fails its check, the whole file is written.
export function toFile(YAML, data, fields, rules, original) {
  const value = ordered(pruned(data), fields, rules);
  const full = fullText(YAML, value, rules);
  if (typeof original !== "string") return full;
  const edited = editedText(YAML, original, value, rules);
  return edited !== null && readsAs(YAML, edited, full, rules) ? edited : full;
}

// The edited text must hold exactly what the full save holds; anything else: the full save.
function readsAs(YAML, edited, full, rules) {
  try {
    return sameValues(fromFile(YAML, edited, rules), fromFile(YAML, full, rules));
  } catch {
    return false;
  }
}

function sameValues(a, b) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValues(x, b[i]));
  if (a !== null && typeof a === "object") {
    if (b === null || typeof b !== "object" || Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValues(a[k], b[k]));
  }
  return Object.is(a, b);
}

// --- Small diffs: the original text, edited where the values differ ---------------------
//
// The original is parsed (yaml's parseDocument, with our reading rules), compared with the
// form's values node by node, and only what differs is rewritten in the text itself, by the
// nodes' source ranges: a changed or new key, list item or scalar is written by the same
// writer as fullText (so the same quoting) and indented to its place; everything else keeps
// its bytes: wrapping, comments, blank lines, order, flow lists and quotes. A new list item
// takes the styles of the item before it (flow lists, folded texts), so a new zelfevaluatie
// looks like the others. What cannot be edited in place (a flow list that changed, a first
// key on a "- " line) is rewritten whole one level up; at the top, the whole file is.

class Rewrite extends Error {}

const BLOCK_TEXT = ["BLOCK_FOLDED", "BLOCK_LITERAL"];
const LONG_TEXT = 60; // a new text longer than this is written folded (>-), as in the shipped files

const isPair = (node) => node && node.type === "PAIR";
const isCollection = (node) => node && Array.isArray(node.items);
const lineStart = (text, at) => text.lastIndexOf("\n", at - 1) + 1;
const column = (text, at) => at - lineStart(text, at);
const onlySpaceBefore = (text, at) => text.slice(lineStart(text, at), at).trim() === "";

// The end of the line `at` ends on, after its newline (a block node's range ends after one).
function lineEnd(text, at) {
  if (at > 0 && text[at - 1] === "\n") return at;
  const newline = text.indexOf("\n", at);
  return newline === -1 ? text.length : newline + 1;
}

function keyOf(pair) {
  if (!isPair(pair) || !pair.key || typeof pair.key.value !== "string") throw new Rewrite();
  return pair.key.value;
}

function pairEnd(text, pair) {
  const last = pair.value && pair.value.range ? pair.value : pair.key;
  return lineEnd(text, last.range[1]);
}

// The "-" of a block list's item (a comment or anchor in between: not edited in place).
function dash(text, item) {
  if (!item || !item.range) throw new Rewrite();
  let at = item.range[0] - 1;
  while (at >= 0 && /\s/.test(text[at])) at -= 1;
  if (text[at] !== "-") throw new Rewrite();
  return at;
}

// Whether a node of the original holds exactly this value (as the writer would write it).
function unchanged(node, value) {
  if (value instanceof DateText) return !isCollection(node) && node.type === "PLAIN" && node.value === value.text;
  if (Array.isArray(value)) {
    return isCollection(node) && !isPair(node.items[0]) && node.items.length === value.length && node.items.every((n, i) => unchanged(n, value[i]));
  }
  if (value !== null && typeof value === "object") {
    if (!isCollection(node) || !node.items.every(isPair) || node.items.length !== Object.keys(value).length) return false;
    return node.items.every((pair) => {
      const key = pair.key && pair.key.value;
      return typeof key === "string" && key in value && unchanged(pair.value, value[key]);
    });
  }
  return Boolean(node) && !isCollection(node) && node.type !== "ALIAS" && Object.is(node.value, value);
}

// A new node's styles: long texts folded, then what `model` (the node it replaces, or the
// list item before a new one) had: folded or literal texts, flow lists and maps.
function style(node, model) {
  if (!node) return;
  if (!isCollection(node)) {
    if (typeof node.value !== "string") return;
    if (model && !isCollection(model)) {
      if (BLOCK_TEXT.includes(model.type)) node.type = model.type;
    } else if (node.value.length > LONG_TEXT && / /.test(node.value) && !node.value.includes("\n")) node.type = "BLOCK_FOLDED";
    return;
  }
  const modelItems = isCollection(model) ? model.items : [];
  const flow = isCollection(model) && ["FLOW_MAP", "FLOW_SEQ"].includes(model.type) ? model.type : null;
  if (flow && node.items.length && isPair(node.items[0]) === (flow === "FLOW_MAP") && oneLine(node)) {
    node.type = flow;
    tight(node);
  }
  node.items.forEach((item, i) => {
    if (isPair(item)) {
      const match = modelItems.find((m) => isPair(m) && m.key && m.key.value === (item.key && item.key.value));
      style(item.value, match && match.value);
    } else style(item, modelItems[i] || modelItems[modelItems.length - 1]);
  });
}

// A text that reads the same in a flow list for every YAML reader: no indicator characters
// (PyYAML reads `[?0]` as a map and refuses `[:0]`); other texts make the list a block list.
const FLOW_SAFE = /^[\p{L}\p{N}(][^:#,[\]{}?*&!|>'"%@`\\\n\t]*(?<! )$/u;

// Whether a list or map of short one-line scalars: written as a flow list or map like its
// model, it stays on one line (yaml 1.x breaks flow collections over 60 characters).
function oneLine(node) {
  let length = 2;
  for (const item of node.items) {
    const parts = isPair(item) ? [item.key, item.value] : [item];
    for (const part of parts) {
      const value = part && typeof part === "object" && "value" in part ? part.value : part;
      if (isCollection(part) || (value !== null && typeof value === "object" && !(value instanceof DateText))) return false;
      const shown = value instanceof DateText ? value.text : String(value);
      if (typeof value === "string" && !FLOW_SAFE.test(value)) return false;
      if (shown.includes("\n")) return false;
      length += shown.length + 2;
    }
  }
  return length <= 60;
}

// A one-line flow list or map as the shipped files write it: [a, b], not yaml 1.x's [ a, b ].
function tight(node) {
  const write = node.toString.bind(node);
  node.toString = (...args) => {
    const text = write(...args);
    return text.includes("\n") ? text : text.replace(/^([[{]) /, "$1").replace(/ ([\]}])$/, "$1");
  };
}

// `value` ({key: ...} for a pair, [item, ...] for list items) as text at column `indent`:
// the first line as it goes after what precedes it, every next line indented.
function render(ctx, value, model, indent) {
  const doc = new ctx.YAML.Document(schemaOptions(ctx.rules, false));
  doc.setSchema();
  doc.contents = doc.schema.createNode(value, true);
  doc.contents.items.forEach((item) => (isPair(item) ? style(item.value, model) : style(item, model)));
  const pad = " ".repeat(indent);
  return written(ctx.YAML, doc, indent).replace(/\n(?=.)/g, "\n" + pad);
}

function editMap(ctx, node, value) {
  if (node.type !== "MAP" || !node.items.every(isPair)) throw new Rewrite();
  const { text } = ctx;
  const existing = new Map(node.items.map((pair) => [keyOf(pair), pair]));
  for (const [key, pair] of existing) {
    if (!(key in value)) {
      if (!onlySpaceBefore(text, pair.key.range[0])) throw new Rewrite();
      ctx.edits.push({ from: lineStart(text, pair.key.range[0]), to: pairEnd(text, pair), text: "" });
    }
  }
  const indent = column(text, node.items[0].key.range[0]);
  let previous = null;
  let pending = [];
  const insert = (before) => {
    if (!pending.length) return;
    const fresh = Object.fromEntries(pending.map((key) => [key, value[key]]));
    const body = render(ctx, fresh, null, indent);
    if (previous) ctx.edits.push({ from: pairEnd(text, previous), to: pairEnd(text, previous), text: " ".repeat(indent) + body });
    else if (before && onlySpaceBefore(text, before.key.range[0])) {
      const at = lineStart(text, before.key.range[0]);
      ctx.edits.push({ from: at, to: at, text: " ".repeat(indent) + body });
    } else throw new Rewrite();
    pending = [];
  };
  for (const key of Object.keys(value)) {
    const pair = existing.get(key);
    if (!pair) {
      pending.push(key);
      continue;
    }
    insert(pair);
    editPair(ctx, pair, key, value[key]);
    previous = pair;
  }
  insert(node.items.find((pair) => keyOf(pair) in value));
}

function editPair(ctx, pair, key, value) {
  if (unchanged(pair.value, value)) return;
  const mark = ctx.edits.length;
  try {
    editNode(ctx, pair.value, value);
  } catch (error) {
    if (!(error instanceof Rewrite)) throw error;
    ctx.edits.length = mark;
    const at = pair.key.range[0];
    ctx.edits.push({ from: at, to: pairEnd(ctx.text, pair), text: render(ctx, { [key]: value }, pair.value, column(ctx.text, at)) });
  }
}

function editItem(ctx, item, value) {
  if (unchanged(item, value)) return;
  const mark = ctx.edits.length;
  try {
    editNode(ctx, item, value);
  } catch (error) {
    if (!(error instanceof Rewrite)) throw error;
    ctx.edits.length = mark;
    const at = dash(ctx.text, item);
    ctx.edits.push({ from: at, to: lineEnd(ctx.text, item.range[1]), text: render(ctx, [value], item, column(ctx.text, at)) });
  }
}

function editNode(ctx, node, value) {
  if (!isCollection(node) || value === null || typeof value !== "object" || value instanceof DateText) throw new Rewrite();
  if (Array.isArray(value)) editList(ctx, node, value);
  else editMap(ctx, node, value);
}

// The longest run of items kept as they are, as pairs of indexes [old, new].
function kept(olds, news) {
  const rows = olds.length + 1;
  const cols = news.length + 1;
  const table = Array.from({ length: rows }, () => new Array(cols).fill(0));
  for (let i = olds.length - 1; i >= 0; i -= 1) {
    for (let j = news.length - 1; j >= 0; j -= 1) {
      table[i][j] = unchanged(olds[i], news[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out = [];
  for (let i = 0, j = 0; i < olds.length && j < news.length; ) {
    if (unchanged(olds[i], news[j]) && table[i][j] === table[i + 1][j + 1] + 1) out.push([i++, j++]);
    else if (table[i + 1][j] >= table[i][j + 1]) i += 1;
    else j += 1;
  }
  return out;
}

// A block list: items kept, changed in place (paired in order between kept ones), removed
// or inserted (after the item before them, in its style).
function editList(ctx, node, values) {
  if (node.type !== "SEQ" || !node.items.length || node.items.some(isPair)) throw new Rewrite();
  const { text } = ctx;
  const olds = node.items;
  const indent = column(text, dash(text, olds[0]));
  let i = 0;
  let j = 0;
  let last = null; // the last old item that stays
  const anchors = [...kept(olds, values), [olds.length, values.length]];
  for (const [stop, newStop] of anchors) {
    for (; i < stop && j < newStop; i += 1, j += 1) {
      editItem(ctx, olds[i], values[j]);
      last = olds[i];
    }
    for (; i < stop; i += 1) {
      const at = dash(text, olds[i]);
      if (!onlySpaceBefore(text, at)) throw new Rewrite();
      ctx.edits.push({ from: lineStart(text, at), to: lineEnd(text, olds[i].range[1]), text: "" });
    }
    if (j < newStop) {
      const body = " ".repeat(indent) + render(ctx, values.slice(j, newStop), last || olds[0], indent);
      const at = last ? lineEnd(text, last.range[1]) : lineStart(text, dash(text, olds[0]));
      if (!last && !onlySpaceBefore(text, dash(text, olds[0]))) throw new Rewrite();
      ctx.edits.push({ from: at, to: at, text: body });
      j = newStop;
    }
    if (stop < olds.length) last = olds[stop];
    i = stop + 1;
    j = newStop + 1;
  }
}

function applied(text, edits) {
  const order = edits.map((edit, index) => [edit, index]);
  order.sort(([a, x], [b, y]) => a.from - b.from || (a.to === a.from ? 0 : 1) - (b.to === b.from ? 0 : 1) || x - y);
  let out = "";
  let cursor = 0;
  for (const [edit] of order) {
    if (edit.from < cursor) return null; // overlapping edits: not safe
    out += text.slice(cursor, edit.from) + edit.text;
    cursor = edit.to;
  }
  return out + text.slice(cursor);
}

// The original text edited to hold `value`; null when it cannot be (then the file is written whole).
export function editedText(YAML, original, value, rules) {
  const doc = YAML.parseDocument(original, schemaOptions(rules, true));
  if (doc.errors.length || !doc.contents || doc.contents.type !== "MAP") return null;
  const ctx = { YAML, rules, text: original, edits: [] };
  const firstLine = original.split("\n", 1)[0];
  if (firstLine !== SCHEMA_LINE) {
    const replace = firstLine.startsWith("# yaml-language-server:");
    ctx.edits.push({ from: 0, to: replace ? firstLine.length + 1 : 0, text: SCHEMA_LINE + "\n" });
  }
  try {
    editMap(ctx, doc.contents, value);
  } catch (error) {
    if (error instanceof Rewrite) return null;
    throw error;
  }
  return applied(original, ctx.edits);
}
