/*
 * The clinicians' chat page for the intrathecal pump guideline assistant.
 *
 * Plain JavaScript, no build step, no dependency. It talks to Rasa's REST channel as served by
 * connectors/webchat.py on the same origin (../webhook, ../references, ../about relative to
 * /webhooks/webchat/chat/).
 *
 * Safety rule of this file: text from the user or the assistant only ever reaches the page as
 * DOM text nodes (document.createTextNode / textContent). The small markdown subset (**bold**,
 * "- " bullets, paragraphs, [n] citations) is parsed from the raw text and built as elements;
 * innerHTML is never used, so markup in a message is shown as the characters it is.
 */
(function () {
  "use strict";

  var API = { webhook: "../webhook", references: "../references", about: "../about" };
  var KEY_SENDER = "itpump-webchat.sender";
  var KEY_TRANSCRIPT = "itpump-webchat.transcript.v1";
  var TIMEOUT_MS = 60000;
  var MAX_ENTRIES = 400;
  var NEW_PATIENT_TEXT = "new patient";
  // Typed words that start a new patient on the server too ("new patient: 68-year-old man ...").
  var NEW_PATIENT_WORDS = /^\s*(new patient|next patient|start over|start again)(?=$|[\s:.,;!-])/i;

  var VERDICTS = {
    meets_criteria: {
      title: "Meets criteria", icon: "\u2713",
      text: "Every prerequisite is met and no absolute contraindication is present."
    },
    criteria_not_met: {
      title: "Criteria not met", icon: "\u2715",
      text: "At least one prerequisite is not met."
    },
    contraindicated: {
      title: "Contraindicated", icon: "\u26A0",
      text: "An absolute contraindication is present."
    },
    needs_information: {
      title: "Needs more information", icon: "?",
      text: "No contraindication or unmet prerequisite so far, but some points are not yet known."
    }
  };
  var CRITERION_STATUS = {
    met: { word: "Met", icon: "\u2713", tone: "good" },
    not_met: { word: "Not met", icon: "\u2715", tone: "warn" },
    unknown: { word: "Unknown", icon: "?", tone: "unknown" }
  };
  var CONTRA_STATUS = {
    present: { word: "Present", icon: "\u26A0", tone: "bad" },
    absent: { word: "Absent", icon: "\u2713", tone: "good" },
    unknown: { word: "Unknown", icon: "?", tone: "unknown" }
  };

  var state = {
    sender: null,
    entries: [],
    references: {},        // number -> reference object from ../references
    referencesLoaded: false,
    about: null,
    busy: false,
    popoverFor: null       // the citation element whose popover is open
  };

  var dom = {};

  // ---- small DOM helpers (text only, never HTML) -------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "className") node.className = value;
        else if (key === "text") node.textContent = value;
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(parent, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(parent, c); }); return; }
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  function announce(text) {
    dom.status.textContent = "";
    // A separate task, so a repeated message is announced again.
    setTimeout(function () { dom.status.textContent = text; }, 30);
  }

  // ---- storage ---------------------------------------------------------------------------------

  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode or full */ }
  }

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function loadSender() {
    var id = storageGet(KEY_SENDER);
    if (!id || !/^[A-Za-z0-9-]{8,64}$/.test(id)) {
      id = newSenderId();
      storageSet(KEY_SENDER, id);
    }
    return id;
  }

  function loadTranscript() {
    try {
      var data = JSON.parse(storageGet(KEY_TRANSCRIPT) || "null");
      if (data && data.sender === state.sender && Array.isArray(data.entries)) return data.entries;
    } catch (e) { /* a damaged transcript is dropped, the conversation goes on */ }
    return [];
  }

  function saveTranscript() {
    if (state.entries.length > MAX_ENTRIES) {
      state.entries = state.entries.slice(state.entries.length - MAX_ENTRIES);
    }
    storageSet(KEY_TRANSCRIPT, JSON.stringify({ sender: state.sender, entries: state.entries }));
  }

  // ---- the markdown subset --------------------------------------------------------------------

  var INLINE = /\*\*([\s\S]+?)\*\*|((?:\[\d{1,4}(?:\s*,\s*\d{1,4})*\])+)/g;
  var CITATION_GROUP = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]/g;
  var BULLET = /^\s*[-*\u2022]\s+/;

  /** Text with **bold** and [n] citations, as nodes appended to parent. */
  function renderInline(parent, text, allowBold) {
    var last = 0;
    var match;
    var pattern = new RegExp(INLINE.source, "g");
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) append(parent, text.slice(last, match.index));
      if (match[1] !== undefined && allowBold) {
        var strong = el("strong");
        renderInline(strong, match[1], false);
        append(parent, strong);
      } else if (match[2] !== undefined) {
        append(parent, renderCitations(match[2]));
      } else {
        append(parent, match[0]);
      }
      last = match.index + match[0].length;
    }
    if (last < text.length) append(parent, text.slice(last));
  }

  /** "[1, 6]" or "[6][7]" as bracketed groups whose numbers are buttons. */
  function renderCitations(markers) {
    var span = el("span", { className: "cite-group" });
    var match;
    var pattern = new RegExp(CITATION_GROUP.source, "g");
    while ((match = pattern.exec(markers)) !== null) {
      append(span, "[");
      match[1].split(",").forEach(function (raw, i) {
        if (i > 0) append(span, ", ");
        append(span, citeButton(parseInt(raw.trim(), 10)));
      });
      append(span, "]");
    }
    return span;
  }

  function citeButton(number) {
    return el("button", {
      type: "button", className: "cite", "data-ref": number,
      "aria-label": "Reference " + number, "aria-haspopup": "dialog", "aria-expanded": "false",
      text: String(number)
    });
  }

  /** Paragraphs (lines kept), "- " bullet lists, bold and citations. */
  function renderRich(text) {
    var frag = document.createDocumentFragment();
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var paragraph = null;
    var list = null;
    lines.forEach(function (line) {
      if (/^\s*$/.test(line)) { paragraph = null; list = null; return; }
      if (BULLET.test(line)) {
        paragraph = null;
        if (!list) { list = el("ul"); frag.appendChild(list); }
        var item = el("li");
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

  /** Plain text of a marked-up line, for the clipboard. */
  function plain(text) {
    return String(text || "").replace(/\*\*([\s\S]+?)\*\*/g, "$1");
  }

  // ---- references --------------------------------------------------------------------------------

  function describeReference(number) {
    var ref = state.references[number];
    if (!ref) return null;
    return {
      title: ref.title || null,
      where: [ref.published_in, ref.year].filter(function (x) { return x; }).join(", "),
      kind: ref.kind || "",
      note: ref.note || ""
    };
  }

  function referenceLine(number) {
    var d = describeReference(number);
    if (!d) return "[" + number + "] (not in the source's reference list)";
    if (!d.title) return "[" + number + "] Title not printed in the source.";
    return "[" + number + "] " + d.title + (d.where ? ". " + d.where : "") + ".";
  }

  function referenceBody(number) {
    var d = describeReference(number);
    var body = document.createDocumentFragment();
    if (!state.referencesLoaded) {
      append(body, el("p", { text: "The reference list is still loading." }));
      return body;
    }
    if (!d) {
      append(body, el("p", { text: "Reference " + number + " is not in the source's reference list." }));
      return body;
    }
    append(body, d.title
      ? el("p", { className: "ref-title", text: d.title })
      : el("p", { className: "ref-title untitled", text: "Title not printed in the source" }));
    if (d.where) append(body, el("p", { className: "ref-where", text: d.where }));
    if (d.kind) append(body, el("p", { className: "ref-kind", text: "Type: " + d.kind }));
    if (d.note) append(body, el("p", { className: "ref-note", text: d.note }));
    return body;
  }

  function renderReferenceList() {
    var list = dom.referencesList;
    list.textContent = "";
    Object.keys(state.references).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (number) {
        var item = el("li", { id: "ref-" + number, value: number, tabindex: "-1" },
          el("span", { className: "ref-number", text: "[" + number + "]" }), " ");
        var body = el("div", { className: "ref-body" });
        body.appendChild(referenceBody(number));
        item.appendChild(body);
        list.appendChild(item);
      });
    updateCiteLabels(document);
  }

  function updateCiteLabels(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".cite"), function (button) {
      var number = Number(button.getAttribute("data-ref"));
      var d = describeReference(number);
      if (d) {
        button.setAttribute("aria-label", "Reference " + number + ": " +
          (d.title || "title not printed in the source"));
      } else if (state.referencesLoaded) {
        button.classList.add("cite-unknown");
      }
    });
  }

  function openPopover(button) {
    if (state.popoverFor === button) { closePopover(true); return; }
    closePopover(false);
    var number = Number(button.getAttribute("data-ref"));
    dom.popoverTitle.textContent = "Reference [" + number + "]";
    dom.popoverBody.textContent = "";
    dom.popoverBody.appendChild(referenceBody(number));
    dom.popoverAll.setAttribute("data-ref", number);
    dom.popover.hidden = false;
    state.popoverFor = button;
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-controls", "ref-popover");
    positionPopover(button);
  }

  function positionPopover(button) {
    var pop = dom.popover;
    var rect = button.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = document.documentElement.clientHeight;
    var width = Math.min(360, vw - 16);
    pop.style.width = width + "px";
    var left = Math.max(8, Math.min(rect.left - 12, vw - width - 8));
    pop.style.left = left + "px";
    var height = pop.offsetHeight;
    var top = rect.bottom + 6;
    if (top + height > vh - 8 && rect.top - height - 6 > 8) top = rect.top - height - 6;
    pop.style.top = Math.max(8, Math.min(top, vh - height - 8)) + "px";
  }

  function closePopover(returnFocus) {
    if (dom.popover.hidden) return;
    dom.popover.hidden = true;
    var button = state.popoverFor;
    state.popoverFor = null;
    if (button) {
      button.setAttribute("aria-expanded", "false");
      if (returnFocus && document.body.contains(button)) button.focus();
    }
  }

  function openReferences(number) {
    closePopover(false);
    dom.referencesPanel.hidden = false;
    dom.referencesToggle.setAttribute("aria-expanded", "true");
    document.body.classList.add("references-open");
    var target = number ? document.getElementById("ref-" + number) : null;
    Array.prototype.forEach.call(dom.referencesList.children, function (li) {
      li.classList.toggle("highlight", li === target);
    });
    if (target) {
      target.scrollIntoView({ block: "nearest" });
      target.focus();
    } else {
      dom.referencesClose.focus();
    }
  }

  function closeReferences() {
    dom.referencesPanel.hidden = true;
    dom.referencesToggle.setAttribute("aria-expanded", "false");
    document.body.classList.remove("references-open");
  }

  // ---- the assessment card -------------------------------------------------------------------

  function verdictInfo(verdict) {
    return VERDICTS[verdict] || { title: "Assessment", icon: "?", text: String(verdict || "") };
  }

  function humanize(id) {
    var text = String(id || "").replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function citationList(numbers) {
    return Array.isArray(numbers) ? numbers.filter(function (n) {
      return typeof n === "number" || /^\d+$/.test(String(n));
    }).map(Number) : [];
  }

  function findingRow(finding, statuses) {
    var status = statuses[finding.status] || statuses.unknown;
    var cites = citationList(finding.citations);
    var head = el("div", { className: "row-head" },
      el("span", { className: "status-word", text: status.word }), " ",
      el("span", { className: "row-label", text: finding.label || humanize(finding.id) }));
    if (cites.length) {
      append(head, " ");
      append(head, renderCitations("[" + cites.join(", ") + "]"));
    }
    var body = el("div", { className: "row-body" }, head);
    if (finding.reason) append(body, el("p", { className: "row-reason", text: finding.reason }));
    if (finding.evidence) {
      append(body, el("p", { className: "row-evidence" },
        el("span", { className: "evidence-label", text: "Evidence: " }),
        el("q", { text: finding.evidence })));
    }
    return el("li", { className: "row tone-" + status.tone, "data-id": finding.id || "",
      "data-status": finding.status || "unknown" },
      el("span", { className: "status-icon", "aria-hidden": "true", text: status.icon }), body);
  }

  function assessmentCard(assessment) {
    var info = verdictInfo(assessment.verdict);
    var card = el("article", {
      className: "assessment verdict-" + (VERDICTS[assessment.verdict] ? assessment.verdict : "other"),
      "aria-label": "Assessment: " + info.title, "data-verdict": assessment.verdict || ""
    });
    card.appendChild(el("div", { className: "verdict-banner" },
      el("span", { className: "verdict-icon", "aria-hidden": "true", text: info.icon }),
      el("div", { className: "verdict-words" },
        el("p", { className: "verdict-kicker", text: "Assessment for an intrathecal pump" }),
        el("h3", { className: "verdict-title", text: info.title }),
        el("p", { className: "verdict-text", text: info.text }))));

    var criteria = Array.isArray(assessment.criteria) ? assessment.criteria : [];
    var contra = Array.isArray(assessment.contraindications) ? assessment.contraindications : [];
    card.appendChild(el("section", { className: "checklist-section" },
      el("h4", { text: "Prerequisites (all required)" }),
      el("ul", { className: "checklist", "aria-label": "Prerequisites" },
        criteria.map(function (f) { return findingRow(f, CRITERION_STATUS); }))));
    card.appendChild(el("section", { className: "checklist-section" },
      el("h4", { text: "Absolute contraindications" }),
      el("ul", { className: "checklist", "aria-label": "Absolute contraindications" },
        contra.map(function (f) { return findingRow(f, CONTRA_STATUS); }))));

    var missing = Array.isArray(assessment.missing) ? assessment.missing : [];
    if (missing.length) {
      card.appendChild(el("section", { className: "missing" },
        el("h4", { text: "Still to find out" }),
        el("ul", null, missing.map(function (m) { return el("li", { text: String(m) }); }))));
    }

    var copyStatus = el("span", { className: "copy-status", role: "status", "aria-live": "polite" });
    var copy = el("button", { type: "button", className: "copy-button",
      "aria-label": "Copy the assessment as plain text", text: "Copy" });
    copy.addEventListener("click", function () {
      copyText(assessmentPlainText(assessment)).then(function (ok) {
        copyStatus.textContent = ok ? "Copied as plain text." : "Copy failed: select the card and copy it by hand.";
        setTimeout(function () { copyStatus.textContent = ""; }, 4000);
        dom.input.focus();
      });
    });
    card.appendChild(el("div", { className: "card-actions" }, copy, copyStatus));
    return card;
  }

  function assessmentPlainText(a) {
    var info = verdictInfo(a.verdict);
    var lines = [];
    var cited = {};
    function marker(list) {
      var numbers = citationList(list);
      numbers.forEach(function (n) { cited[n] = true; });
      return numbers.length ? " [" + numbers.join(", ") + "]" : "";
    }
    function row(f, statuses) {
      var status = statuses[f.status] || statuses.unknown;
      var line = "- " + (f.label || humanize(f.id)) + marker(f.citations) + ": " + status.word;
      if (f.reason) line += " - " + f.reason;
      if (f.evidence) line += " (evidence: \"" + f.evidence + "\")";
      return line;
    }
    lines.push("Intrathecal pump assessment: " + info.title.toUpperCase());
    lines.push(info.text);
    lines.push("");
    lines.push("Prerequisites (all required):");
    (a.criteria || []).forEach(function (f) { lines.push(row(f, CRITERION_STATUS)); });
    lines.push("");
    lines.push("Absolute contraindications:");
    (a.contraindications || []).forEach(function (f) { lines.push(row(f, CONTRA_STATUS)); });
    if (a.missing && a.missing.length) {
      lines.push("");
      lines.push("Missing information:");
      a.missing.forEach(function (m) { lines.push("- " + m); });
    }
    var numbers = Object.keys(cited).map(Number).sort(function (x, y) { return x - y; });
    if (numbers.length) {
      lines.push("");
      lines.push("References:");
      numbers.forEach(function (n) { lines.push(referenceLine(n)); });
    }
    if (state.about) {
      lines.push("");
      lines.push("Source: " + state.about.title + " (" + state.about.publisher +
        ", last updated " + state.about.last_updated + ").");
      lines.push(state.about.disclaimer);
    }
    return lines.join("\n");
  }

  function copyText(text) {
    function fallback() {
      var area = el("textarea", { className: "copy-buffer", readonly: true, "aria-hidden": "true" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, fallback);
    }
    return Promise.resolve(fallback());
  }

  // ---- the conversation ------------------------------------------------------------------------

  function normalize(text) {
    return plain(text).replace(/\s+/g, " ").trim();
  }

  /** The messages of one reply to show: the assessment card replaces its own text. */
  function visibleMessages(messages) {
    var assessmentText = "";
    messages.forEach(function (m) {
      var a = m && m.custom && m.custom.assessment;
      if (a && typeof a.text === "string") assessmentText += " " + normalize(a.text);
    });
    return messages.map(function (m) {
      var hideText = !!(assessmentText && m && typeof m.text === "string" && !m.custom &&
        normalize(m.text) && assessmentText.indexOf(normalize(m.text)) !== -1);
      return { message: m, hideText: hideText };
    });
  }

  function renderButtons(buttons) {
    var group = el("div", { className: "reply-buttons", role: "group", "aria-label": "Suggested replies" });
    buttons.forEach(function (b) {
      if (!b || (b.payload === undefined && b.title === undefined)) return;
      var title = String(b.title !== undefined ? b.title : b.payload);
      var payload = String(b.payload !== undefined ? b.payload : b.title);
      var button = el("button", { type: "button", className: "reply-button", text: title });
      button.addEventListener("click", function () {
        send(payload, { display: payload.charAt(0) === "/" ? title : payload, source: "button" });
      });
      group.appendChild(button);
    });
    return group;
  }

  function renderBotReply(entry) {
    var wrap = el("div", { className: "turn bot-turn" });
    var messages = Array.isArray(entry.messages) ? entry.messages : [];
    if (!messages.length) {
      wrap.appendChild(el("div", { className: "message bot notice", text: "The assistant sent no reply." }));
    }
    visibleMessages(messages).forEach(function (item) {
      var m = item.message || {};
      var assessment = m.custom && m.custom.assessment;
      if (assessment && typeof assessment === "object") {
        wrap.appendChild(el("div", { className: "message bot card-message" }, assessmentCard(assessment)));
      }
      var hasText = typeof m.text === "string" && m.text.trim() && !item.hideText;
      var buttons = Array.isArray(m.buttons) && m.buttons.length ? m.buttons : null;
      if (hasText) {
        var bubble = el("div", { className: "message bot" },
          el("span", { className: "visually-hidden", text: "Assistant: " }));
        var content = el("div", { className: "rich" });
        content.appendChild(renderRich(m.text));
        bubble.appendChild(content);
        wrap.appendChild(bubble);
      }
      if (buttons) wrap.appendChild(renderButtons(buttons));
    });
    updateCiteLabels(wrap);
    return wrap;
  }

  function renderUser(entry) {
    return el("div", { className: "turn user-turn" },
      el("div", { className: "message user" },
        el("span", { className: "visually-hidden", text: "You: " }),
        el("p", { className: "user-text", text: entry.text })));
  }

  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function renderDivider(entry) {
    var when = formatTime(entry.time);
    return el("div", { className: "new-patient-divider", role: "separator", "aria-label": "New patient" },
      el("span", { className: "divider-text" },
        el("strong", { text: "New patient" }),
        when ? " \u00b7 started " + when : "",
        " \u00b7 the previous patient's facts were cleared"));
  }

  function renderIntro() {
    var intro = el("div", { className: "intro" },
      el("h2", { text: "How to use this assistant" }),
      el("ul", null,
        el("li", { text: "Ask a question about the guideline: indications, prerequisites, contraindications, outcomes." }),
        el("li", { text: "Or describe a patient (de-identified) for an eligibility check: pain type, response to systemic opioids, trial result, life expectancy, psychological evaluation, infection and coagulation." }),
        el("li", { text: "Numbers in brackets like [1] are the source's references: select one to see it." })));
    var examples = state.about && Array.isArray(state.about.examples) ? state.about.examples : [];
    if (examples.length) {
      intro.appendChild(renderButtons(examples.map(function (q) { return { title: q, payload: q }; })));
    }
    return intro;
  }

  function renderEntry(entry) {
    if (entry.type === "user") return renderUser(entry);
    if (entry.type === "bot") return renderBotReply(entry);
    if (entry.type === "divider") return renderDivider(entry);
    return null;
  }

  function renderAll() {
    dom.transcript.textContent = "";
    var hasConversation = state.entries.some(function (e) { return e.type !== "divider"; });
    state.entries.forEach(function (entry) { append(dom.transcript, renderEntry(entry)); });
    if (!hasConversation) dom.transcript.appendChild(renderIntro());
    scrollToEnd();
  }

  function scrollToEnd() {
    dom.scroller.scrollTop = dom.scroller.scrollHeight;
  }

  /** Show a new reply: its start stays in view when it is taller than the conversation area. */
  function scrollToReply(node) {
    var scroller = dom.scroller;
    if (node && node.offsetHeight > scroller.clientHeight - 40) {
      scroller.scrollTop = node.offsetTop - 12;
    } else {
      scrollToEnd();
    }
  }

  function addEntry(entry) {
    state.entries.push(entry);
    saveTranscript();
    var intro = dom.transcript.querySelector(".intro");
    if (intro) intro.remove();
    var node = renderEntry(entry);
    append(dom.transcript, node);
    return node;
  }

  // ---- sending ---------------------------------------------------------------------------------

  function showError(text) {
    dom.error.textContent = "";
    dom.error.appendChild(el("strong", { text: "Not sent. " }));
    dom.error.appendChild(document.createTextNode(text));
    dom.error.hidden = false;
    document.body.classList.add("has-error");
  }

  function hideError() {
    dom.error.hidden = true;
    dom.error.textContent = "";
    document.body.classList.remove("has-error");
  }

  function setBusy(busy) {
    state.busy = busy;
    dom.typing.hidden = !busy;
    dom.send.disabled = busy;
    dom.newPatient.disabled = busy;
    dom.transcript.setAttribute("aria-busy", busy ? "true" : "false");
    if (busy) {
      announce("The assistant is writing.");
      scrollToEnd();
    }
  }

  function postMessage(text) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    return fetch(API.webhook, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: text }),
      signal: controller ? controller.signal : undefined,
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error("HTTP " + response.status);
        error.kind = "http";
        error.status = response.status;
        throw error;
      }
      return response.json();
    }).then(function (data) {
      if (!Array.isArray(data)) {
        var error = new Error("unexpected reply");
        error.kind = "format";
        throw error;
      }
      return data;
    }, function (error) {
      if (error && error.name === "AbortError") error.kind = "timeout";
      else if (error && !error.kind) error.kind = "network";
      throw error;
    }).finally(function () { if (timer) clearTimeout(timer); });
  }

  function errorText(error) {
    var keep = " Your text is still in the message box: press Enter to try again.";
    if (error.kind === "timeout") {
      return "The assistant did not answer within " + TIMEOUT_MS / 1000 + " seconds." + keep;
    }
    if (error.kind === "http") {
      return "The assistant's server answered with an error (HTTP " + error.status + ")." + keep;
    }
    if (error.kind === "format") return "The assistant's answer could not be read." + keep;
    return "The assistant cannot be reached: the server may be stopped or the network down." + keep;
  }

  /**
   * Send one message. options.display: what the transcript shows (a button's title);
   * options.newPatient: clear the page's conversation when the assistant confirms.
   */
  function send(text, options) {
    options = options || {};
    if (state.busy) return;
    if (!String(text).trim()) { dom.input.focus(); return; }
    var newPatient = !!options.newPatient || NEW_PATIENT_WORDS.test(text);
    closePopover(false);
    hideError();
    if (options.source === "input") {
      dom.input.value = "";
      autosize();
    }
    var userEntry = { type: "user", text: options.display || text, time: new Date().toISOString() };
    var intro = dom.transcript.querySelector(".intro");
    if (intro) intro.hidden = true;
    var pending = renderUser(userEntry);
    pending.classList.add("pending");
    dom.transcript.appendChild(pending);
    scrollToEnd();
    setBusy(true);
    dom.input.focus();

    postMessage(text).then(function (messages) {
      pending.remove();
      if (newPatient) {
        state.entries = [];
        dom.transcript.textContent = "";
        addEntry({ type: "divider", time: new Date().toISOString() });
      }
      addEntry(userEntry);
      var node = addEntry({ type: "bot", messages: messages, time: new Date().toISOString() });
      setBusy(false);
      scrollToReply(node);
      if (newPatient) announce("New patient started.");
    }, function (error) {
      pending.remove();
      if (intro) intro.hidden = false;
      setBusy(false);
      // Nothing typed is lost: the text goes back into the box (before anything typed since).
      var current = dom.input.value;
      var kept = options.source === "input" || options.source === "button" ? text : "";
      if (kept) {
        dom.input.value = current && current !== kept ? kept + "\n" + current : kept;
        autosize();
      }
      showError(errorText(error));
    }).then(function () { dom.input.focus(); });
  }

  // ---- the page --------------------------------------------------------------------------------

  function autosize() {
    var input = dom.input;
    if (!input.value) { input.style.height = ""; return; }
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, 180) + "px";
  }

  function loadJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
  }

  function showAbout(info) {
    state.about = info;
    dom.sourceTitle.textContent = info.title;
    dom.sourceTitle.setAttribute("title", info.title + " \u2014 " + info.publisher);
    dom.sourceDate.textContent = info.last_updated;
    dom.disclaimerDate.textContent = info.last_updated;
    dom.disclaimerText.textContent = info.disclaimer;
    var intro = dom.transcript.querySelector(".intro");
    if (intro) intro.replaceWith(renderIntro());
  }

  function bindEvents() {
    dom.composer.addEventListener("submit", function (event) {
      event.preventDefault();
      send(dom.input.value, { source: "input" });
    });
    dom.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send(dom.input.value, { source: "input" });
      }
    });
    dom.input.addEventListener("input", autosize);
    dom.newPatient.addEventListener("click", function () {
      send(NEW_PATIENT_TEXT, { display: "New patient", newPatient: true, source: "control" });
    });
    dom.referencesToggle.addEventListener("click", function () {
      if (dom.referencesPanel.hidden) openReferences(null);
      else { closeReferences(); dom.referencesToggle.focus(); }
    });
    dom.referencesClose.addEventListener("click", function () {
      closeReferences();
      dom.referencesToggle.focus();
    });
    dom.popoverClose.addEventListener("click", function () { closePopover(true); });
    dom.popoverAll.addEventListener("click", function () {
      openReferences(Number(dom.popoverAll.getAttribute("data-ref")));
    });
    document.addEventListener("click", function (event) {
      var cite = event.target.closest ? event.target.closest(".cite") : null;
      if (cite) { event.preventDefault(); openPopover(cite); return; }
      if (!dom.popover.hidden && !dom.popover.contains(event.target)) closePopover(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      if (!dom.popover.hidden) { closePopover(true); return; }
      if (!dom.referencesPanel.hidden) { closeReferences(); dom.referencesToggle.focus(); }
    });
    dom.scroller.addEventListener("scroll", function () { closePopover(false); }, { passive: true });
    window.addEventListener("resize", function () {
      autosize();
      if (state.popoverFor) positionPopover(state.popoverFor);
    });
  }

  function init() {
    ["transcript", "scroller", "typing", "error", "composer", "send", "status",
      "references-panel", "references-list", "references-toggle", "references-close",
      "ref-popover", "ref-popover-title", "ref-popover-body", "ref-popover-close", "ref-popover-all",
      "source-title", "source-date", "disclaimer-text", "disclaimer-date", "new-patient"]
      .forEach(function (id) {
        var key = id.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); })
          .replace(/^refPopover/, "popover");
        dom[key] = document.getElementById(id);
      });
    dom.input = document.getElementById("message-input");

    state.sender = loadSender();
    state.entries = loadTranscript();
    bindEvents();
    renderAll();
    dom.input.focus();

    loadJSON(API.about).then(showAbout, function () {
      dom.sourceTitle.textContent = "(could not load the source's details)";
    });
    loadJSON(API.references).then(function (data) {
      (data.references || []).forEach(function (ref) { state.references[ref.number] = ref; });
      state.referencesLoaded = true;
      renderReferenceList();
    }, function () {
      state.referencesLoaded = true;
      dom.referencesList.appendChild(el("li", { text: "The reference list could not be loaded." }));
    });
    document.body.classList.add("ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
