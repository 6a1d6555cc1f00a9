// The list of zelfevaluaties as an editor looks for it (issue 24): the newest one open, the
// others folded, and each shown as "14 okt 2025 · vastgesteld" (Dutch date order).
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

function openNewest(element) {
  const list = listControl(element);
  const items = list && list.props.value;
  if (!items || !items.size) return;
  let newest = 0;
  items.forEach((item, i) => {
    if (String((item && item.get("datum")) || "") > String(items.get(newest).get("datum") || "")) newest = i;
  });
  list.setState({ listCollapsed: false, itemsCollapsed: items.toArray().map((_, i) => i !== newest) });
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

export function watchEvaluationList() {
  let queued = false;
  const pass = () => {
    queued = false;
    for (const element of document.querySelectorAll('div[id^="zelfevaluaties-field-"]:not([data-hhz-geopend])')) {
      element.dataset.hhzGeopend = "";
      openNewest(element);
    }
    const pane = document.querySelector('div[id^="zelfevaluaties-field-"]');
    if (pane) dutchSummaries(pane);
  };
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(pass);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}
