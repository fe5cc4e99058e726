/*
 * The assistant's routes, same origin, relative to /webhooks/webchat/chat/ (connectors/webchat.py):
 * Rasa's REST channel for messages, plus the source's details and reference list; and the
 * assessment behind an EHR card's link (connectors/cds.py, /webhooks/cds/assessments/<uuid>).
 */

export const ROUTES = {
  webhook: "../webhook", references: "../references", about: "../about",
  assessments: "../../cds/assessments/",
};
export const TIMEOUT_MS = 60000;

/** A failed request, with the kind the page explains: timeout, http, format or network. */
function failure(kind, message, status) {
  const error = new Error(message);
  error.kind = kind;
  error.status = status;
  return error;
}

/** Send one message as `sender`; resolves to the list of reply messages. */
export async function postMessage(sender, text) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(ROUTES.webhook, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ sender, message: text }),
      signal: controller.signal,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    throw failure(error && error.name === "AbortError" ? "timeout" : "network", String(error));
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw failure("http", "HTTP " + response.status, response.status);
  let data;
  try { data = await response.json(); } catch (error) { throw failure("format", String(error)); }
  if (!Array.isArray(data)) throw failure("format", "the reply is not a list");
  return data;
}

export async function loadJSON(url) {
  const response = await fetch(url, { headers: { "Accept": "application/json" }, cache: "no-cache" });
  if (!response.ok) throw new Error("HTTP " + response.status);
  return response.json();
}

/** The assessment an EHR card's link names: {id, created_at, assessment}; rejects with the
 * server's own reason (an unknown or expired link is a 404 that says so). */
export async function loadCardAssessment(id) {
  const response = await fetch(ROUTES.assessments + encodeURIComponent(id), {
    headers: { "Accept": "application/json" }, cache: "no-store", credentials: "same-origin",
  });
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  if (!response.ok || !data || typeof data.assessment !== "object") {
    throw failure("http", (data && data.error) || "HTTP " + response.status, response.status);
  }
  return data;
}

/** What went wrong, in words, and that the typed text is kept. */
export function errorText(error) {
  const keep = " Your text is still in the message box: press Enter to try again.";
  if (error.kind === "timeout") {
    return "The assistant did not answer within " + TIMEOUT_MS / 1000 + " seconds." + keep;
  }
  if (error.kind === "http") {
    return "The assistant's server answered with an error (HTTP " + error.status + ")." + keep;
  }
  if (error.kind === "format") return "The assistant's answer could not be read." + keep;
  return "The assistant cannot be reached: the server may be stopped or the network down." + keep;
}
