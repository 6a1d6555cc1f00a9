// On a refused save, the form opens, scrolls to and focuses the first problem (issue 24).
//
// A problem's path is the path of its value in the entry (["zelfevaluaties", 2, "bouwstenen",
// "regiovisie", "toelichting"]). Decap has that walk itself: a list's focus(path) opens the
// item, an object's focus opens itself and passes the rest on, down to the field (our guided
// widget, hhz-rubric.js, takes the rest of the path to its own controls). Decap's control
// pane would start that walk, but it keeps one ref per top-level field that every nested
// field overwrites, so the walk starts at the top-level field's own control instead, found
// from its element through React's fiber (a property React keeps on every element it
// renders). Objects keep one ref per field name that nested fields of the same name
// overwrite too (a zelfevaluatie's datum and its getoetst.datum): where the walk ends
// without focusing the field, the field's own control is focused, found by its label in
// the list item (Decap's label ids begin with the field's name), or its add button.

function fiberOf(node) {
  const key = node && Object.keys(node).find((k) => k.startsWith("__reactFiber$"));
  return key ? node[key] : null;
}

function instanceAbove(node, test) {
  for (let fiber = fiberOf(node); fiber; fiber = fiber.return) {
    const instance = fiber.stateNode;
    if (instance && !(instance instanceof Node) && test(instance)) return instance;
  }
  return null;
}

// The control of a top-level field (its element's id is Decap's "<name>-field-<n>").
export function topControl(name) {
  const element = document.querySelector(`div[id^="${CSS.escape(name)}-field-"]`);
  return instanceAbove(element, (i) => typeof i.focus === "function" && i.props && i.props.forID === element.id);
}

// The first element a component instance rendered, searched from `from` down.
function hostElement(from, instance) {
  const stack = [fiberOf(from)];
  let inside = null;
  while (stack.length) {
    const fiber = stack.pop();
    if (!fiber) continue;
    if (fiber.stateNode === instance) {
      inside = fiber;
      break;
    }
    stack.push(fiber.sibling, fiber.child);
  }
  for (const todo = [inside && inside.child]; todo.length; ) {
    const fiber = todo.shift();
    if (!fiber) continue;
    if (fiber.stateNode instanceof Element) return fiber.stateNode;
    todo.push(fiber.child, fiber.sibling);
  }
  return null;
}

const visible = (element) => element.getClientRects().length > 0;

function focusField(list, path) {
  const keys = list.state && list.state.keys;
  const item = keys && list.childRefs && list.childRefs[keys[path[1]]];
  const root = item && path.length >= 3 && hostElement(document.getElementById(list.props.forID), item);
  if (!root) return;
  const label = [...root.querySelectorAll(`label[for^="${CSS.escape(String(path[2]))}-field-"]`)].find(visible);
  const container = label && label.parentElement && label.parentElement.parentElement;
  if (!container || container.contains(document.activeElement)) return;
  const own = document.getElementById(label.htmlFor);
  const candidates = [own, ...container.querySelectorAll("input:not([type=hidden]), textarea, select")];
  const add = [...container.querySelectorAll("button")].find((b) => /^Voeg /.test(b.textContent.trim()));
  const target = candidates.find((e) => e && e.matches("input, textarea, select") && visible(e)) || add;
  container.scrollIntoView({ block: "center" });
  if (target) target.focus({ preventScroll: true });
}

export function reveal(path) {
  const top = path && path.length ? topControl(String(path[0])) : null;
  if (!top) return false;
  const rest = path.slice(1).join(".");
  top.focus(rest); // opens the folded list item and objects on the way
  // again once Decap's publish menu has closed and given the focus back to its button
  setTimeout(() => {
    top.focus(rest);
    if (top.state && Array.isArray(top.state.keys)) setTimeout(() => focusField(top, path), 150);
  }, 350);
  return true;
}
