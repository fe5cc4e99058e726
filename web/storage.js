/*
 * The sender id and the transcript, kept for a reload but not for the next user of a shared
 * workstation: in sessionStorage (gone with the browser session) and with an expiry (default 12
 * hours after the last message; the server's /about may set another), after which the page
 * starts a new conversation with a new sender id.
 */

const KEY = "itpump-webchat.v2";
/** Keys of the earlier page, which kept the conversation in localStorage with no expiry. */
const OLD_KEYS = ["itpump-webchat.sender", "itpump-webchat.transcript.v1"];
export const DEFAULT_HOURS = 12;
const MAX_ENTRIES = 400;

let hours = DEFAULT_HOURS;

function store() {
  try { return window.sessionStorage; } catch (e) { return null; }   // storage disabled
}

/** A random id; randomUUID needs a secure context, getRandomValues does not. */
function newSenderId() {
  if (typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function read() {
  try {
    const data = JSON.parse((store() && store().getItem(KEY)) || "null");
    if (data && /^[A-Za-z0-9-]{8,64}$/.test(data.sender) && Array.isArray(data.entries) &&
        typeof data.saved === "number") return data;
  } catch (e) { /* a damaged record is dropped: the conversation starts afresh */ }
  return null;
}

function expired(data) {
  return Date.now() > data.saved + hours * 3600 * 1000;
}

/** Hours a stored transcript is kept after the last message (from the server's settings). */
export function setRetentionHours(value) {
  if (typeof value === "number" && value > 0) hours = value;
}

export function retentionHours() {
  return hours;
}

/** The stored conversation, or a new one when there is none or it has expired. */
export function load() {
  try { OLD_KEYS.forEach((key) => window.localStorage.removeItem(key)); } catch (e) { /* none */ }
  const data = read();
  if (data && !expired(data)) return { sender: data.sender, entries: data.entries, fresh: false };
  if (data) forget();
  return { sender: newSenderId(), entries: [], fresh: true, expired: !!data };
}

/** True when the stored conversation of `sender` has passed its expiry. */
export function hasExpired(sender) {
  const data = read();
  return !!data && data.sender === sender && expired(data);
}

export function save(sender, entries) {
  const kept = entries.slice(-MAX_ENTRIES);
  try {
    store().setItem(KEY, JSON.stringify({ sender, entries: kept, saved: Date.now() }));
  } catch (e) { /* storage full or disabled: the page works, a reload forgets */ }
}

export function forget() {
  try { store().removeItem(KEY); } catch (e) { /* nothing stored */ }
}
