/*
 * The markdown subset the assistant writes: paragraphs (lines kept), "- " bullet lists, **bold**
 * and citation markers [1], [1, 6], [6][7]. Parsed from the raw text and built as elements.
 */
import { append, el } from "./dom.js";
import { citeGroup } from "./citations.js";

const INLINE = /\*\*([\s\S]+?)\*\*|((?:\[\d{1,4}(?:\s*,\s*\d{1,4})*\])+)/g;
const CITATION_GROUP = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]/g;
const BULLET = /^\s*[-*\u2022]\s+/;

/** The numbers of "[1, 6]" or "[6][7]", in order. */
export function citationNumbers(markers) {
  return [...markers.matchAll(CITATION_GROUP)].flatMap((m) => m[1].split(",").map((n) => Number(n.trim())));
}

/** Text with **bold** and citations, appended to parent as nodes. */
function renderInline(parent, text, allowBold) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) append(parent, text.slice(last, match.index));
    if (match[1] !== undefined && allowBold) {
      const strong = el("strong");
      renderInline(strong, match[1], false);
      append(parent, strong);
    } else if (match[2] !== undefined) {
      append(parent, citeGroup(citationNumbers(match[2])));
    } else {
      append(parent, match[0]);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) append(parent, text.slice(last));
}

export function renderRich(text) {
  const frag = document.createDocumentFragment();
  let paragraph = null;
  let list = null;
  String(text).replace(/\r\n?/g, "\n").split("\n").forEach((line) => {
    if (!line.trim()) { paragraph = null; list = null; return; }
    if (BULLET.test(line)) {
      paragraph = null;
      if (!list) { list = el("ul"); frag.appendChild(list); }
      const item = el("li");
      renderInline(item, line.replace(BULLET, ""), true);
      list.appendChild(item);
      return;
    }
    list = null;
    if (!paragraph) { paragraph = el("p"); frag.appendChild(paragraph); }
    else paragraph.appendChild(el("br"));
    renderInline(paragraph, line, true);
  });
  return frag;
}

/** The words of a marked-up text, as a screen reader or a comparison needs them. */
export function plain(text) {
  return String(text || "").replace(/\*\*([\s\S]+?)\*\*/g, "$1").replace(/\s+/g, " ").trim();
}
