/*
 * The assessment card: the server's payload (CONTRACT section 3) shown as it is. The banner
 * names the deciding finding (payload `headline`); rows that are not met or unknown come first;
 * the chart note is the payload's own `chart_note`, copied as sent. A card that a later one
 * replaces is marked superseded and loses its Copy button; the later one says what changed.
 * The page adds icons and colours, never its own verdict words.
 */
import { el, words } from "./dom.js";
import { citeGroup } from "./citations.js";

const VERDICT_ICONS = {
  meets_criteria: "\u2713", criteria_not_met: "\u2715", contraindicated: "\u26A0", needs_information: "?",
};
/** Per status: its icon, its colour, and its rank, in the order the verdict's precedence reads
 * them (CONTRACT section 3): what decides comes first, then what is open, then what is settled. */
const STATUS = {
  present: { icon: "\u26A0", tone: "bad", rank: 0 },
  not_met: { icon: "\u2715", tone: "warn", rank: 1 },
  unknown: { icon: "?", tone: "unknown", rank: 2 },
  met: { icon: "\u2713", tone: "good", rank: 3 },
  absent: { icon: "\u2713", tone: "good", rank: 3 },
};
const SECTIONS = [
  { key: "criteria", title: "Prerequisites (all required)" },
  { key: "contraindications", title: "Absolute contraindications" },
];

const rows = (a, key) => (Array.isArray(a && a[key]) ? a[key] : []);
const status = (row) => STATUS[row.status] || STATUS.unknown;
const statusWord = (row) => words(row.status || "unknown");
const label = (row) => row.label || words(row.id);
const numbers = (list) => (Array.isArray(list) ? list.map(Number).filter(Number.isInteger) : []);

/** The verdict in the server's words, naming the deciding finding; the verdict id otherwise. */
export function headline(a) {
  return a.headline || words(a.verdict) || "Assessment";
}

function rowItem(row) {
  const s = status(row);
  const cites = numbers(row.citations);
  const body = el("div", { className: "row-body" },
    el("div", { className: "row-head" },
      el("span", { className: "status-word", text: statusWord(row) }), " ",
      el("span", { className: "row-label", text: label(row) }),
      cites.length ? [" ", citeGroup(cites)] : null));
  if (row.reason) body.appendChild(el("p", { className: "row-reason", text: row.reason }));
  if (row.evidence) {
    body.appendChild(el("p", { className: "row-evidence" },
      el("span", { className: "evidence-label", text: "Evidence: " }), el("q", { text: row.evidence })));
  }
  return el("li", {
    className: "row tone-" + s.tone, "data-id": row.id || "", "data-status": row.status || "unknown",
  },
    el("span", { className: "status-icon", "aria-hidden": "true", text: s.icon }), body);
}

/** Sections and their rows, what decides or is still open first (a stable sort by rank). */
function orderedSections(a) {
  return SECTIONS.map((section, index) => {
    const list = rows(a, section.key).map((row, i) => ({ row, i }))
      .sort((x, y) => status(x.row).rank - status(y.row).rank || x.i - y.i).map((x) => x.row);
    const rank = Math.min(...list.map((row) => status(row).rank));
    return { ...section, list, rank, index };
  }).filter((s) => s.list.length).sort((x, y) => x.rank - y.rank || x.index - y.index);
}

/** What differs from the previous assessment of this patient, one line per change. */
function changes(previous, current) {
  if (!previous) return [];
  const lines = [];
  if (headline(previous) !== headline(current)) {
    lines.push("Verdict: " + headline(previous) + " \u2192 " + headline(current));
  }
  const before = {};
  SECTIONS.forEach(({ key }) => rows(previous, key).forEach((row) => { before[row.id] = row; }));
  SECTIONS.forEach(({ key }) => rows(current, key).forEach((row) => {
    const old = before[row.id];
    const change = (from, to) => lines.push(label(row) + ": " + from + " \u2192 " + to);
    if (!old) lines.push(label(row) + ": " + statusWord(row) + " (not assessed before)");
    else if (old.status !== row.status) change(statusWord(old), statusWord(row));
    else if ((old.reason || "") !== (row.reason || "")) change(old.reason || "", row.reason || "");
  }));
  return lines;
}

