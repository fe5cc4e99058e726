/*
 * The conversation as a list of entries (user, bot, divider), rendered in order and kept in
 * storage. A reply is the list of messages the REST channel sent: text, buttons, and `custom`
 * payloads (an assessment card; `patient_cleared`, after which the page starts afresh).
 */
import { append, el } from "./dom.js";
import { labelCitations } from "./citations.js";
import { renderRich, plain } from "./markdown.js";
import { assessmentCard, supersede } from "./card.js";

let entries = [];
let examples = [];
let lastAssessment = null;   // the latest assessment payload of the current patient
let lastCard = null;         // and its card on the page
const dom = {};
let onButton = () => {};

export function init(options) {
  dom.transcript = document.getElementById("transcript");
  dom.scroller = document.getElementById("scroller");
  onButton = options.onButton;
}

export const all = () => entries;

/** The server's `patient_cleared` event in a reply: its text, or null. */
export function patientCleared(messages) {
  const event = messages.map((m) => m && m.custom && m.custom.patient_cleared).find(Boolean);
  return event ? String(event.text || "") : null;
}

/** A reply's messages to show: text repeated by an assessment or a patient_cleared is left out. */
function visibleMessages(messages) {
  const said = messages.map((m) => {
    const custom = (m && m.custom) || {};
    const texts = [custom.assessment && custom.assessment.text, custom.patient_cleared && custom.patient_cleared.text];
    return texts.filter((t) => typeof t === "string").map(plain).join(" ");
  }).join(" ");
  return messages.map((m) => ({
    message: m || {},
    hideText: !!(said && typeof (m && m.text) === "string" && plain(m.text) && said.includes(plain(m.text))),
  }));
}

function renderButtons(buttons) {
  const group = el("div", { className: "reply-buttons", role: "group", "aria-label": "Suggested replies" });
  buttons.forEach((b) => {
    if (!b || (b.payload === undefined && b.title === undefined)) return;
    const title = String(b.title !== undefined ? b.title : b.payload);
    const payload = String(b.payload !== undefined ? b.payload : b.title);
    const button = el("button", { type: "button", className: "reply-button", text: title });
    button.addEventListener("click", () => onButton(payload, payload.charAt(0) === "/" ? title : payload));
    group.appendChild(button);
  });
  return group;
}

/** A reply's turn; `spoken` collects what the status region says about it. */
function renderBotReply(entry, spoken) {
  const wrap = el("div", { className: "turn bot-turn" });
  const messages = Array.isArray(entry.messages) ? entry.messages : [];
  if (!messages.length) {
    wrap.appendChild(el("div", { className: "message bot notice", text: "The assistant sent no reply." }));
  }
  visibleMessages(messages).forEach(({ message: m, hideText }) => {
    const assessment = m.custom && m.custom.assessment;
    if (assessment && typeof assessment === "object") {
      const card = assessmentCard(assessment, lastAssessment);
      if (lastCard) supersede(lastCard);
      lastAssessment = assessment;
      lastCard = card.node;
      wrap.appendChild(el("div", { className: "message bot card-message" }, card.node));
      spoken.push(card.summary);
    }
    if (typeof m.text === "string" && m.text.trim() && !hideText) {
      const content = el("div", { className: "rich" });
      content.appendChild(renderRich(m.text));
      wrap.appendChild(el("div", { className: "message bot" },
        el("span", { className: "visually-hidden", text: "Assistant: " }), content));
      spoken.push(plain(m.text));
    }
    if (Array.isArray(m.buttons) && m.buttons.length) wrap.appendChild(renderButtons(m.buttons));
  });
  labelCitations(wrap);
  return wrap;
}

function renderUser(entry) {
  return el("div", { className: "turn user-turn" },
    el("div", { className: "message user" },
      el("span", { className: "visually-hidden", text: "You: " }),
      el("p", { className: "user-text", text: entry.text })));
}

function renderDivider(entry) {
  const when = new Date(entry.time);
  const time = isNaN(when) ? "" : when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return el("div", { className: "new-patient-divider", role: "separator", "aria-label": "New patient" },
    el("p", { className: "divider-text" },
      el("strong", { text: "New patient" }), time ? " \u00b7 " + time : "",
      entry.text ? el("span", { className: "divider-detail", text: " \u00b7 " + entry.text }) : null));
}

function renderIntro() {
  const intro = el("div", { className: "intro" },
    el("h2", { text: "How to use this assistant" }),
    el("ul", null,
      el("li", { text: "Ask a question about the guideline: indications, prerequisites, "
        + "contraindications, outcomes." }),
      el("li", { text: "Or describe a patient (de-identified) for an eligibility check: pain, response "
        + "to systemic opioids, trial result, life expectancy, psychological evaluation, infection "
        + "and coagulation." }),
      el("li", { text: "Numbers in brackets like [1] are the source's references: select one to see it." })));
  if (examples.length) intro.appendChild(renderButtons(examples.map((q) => ({ title: q, payload: q }))));
  return intro;
}

function render(entry, spoken) {
  if (entry.type === "user") return renderUser(entry);
  if (entry.type === "bot") return renderBotReply(entry, spoken);
  if (entry.type === "divider") return renderDivider(entry);
  if (entry.type === "notice") return el("p", { className: "page-notice", text: entry.text });
  return null;
}

/** Show these entries (a stored conversation, or none). */
export function show(list) {
  entries = list;
  lastAssessment = null;
  lastCard = null;
  dom.transcript.textContent = "";
  entries.forEach((entry) => append(dom.transcript, render(entry, [])));
  if (!entries.some((e) => e.type === "user" || e.type === "bot")) dom.transcript.appendChild(renderIntro());
  scrollToEnd();
}

/** Add one entry; returns its node and what to say about it. */
export function add(entry) {
  entries.push(entry);
  const intro = dom.transcript.querySelector(".intro");
  if (intro) intro.remove();
  const spoken = [];
  const node = render(entry, spoken);
  append(dom.transcript, node);
  return { node, spoken: spoken.join(" ") };
}

/** A new patient: the previous patient's conversation goes, a divider with the server's words stays. */
export function clearForNewPatient(text) {
  entries = [];
  lastAssessment = null;
  lastCard = null;
  dom.transcript.textContent = "";
  add({ type: "divider", text, time: new Date().toISOString() });
}

export function setExamples(list) {
  examples = Array.isArray(list) ? list : [];
  const intro = dom.transcript.querySelector(".intro");
  if (intro) intro.replaceWith(renderIntro());
}

/** A user turn shown while its reply is on the way, not yet in the entries. */
export function pending(text) {
  const node = renderUser({ text });
  node.classList.add("pending");
  const intro = dom.transcript.querySelector(".intro");
  if (intro) intro.hidden = true;
  dom.transcript.appendChild(node);
  scrollToEnd();
  return { remove(restoreIntro) { node.remove(); if (intro && restoreIntro) intro.hidden = false; } };
}

const pageScrolls = () => document.body.classList.contains("page-scroll");

export function scrollToEnd() {
  if (pageScrolls()) window.scrollTo(0, document.documentElement.scrollHeight);
  else dom.scroller.scrollTop = dom.scroller.scrollHeight;
}

/** Show a new reply: its start stays in view when it is taller than the conversation area. */
export function scrollToReply(node) {
  const room = pageScrolls() ? window.innerHeight - document.querySelector(".composer-area").offsetHeight
    : dom.scroller.clientHeight;
  if (node && node.offsetHeight > room - 40) node.scrollIntoView({ block: "start" });
  else scrollToEnd();
}
