/*
 * DOM built from text only. Safety rule of the page: text from the user or the assistant reaches
 * the document only as text nodes (createTextNode / textContent); innerHTML is never used, so
 * markup in a message shows as the characters it is.
 */

/** An element with attributes ("className", "text" or any attribute) and children. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  children.forEach((child) => append(node, child));
  return node;
}

/** Append a node, a string (as text) or a list of them; null and false are skipped. */
export function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) { child.forEach((c) => append(parent, c)); return; }
  parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
}

/** A payload id in words ("not_met" -> "Not met"), for what the server sent without words. */
export function words(id) {
  const text = String(id || "").replace(/_/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Say something through the page's polite status region (a fresh task, so a repeat is spoken). */
export function announce(text) {
  const status = document.getElementById("status");
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 30);
}