/** A short spoken summary of a new card, instead of the whole card. */
function summary(a, changed) {
  const all = [...rows(a, "criteria"), ...rows(a, "contraindications")];
  const count = (st) => all.filter((row) => row.status === st).length;
  const parts = [["not met", count("not_met")], ["present", count("present")], ["unknown", count("unknown")]]
    .filter(([, n]) => n).map(([word, n]) => n + " " + word);
  const missing = rows(a, "missing").length;
  return ["Assessment: " + headline(a) + ".",
    parts.length ? parts.join(", ") + "." : "",
    missing ? missing + (missing === 1 ? " question" : " questions") + " to answer." : "",
    changed.length ? changed.length + (changed.length === 1 ? " change" : " changes") +
      " since the previous assessment." : ""]
    .filter(Boolean).join(" ");
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* fall back */ }
  }
  const area = el("textarea", { className: "copy-buffer", readonly: true, "aria-hidden": "true" });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
  area.remove();
  return ok;
}

function copyActions(a) {
  if (typeof a.chart_note !== "string" || !a.chart_note.trim()) return null;
  const copied = el("span", { className: "copy-status", role: "status" });
  const button = el("button", { type: "button", className: "copy-button", text: "Copy for chart" });
  const actions = el("div", { className: "card-actions" }, button, copied);
  button.addEventListener("click", async () => {
    if (await copyText(a.chart_note)) {
      copied.textContent = "Chart note copied.";
      setTimeout(() => { copied.textContent = ""; }, 4000);
      return;
    }
    // No clipboard here: the note itself, selected, for Ctrl+C.
    copied.textContent = "Copy did not work: the note is selected below, copy it with Ctrl+C.";
    let shown = actions.querySelector(".chart-note-text");
    if (!shown) {
      shown = el("textarea", { className: "chart-note-text", readonly: true, rows: 8, "aria-label": "Chart note" });
      shown.value = a.chart_note;
      actions.appendChild(shown);
    }
    shown.focus();
    shown.select();
  });
  return actions;
}

/** The card for one payload and its spoken summary; `previous` is the patient's assessment
 * before it, if any. */
export function assessmentCard(a, previous) {
  const verdict = VERDICT_ICONS[a.verdict] ? a.verdict : "other";
  const title = headline(a);
  const card = el("article", {
    className: "assessment verdict-" + verdict, "aria-label": "Assessment: " + title, "data-verdict": a.verdict || "",
  });
  card.appendChild(el("div", { className: "verdict-banner" },
    el("span", { className: "verdict-icon", "aria-hidden": "true", text: VERDICT_ICONS[a.verdict] || "?" }),
    el("div", { className: "verdict-words" },
      el("p", { className: "verdict-kicker", text: "Assessment for an intrathecal pump" }),
      el("h3", { className: "verdict-title", text: title }))));
  const changed = changes(previous, a);
  if (previous) {
    card.appendChild(el("section", { className: "changes" },
      el("h4", { text: "Changed since the previous assessment" }),
      changed.length ? el("ul", null, changed.map((line) => el("li", { text: line })))
        : el("p", { text: "Nothing changed." })));
  }
  orderedSections(a).forEach((section) => {
    card.appendChild(el("section", { className: "checklist-section", "data-section": section.key },
      el("h4", { text: section.title }),
      el("ul", { className: "checklist", "aria-label": section.title }, section.list.map(rowItem))));
  });
  const missing = rows(a, "missing");
  if (missing.length) {
    card.appendChild(el("section", { className: "missing" },
      el("h4", { text: "Still to find out" }),
      el("ul", null, missing.map((m) => el("li", { text: String(m) })))));
  }
  if (a.disclaimer) card.appendChild(el("p", { className: "card-disclaimer", text: a.disclaimer }));
  const actions = copyActions(a);
  if (actions) card.appendChild(actions);
  return { node: card, summary: summary(a, changed) };
}

/** Mark a card replaced by a later assessment: a note at the top, no Copy button. */
export function supersede(card) {
  if (card.classList.contains("superseded")) return;
  card.classList.add("superseded");
  card.setAttribute("aria-label", "Superseded: " + card.getAttribute("aria-label"));
  card.querySelector(".verdict-banner").before(
    el("p", { className: "superseded-note", text: "Superseded by a later assessment below" }));
  const actions = card.querySelector(".card-actions");
  if (actions) actions.remove();
}
