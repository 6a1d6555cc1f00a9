// The list of zelfevaluaties as an editor looks for it (issue 24): the newest one open, the
// others folded (also right after one is added), and each shown as "14 okt 2025 ·
// vastgesteld" (Dutch date order).
//
// Decap folds every item of a list or none, and its summary template has no Dutch date
// filter (and prints "Invalid Date" for an empty date). So, once per form: the list's own
// state is set (found through React's fiber, as in hhz-reveal.js) to open the item with the
// latest date; and the summaries' ISO dates are shown as Dutch dates, the ISO date kept on
// the element (data-hhz-datum) for the question before removing one (hhz-checks.js).

import { shortDate } from "./hhz-rubric.js";

const SUMMARY = /^(\d{4}-\d{2}-\d{2}) · (concept|vastgesteld|)$/;

function listControl(element) {
  const key = Object.keys(element).find((k) => k.startsWith("__reactFiber$"));
  for (let fiber = key && element[key]; fiber; fiber = fiber.return) {
    const instance = fiber.stateNode;
    if (instance && typeof instance.handleCollapseAllToggle === "function") return instance;
  }
  return null;
}

// Only the item at `open` unfolded (the list itself shown).
function openOnly(list, open) {
  const items = list.props.value;
  list.setState({ listCollapsed: false, itemsCollapsed: items.toArray().map((_, i) => i !== open) });
}

function newestIndex(items) {
  let newest = 0;
  items.forEach((item, i) => {
    if (String((item && item.get("datum")) || "") > String(items.get(newest).get("datum") || "")) newest = i;
  });
  return newest;
}

function dutchSummaries(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const match = SUMMARY.exec(node.data);
    if (!match || !node.parentElement) continue;
    node.parentElement.dataset.hhzDatum = match[1];
    node.data = `${shortDate(match[1])} · ${match[2]}`;
  }
}

// Per list control (one per form): how many zelfevaluaties it had. On a new form the newest
// opens; when one is added (Decap's add button, or "start from last year") the others fold,
// so the new one sits right below the list's buttons.
export function watchEvaluationList() {
  const sizes = new WeakMap();
  let queued = false;
  const pass = () => {
    queued = false;
    for (const element of document.querySelectorAll('div[id^="zelfevaluaties-field-"]')) {
      const list = listControl(element);
      const items = list && list.props.value;
      const size = items ? items.size : 0;
      if (!list) continue;
      if (!sizes.has(list) && size) openOnly(list, newestIndex(items));
      else if (sizes.has(list) && size > sizes.get(list)) openOnly(list, size - 1);
      sizes.set(list, size);
      dutchSummaries(element);
    }
  };
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(pass);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}
