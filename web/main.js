/*
 * The clinicians' chat page: wires the modules together (api, storage, markdown, citations,
 * card, transcript). Plain ES modules from this folder, no build step; the page's CSP allows
 * script from this origin only. Wording of verdicts and new patients comes from the server.
 */
import * as api from "./api.js";
import * as citations from "./citations.js";
import * as storage from "./storage.js";
import * as transcript from "./transcript.js";
import { announce, el } from "./dom.js";

const NEW_PATIENT_MESSAGE = "new patient";
/** The page scrolls as a whole when header and footer would take more than this share. */
const MAX_CHROME_SHARE = 0.4;
const EXPIRY_CHECK_MS = 60000;

const dom = {};
let sender = null;
let busy = false;
let noticesExpanded = false;   // the user opened the collapsed notices

// ---- sending ---------------------------------------------------------------------------------

function showError(text) {
  dom.error.textContent = "";
  dom.error.append(el("strong", { text: "Not sent. " }), text);
  dom.error.hidden = false;
  document.body.classList.add("has-error");
}

function hideError() {
  dom.error.hidden = true;
  dom.error.textContent = "";
  document.body.classList.remove("has-error");
}

function setBusy(value) {
  busy = value;
  dom.typing.hidden = !value;
  dom.send.disabled = value;
  dom.newPatient.disabled = value;
  dom.transcript.setAttribute("aria-busy", value ? "true" : "false");
  if (value) { announce("The assistant is writing."); transcript.scrollToEnd(); }
}

/** Send one message; `display` is what the transcript shows (a button's title). */
async function send(text, { display, fromInput } = {}) {
  if (busy) return;
  if (!String(text).trim()) { dom.input.focus(); return; }
  citations.closePopover(false);
  hideError();
  if (fromInput) { dom.input.value = ""; autosize(); updateNotices(); }
  const userEntry = { type: "user", text: display || text, time: new Date().toISOString() };
  const pending = transcript.pending(userEntry.text);
  setBusy(true);
  dom.input.focus();
  let messages;
  try {
    messages = await api.postMessage(sender, text);
  } catch (error) {
    pending.remove(true);
    setBusy(false);
    // Nothing typed is lost: the text goes back into the box (before anything typed since).
    const current = dom.input.value;
    dom.input.value = current && current !== text ? text + "\n" + current : text;
    autosize();
    showError(api.errorText(error));
    dom.input.focus();
    return;
  }
  pending.remove(false);
  const cleared = transcript.patientCleared(messages);
  if (cleared !== null) transcript.clearForNewPatient(cleared);
  transcript.add(userEntry);
  const { node, spoken } = transcript.add({ type: "bot", messages, time: new Date().toISOString() });
  storage.save(sender, transcript.all());
  setBusy(false);
  transcript.scrollToReply(node);
  announce((cleared !== null ? "New patient started. " : "") + spoken);
  dom.input.focus();
}

// ---- new patient, expiry -------------------------------------------------------------------------

function confirmNewPatient() {
  if (busy) return;
  dom.confirm.showModal();
}

function startFresh(notice) {
  storage.forget();
  sender = storage.load().sender;
  transcript.show(notice ? [{ type: "notice", text: notice }] : []);
  if (notice) announce(notice);
}

function expiryNotice() {
  const hours = storage.retentionHours();
  return "The previous conversation was cleared from this browser: stored conversations expire " +
    "after " + hours + (hours === 1 ? " hour." : " hours.");
}

function checkExpiry() {
  if (!busy && storage.hasExpired(sender)) startFresh(expiryNotice());
}

// ---- an EHR card's link -------------------------------------------------------------------------

/** Opened from an EHR card's link (?assessment=<card uuid>): that record's assessment is shown as
 * its card, as a new patient. The chat does not hold the record's facts, and the notice says so. */
function openCardLink() {
  const params = new URLSearchParams(window.location.search);
  const id = params.get("assessment");
  if (!id) return;
  params.delete("assessment");
  const query = params.toString();
  // A reload or a bookmark must not load the card again over a conversation begun since.
  window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  api.loadCardAssessment(id).then((data) => {
    const when = new Date(data.created_at);
    startFresh("Opened from the EHR card" + (isNaN(when) ? "" : " of " + when.toLocaleString()) +
      ": the assessment of the record as the EHR sent it. This chat does not know the record's " +
      "facts: describe the patient here to assess again.");
    const { node, spoken } = transcript.add({ type: "bot", messages: [{ custom: { assessment: data.assessment } }],
      time: new Date().toISOString() });
    storage.save(sender, transcript.all());
    transcript.scrollToReply(node);
    announce(spoken);
  }, (error) => {
    const notice = "The assessment of the EHR card's link could not be shown: " + error.message;
    transcript.add({ type: "notice", text: notice });
    announce(notice);
  });
}

