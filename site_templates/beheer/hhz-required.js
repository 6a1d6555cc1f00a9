// No "(optioneel)" on what the validator requires (issue 24).
//
// Decap requires a field inside an optional object even when the object is left empty
// (Decap issue #7748), so such fields are generated with `required: false` and the mark
// `required_once_filled` (generator/hhz/editing/cms/fields.py: optional_fields); the checks
// before saving (hhz-checks.js) ask for them once their object is filled in. Decap writes
// "(optioneel)" after the label of every field with `required: false`, in a span of the
// label, whose `for` begins with the field's name. That span is hidden for the marked fields,
// unless a field of the same name elsewhere in the form really is optional. The fields of
// the guided zelfevaluatie (hhz-rubric.js) are not Decap's and are left out.

const SKIP_WIDGETS = new Set(["hhz-bouwstenen"]);

function walk(fields, visit) {
  for (const field of fields || []) {
    visit(field);
    if (SKIP_WIDGETS.has(field.widget)) continue;
    walk(field.fields, visit);
    if (field.field) walk([field.field], visit);
  }
}

export function requiredOnceFilled(fields) {
  const marked = new Set();
  const optional = new Set();
  walk(fields, (field) => {
    if (field.required_once_filled) marked.add(field.name);
    else if (field.required === false) optional.add(field.name);
  });
  return [...marked].filter((name) => !optional.has(name)).sort();
}

export function hideOptionalMark(fields) {
  const names = requiredOnceFilled(fields);
  if (!names.length) return names;
  const style = document.createElement("style");
  style.id = "hhz-vereist";
  style.textContent = names.map((name) => `label[for^="${CSS.escape(name)}-field-"] > span`).join(",\n") + " { display: none; }\n";
  document.head.append(style);
  return names;
}
