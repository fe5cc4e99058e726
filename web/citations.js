/*
 * The source's numbered references: citation buttons, the popover one of them opens (focus moves
 * into it and back to the citation), and the panel with the whole list. Reference 6, whose title
 * the source does not print, says so instead of showing a guessed title.
 */
import { append, el } from "./dom.js";

const references = {};      // number -> reference object from ../references
let loaded = false;
let openFor = null;         // the citation button whose popover is open
const dom = {};

/** A citation as a button: 24 px at least, with a 44 px hit area on touch screens (style.css). */
export function citeButton(number) {
  return el("button", {
    type: "button", className: "cite", "data-ref": number,
    "aria-label": label(number), "aria-haspopup": "dialog", "aria-expanded": "false",
    text: String(number),
  });
}

/** Numbers as one bracketed group of buttons: "[1, 6]". */
export function citeGroup(numbers) {
  const span = el("span", { className: "cite-group" }, "[");
  numbers.forEach((n, i) => append(span, [i ? ", " : null, citeButton(n)]));
  append(span, "]");
  return span;
}

function label(number) {
  const ref = references[number];
  if (!ref) return "Reference " + number;
  return "Reference " + number + ": " + (ref.title || "title not printed in the source");
}

/** The reference's details as nodes (title or the note that it has none, journal, year). */
function referenceBody(number) {
  const body = document.createDocumentFragment();
  const ref = references[number];
  if (!loaded) return el("p", { text: "The reference list is still loading." });
  if (!ref) return el("p", { text: "Reference " + number + " is not in the source's reference list." });
  append(body, ref.title
    ? el("p", { className: "ref-title", text: ref.title })
    : el("p", { className: "ref-title untitled", text: "Title not printed in the source" }));
  const where = [ref.published_in, ref.year].filter(Boolean).join(", ");
  if (where) append(body, el("p", { className: "ref-where", text: where }));
  if (ref.kind) append(body, el("p", { className: "ref-kind", text: "Type: " + ref.kind }));
  if (ref.note) append(body, el("p", { className: "ref-note", text: ref.note }));
  return body;
}

/** Fill the list once the references arrived, and name every citation already on the page. */
export function setReferences(list) {
  list.forEach((ref) => { references[ref.number] = ref; });
  loaded = true;
  dom.list.textContent = "";
  Object.keys(references).map(Number).sort((a, b) => a - b).forEach((number) => {
    dom.list.appendChild(el("li", { id: "ref-" + number, value: number, tabindex: "-1" },
      el("span", { className: "ref-number", text: "[" + number + "]" }), " ",
      el("div", { className: "ref-body" }, referenceBody(number))));
  });
  labelCitations(document);
}

export function referencesFailed() {
  loaded = true;
  dom.list.appendChild(el("li", { text: "The reference list could not be loaded." }));
}

export function labelCitations(root) {
  root.querySelectorAll(".cite").forEach((button) => {
    const number = Number(button.getAttribute("data-ref"));
    button.setAttribute("aria-label", label(number));
    if (loaded && !references[number]) button.classList.add("cite-unknown");
  });
}

// ---- the popover -------------------------------------------------------------------------------

function openPopover(button) {
  if (openFor === button) { closePopover(true); return; }
  closePopover(false);
  const number = Number(button.getAttribute("data-ref"));
  dom.popoverTitle.textContent = "Reference [" + number + "]";
  dom.popoverBody.textContent = "";
  dom.popoverBody.appendChild(referenceBody(number));
  dom.popoverAll.setAttribute("data-ref", number);
  dom.popover.hidden = false;
  openFor = button;
  button.setAttribute("aria-expanded", "true");
  button.setAttribute("aria-controls", "ref-popover");
  position(button);
  dom.popover.focus();
}

function position(button) {
  const pop = dom.popover;
  const rect = button.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const width = Math.min(360, vw - 16);
  pop.style.width = width + "px";
  pop.style.left = Math.max(8, Math.min(rect.left - 12, vw - width - 8)) + "px";
  const height = pop.offsetHeight;
  let top = rect.bottom + 6;
  if (top + height > vh - 8 && rect.top - height - 6 > 8) top = rect.top - height - 6;
  pop.style.top = Math.max(8, Math.min(top, vh - height - 8)) + "px";
}

/** Close the popover; `returnFocus` puts the focus back on the citation that opened it. */
export function closePopover(returnFocus) {
  if (dom.popover.hidden) return;
  dom.popover.hidden = true;
  const button = openFor;
  openFor = null;
  if (!button) return;
  button.setAttribute("aria-expanded", "false");
  if (returnFocus && document.body.contains(button)) button.focus();
}

/** Tab past the popover's last control (or Shift+Tab before its first) goes back to the text. */
function keepTabOrder(event) {
  if (event.key !== "Tab") return;
  const controls = [...dom.popover.querySelectorAll("button")];
  const first = controls[0];
  const last = controls[controls.length - 1];
  const active = document.activeElement;
  if ((!event.shiftKey && active === last) || (event.shiftKey && (active === first || active === dom.popover))) {
    event.preventDefault();
    closePopover(true);
  }
}

// ---- the reference panel -----------------------------------------------------------------------

export function openReferences(number) {
  closePopover(false);
  dom.panel.hidden = false;
  dom.toggle.setAttribute("aria-expanded", "true");
  const target = number ? document.getElementById("ref-" + number) : null;
  [...dom.list.children].forEach((li) => li.classList.toggle("highlight", li === target));
  if (target) { target.scrollIntoView({ block: "nearest" }); target.focus(); }
  else dom.close.focus();
}

export function closeReferences() {
  dom.panel.hidden = true;
  dom.toggle.setAttribute("aria-expanded", "false");
  dom.toggle.focus();
}

/** Escape closes the popover, then the panel; true when it closed something. */
export function escape() {
  if (!dom.popover.hidden) { closePopover(true); return true; }
  if (!dom.panel.hidden) { closeReferences(); return true; }
  return false;
}

export function repositionPopover() {
  if (openFor) position(openFor);
}

export function init() {
  const byId = (id) => document.getElementById(id);
  Object.assign(dom, {
    popover: byId("ref-popover"), popoverTitle: byId("ref-popover-title"),
    popoverBody: byId("ref-popover-body"), popoverAll: byId("ref-popover-all"),
    popoverClose: byId("ref-popover-close"), panel: byId("references-panel"),
    list: byId("references-list"), toggle: byId("references-toggle"), close: byId("references-close"),
  });
  dom.toggle.addEventListener("click", () => {
    if (dom.panel.hidden) openReferences(null); else closeReferences();
  });
  dom.close.addEventListener("click", closeReferences);
  dom.popoverClose.addEventListener("click", () => closePopover(true));
  dom.popoverAll.addEventListener("click", () => openReferences(Number(dom.popoverAll.getAttribute("data-ref"))));
  dom.popover.addEventListener("keydown", keepTabOrder);
  document.addEventListener("click", (event) => {
    const cite = event.target.closest ? event.target.closest(".cite") : null;
    if (cite) { event.preventDefault(); openPopover(cite); return; }
    if (!dom.popover.hidden && !dom.popover.contains(event.target)) closePopover(false);
  });
}