// ---- layout ------------------------------------------------------------------------------------

function autosize() {
  const input = dom.input;
  if (!input.value) { input.style.height = ""; return; }
  input.style.height = "auto";
  const most = Math.max(44, Math.min(180, window.innerHeight * 0.25));
  input.style.height = Math.min(input.scrollHeight + 2, most) + "px";
}

/** Collapse the notices to one line on small screens and while typing (unless opened). */
function updateNotices() {
  const small = window.matchMedia("(max-width: 600px), (max-height: 500px)").matches ||
    document.body.classList.contains("page-scroll");
  const typing = document.activeElement === dom.input && dom.input.value.length > 0;
  const collapsible = small || typing;
  const collapsed = collapsible && !noticesExpanded;
  dom.notices.classList.toggle("collapsed", collapsed);
  dom.noticesToggle.hidden = !collapsible;
  dom.noticesToggle.setAttribute("aria-expanded", String(!collapsed));
  dom.noticesToggle.textContent = collapsed ? "More" : "Less";
}

/** The page scrolls as a whole when header and footer would leave the conversation too little. */
function updateLayout() {
  document.body.classList.remove("page-scroll");
  updateNotices();
  const chrome = dom.header.offsetHeight + dom.footer.offsetHeight;
  const scroll = chrome > window.innerHeight * MAX_CHROME_SHARE;
  document.body.classList.toggle("page-scroll", scroll);
  updateNotices();
  document.documentElement.style.setProperty("--footer-height", dom.footer.offsetHeight + "px");
  autosize();
  citations.repositionPopover();
}

// ---- start -------------------------------------------------------------------------------------

function showAbout(info) {
  dom.sourceTitle.textContent = info.title;
  dom.sourceDate.textContent = info.last_updated;
  dom.disclaimerDate.textContent = info.last_updated;
  dom.disclaimerText.textContent = info.disclaimer;
  storage.setRetentionHours(info.transcript_hours);
  transcript.setExamples(info.examples);
  checkExpiry();
  updateLayout();
}

function bindEvents() {
  dom.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    send(dom.input.value, { fromInput: true });
  });
  dom.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(dom.input.value, { fromInput: true });
    }
  });
  dom.input.addEventListener("input", () => { autosize(); updateNotices(); });
  dom.input.addEventListener("focus", updateNotices);
  dom.input.addEventListener("blur", updateNotices);
  dom.noticesToggle.addEventListener("click", () => {
    noticesExpanded = dom.notices.classList.contains("collapsed");
    updateNotices();
  });
  dom.newPatient.addEventListener("click", confirmNewPatient);
  dom.confirmNo.addEventListener("click", () => dom.confirm.close());
  dom.confirmYes.addEventListener("click", () => {
    dom.confirm.close();
    send(NEW_PATIENT_MESSAGE, { display: "New patient" });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !dom.confirm.open && citations.escape()) event.preventDefault();
  });
  dom.scroller.addEventListener("scroll", () => citations.closePopover(false), { passive: true });
  window.addEventListener("resize", updateLayout);
  window.setInterval(checkExpiry, EXPIRY_CHECK_MS);
}

function init() {
  const byId = (id) => document.getElementById(id);
  Object.assign(dom, {
    transcript: byId("transcript"), scroller: byId("scroller"), typing: byId("typing"),
    error: byId("error"), composer: byId("composer"), send: byId("send"), input: byId("message-input"),
    newPatient: byId("new-patient"), confirm: byId("confirm-new-patient"),
    confirmYes: byId("confirm-new-patient-yes"), confirmNo: byId("confirm-new-patient-no"),
    sourceTitle: byId("source-title"), sourceDate: byId("source-date"),
    disclaimerText: byId("disclaimer-text"), disclaimerDate: byId("disclaimer-date"),
    notices: byId("notices"), noticesToggle: byId("notices-toggle"),
    header: document.querySelector(".topbar"), footer: document.querySelector(".composer-area"),
  });
  citations.init();
  transcript.init({ onButton: (payload, display) => send(payload, { display }) });
  const stored = storage.load();
  sender = stored.sender;
  transcript.show(stored.expired ? [{ type: "notice", text: expiryNotice() }] : stored.entries);
  bindEvents();
  updateLayout();
  dom.input.focus();
  openCardLink();

  api.loadJSON(api.ROUTES.about).then(showAbout, () => {
    dom.sourceTitle.textContent = "(could not load the source's details)";
  });
  api.loadJSON(api.ROUTES.references).then((data) => citations.setReferences(data.references || []),
    citations.referencesFailed);
  document.body.classList.add("ready");
}

init();
