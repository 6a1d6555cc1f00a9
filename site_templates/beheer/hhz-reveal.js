// On a refused save, the form opens, scrolls to and focuses the first problem (issue 24).
//
// A problem's path is the path of its value in the entry (["zelfevaluaties", 2, "bouwstenen",
// "regiovisie", "toelichting"]). Decap has that walk itself: the control pane's focus(path)
// opens folded lists and objects on the way and focuses the field (the same call as a click
// in its preview). The pane is not exposed, so it is found from a field's label through
// React's fiber (a property React keeps on every element it renders). Where Decap's walk
// ends without focusing anything (an empty list, such as deelnemers), the first control of
// that field is focused instead.

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

export function controlPane() {
  const label = [...document.querySelectorAll("label[for]")].find((l) => /-field-\d+$/.test(l.htmlFor));
  return instanceAbove(label, (i) => typeof i.focus === "function" && typeof i.switchToDefaultLocale === "function");
}

// The list item (Decap's object control) that holds the problem, and the name of the field
// in it: ["zelfevaluaties", 2, "datum"] -> (item 2 of zelfevaluaties, "datum"). The pane and the
// objects keep either Decap's Widget wrapper or the control itself as a ref.
const control = (ref) => (ref && ref.innerWrappedControl) || ref;

function itemAt(pane, path) {
  const list = control(pane.childRefs && pane.childRefs[path[0]]);
  const keys = list && list.state && list.state.keys;
  const item = keys && list.childRefs && list.childRefs[keys[path[1]]];
  return item ? { list, item, name: path[2] } : null;
}

// The first element a component instance rendered, searched from the list's element down.
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

// Where Decap's walk focused nothing (a date field: Decap's object keeps one ref per field
// name and a nested getoetst.datum takes it; an empty list): the field's own control, found
// by its label (Decap's label ids begin with the field's name), or its add button.
function focusField(pane, path) {
  const found = path.length >= 3 && itemAt(pane, path);
  const root = found && hostElement(document.getElementById(found.list.props.forID), found.item);
  if (!root) return;
  const label = [...root.querySelectorAll(`label[for^="${CSS.escape(found.name)}-field-"]`)].find(visible);
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
  const pane = controlPane();
  if (!pane || !path || !path.length) return false;
  pane.focus(path.join("."));
  setTimeout(() => focusField(pane, path), 200);
  return true;
}
