/* The web chat: sends the candidate's answers to the assistant and shows its replies, accessibly. */
"use strict";

(() => {
  // The same page is framed by host sites at /widget, in its embedded layout (see widget.js).
  const EMBEDDED = document.body.dataset.layout === "widget";
  const HISTORY_KEY = EMBEDDED ? "bts-widget-history" : "bts-chat-history";
  // Framed by another site, the assistant's cookie would be third-party (blocked or partitioned by browsers):
  // the embedded page keeps the signed token the server issues in its own storage and sends it in a header.
  const TOKEN_KEY = "bts-widget-token";
  const TOKEN_HEADER = "X-Chat-Token";
  const WIDGET = "bts-preinscription";  // tags the messages exchanged with widget.js on the host page
  const MAX_HISTORY = 400;
  const GREETING = "/greet";
  const CLIENT_TIMEOUT_MS = 45000;
  // Buttons that move around the conversation rather than answer the question asked.
  const NAVIGATION_PAYLOADS = new Set(["/help", "/back", "/go_back", "/repeat", "/human", "/abandon"]);
  // Buttons that correct an answer just read back (« Corriger l'adresse »): offered beside the next question,
  // they go with the navigation so that focus lands on that question's own answers or its text field.
  const CORRECTION = /"choice":\s*"__(fix|swap|add)__/;
  // What a reply says its question expects (registration/conversation/guidance.py): type, choose, toggle, review.
  const INPUT = "input";
  const SETTLE_MS = 400;  // the new focus is read first; what else the reply says is announced after it
  const MIN_LENGTH = 30;  // the field always takes the help words (« conseiller », « reprendre DFVH-B8YF-4MM0 »)
  const TICKED = /^[\u2610\u2611]\s*/;  // the ☐ / ☑ some channels show; here a toggle button says its state
  const TITLE = document.title;

  // Everything this script shows to the candidate.
  const TEXT = {
    assistant: "Assistant",
    conseiller: "Conseiller",
    you: "Vous",
    choices: "Choix proposés",
    choicesAnswered: "Choix proposés, déjà répondu",
    actions: "Autres actions",
    actionsAnswered: "Autres actions, déjà répondu",
    typing: "L'assistant écrit…",
    empty: "Tapez votre réponse avant d'envoyer, ou choisissez l'un des boutons proposés.",
    unavailable: "Le service est momentanément indisponible. Votre réponse n'est pas perdue : " +
      "réessayez dans un instant.",
    noReply: "L'assistant n'a pas répondu. Tapez « répéter » pour revoir la question, ou « aide ».",
    example: (example) => `Exemple\u00a0: ${example}`,
    newWindow: " (nouvelle fenêtre)",
    title: (step) => `${step} – ${TITLE}`,
    dossierPage: (dossier) => dossier
      ? `Lire votre dossier ${dossier} en page web (version accessible de la confirmation)`
      : "Lire votre dossier en page web (version accessible de la confirmation)",
    download: (dossier) => dossier
      ? `Télécharger votre confirmation d'inscription (PDF, dossier ${dossier})`
      : "Télécharger votre confirmation d'inscription (PDF)",
  };

  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  const statusBox = $("status");
  const alertBox = $("alert");
  const form = $("composer");
  const input = $("answer");
  const sendButton = $("send");
  const exampleBox = $("answer-example");
  const announcer = $("announce");
  const logBox = $("log");
  const restartButton = $("restart");
  const restartConfirm = $("restart-confirm");
  const restartQuestion = $("restart-question");

  // --- storage (the page still works when localStorage is unavailable) ---------------------------------
  // Framed by another site, storage is partitioned per top-level site, or refused by browsers that block
  // third-party storage: the conversation then lasts only while the host page stays open.
  const persistent = (() => {
    try {
      window.localStorage.setItem("bts-probe", "1");
      window.localStorage.removeItem("bts-probe");
      return true;
    } catch (e) {
      return false;
    }
  })();
  const memory = {};
  const storage = {
    get(key) {
      try { return window.localStorage.getItem(key); } catch (e) { return memory[key] ?? null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { memory[key] = value; }
    },
  };

  function loadHistory() {
    try {
      const value = JSON.parse(storage.get(HISTORY_KEY) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (e) {
      return [];
    }
  }

  function saveHistory() {
    if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    storage.set(HISTORY_KEY, JSON.stringify(history));
  }

  // The conversation itself is identified by an HttpOnly cookie the server issues (the embedded page: by the
  // token it keeps); only what was shown is kept here.
  let history = loadHistory();
  let busy = false;

  // --- replies from the REST channel → entries -------------------------------------------------------
  function safeUrl(value) {
    try {
      const url = new URL(String(value), window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /** One assistant turn: its messages, each with lines, choices, or a document link. */
  /** What the question expects, as the reply said it (only known keys, typed as expected). */
  function toInput(custom) {
    const text = (key) => (typeof custom[key] === "string" ? custom[key] : "");
    const ids = (key) => (Array.isArray(custom[key]) ? custom[key].map(String) : []);
    return {
      key: text("key"), expects: text("expects"), kind: text("kind"), question: text("question"),
      autocomplete: text("autocomplete") || "off", inputmode: text("inputmode") || "text",
      maxlength: Number.isInteger(custom.maxlength) ? custom.maxlength : 0, example: text("example"),
      error: text("error"), summary: text("summary"), title: text("title"),
      toggles: ids("toggles"), pressed: ids("pressed"),
    };
  }

  function toEntry(replies) {
    const parts = [];
    let input = null;
    replies.forEach((reply, index) => {
      if (!reply || typeof reply !== "object") return;
      const custom = reply.custom;
      if (custom && typeof custom === "object") {
        if (custom.type === INPUT) input = toInput(custom);
        // The upload page and the dossier's web page: links that open a new window, and say so.
        const link = custom.type === "upload" || custom.type === "dossier_page" ? safeUrl(custom.url) : null;
        if (link) parts.push({ link: { url: link, title: String(custom.title || link) } });
        const url = custom.type === "document" ? safeUrl(custom.url) : null;
        if (url) {
          parts.push({ document: { url, filename: String(custom.filename || ""),
                                   dossier: String(custom.dossier || ""), page: safeUrl(custom.page || "") } });
        }
        return;
      }
      let text = typeof reply.text === "string" ? reply.text : "";
      // A caption naming the file that follows is replaced by the download link itself.
      const next = replies[index + 1];
      const nextDoc = next && next.custom && next.custom.type === "document" ? next.custom : null;
      if (nextDoc && nextDoc.filename && text.includes(String(nextDoc.filename))) text = "";
      const buttons = Array.isArray(reply.buttons)
        ? reply.buttons
          .filter((b) => b && (b.title || b.payload))
          .map((b) => ({ title: String(b.title || b.payload), payload: String(b.payload || b.title) }))
        : [];
      if (text || buttons.length) parts.push({ text, buttons });
    });
    const relayed = replies.some((r) => r && r.custom && r.custom.type === "relay");
    if (!parts.length && !relayed) parts.push({ text: TEXT.noReply, buttons: [] });
    return input ? { role: "bot", parts, input } : { role: "bot", parts };
  }

  // --- rendering -------------------------------------------------------------------------------------
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** French typography: no line break inside « … » nor before : ; ? ! */
  function typeset(line) {
    return line
      .replace(/« /g, "«\u00a0")
      .replace(/ »/g, "\u00a0»")
      .replace(/ ([:;?!])(?=\s|$)/g, "\u202f$1");
  }

  const same = (a, b) => String(a).replace(/\s+/g, " ").trim() === String(b).replace(/\s+/g, " ").trim();

  /** The lines of a message; the question it asks becomes a heading the answer field is labelled by. */
  function renderLines(container, text, context = null) {
    String(text).split(/\r?\n/).forEach((line) => {
      if (!line.trim()) return;
      const question = context && context.input && context.input.question;
      if (question && context.questionId && !context.questionShown && same(line, question)) {
        context.questionShown = true;
        const heading = element("h3", "msg__line msg__question", typeset(line));
        heading.id = context.questionId;
        heading.tabIndex = -1;
        container.appendChild(heading);
        return;
      }
      container.appendChild(element("p", "msg__line", typeset(line)));
    });
  }

  /** The choice a button stands for (« 32032613 » of /choose{"choice": "32032613§specialite"}). */
  function choiceOf(payload) {
    const found = /"choice":\s*"([^"\u00a7]*)/.exec(String(payload));
    return found ? found[1] : null;
  }

  function renderChoices(buttons, active, kind, context) {
    const group = element("div", `choices choices--${kind}`);
    group.setAttribute("role", "group");
    group.dataset.label = kind === "answers" ? TEXT.choices : TEXT.actions;
    group.dataset.labelAnswered = kind === "answers" ? TEXT.choicesAnswered : TEXT.actionsAnswered;
    // The answers are labelled by the question they answer (its heading), while they can be pressed.
    if (active && kind === "answers" && context.questionId) {
      group.setAttribute("aria-labelledby", context.questionId);
    } else {
      group.setAttribute("aria-label", active ? group.dataset.label : group.dataset.labelAnswered);
    }
    if (kind === "answers" && context.summaryId) group.setAttribute("aria-describedby", context.summaryId);
    const toggles = new Set(context.input && context.input.expects === "toggle" ? context.input.toggles : []);
    const pressed = new Set(context.input ? context.input.pressed : []);
    const list = element("ul", "choices__list");
    buttons.forEach((button) => {
      const item = element("li", "choices__item");
      const look = kind === "answers" ? "fr-btn--secondary" : "fr-btn--tertiary";
      const choice = choiceOf(button.payload);
      const toggle = kind === "answers" && choice !== null && toggles.has(choice);
      const node = element("button", `fr-btn ${look} choice`, toggle ? button.title.replace(TICKED, "") : button.title);
      node.type = "button";
      node.dataset.payload = button.payload;
      if (choice !== null) node.dataset.choice = choice;
      if (toggle) {
        node.classList.add("choice--toggle");
        node.setAttribute("aria-pressed", pressed.has(choice) ? "true" : "false");
      }
      node.disabled = !active;
      item.appendChild(node);
      list.appendChild(item);
    });
    group.appendChild(list);
    return group;
  }

  /** Answer choices first, in a group of their own; navigation buttons (aide, retour…) after them. */
  function renderButtons(container, buttons, active, context) {
    const isNavigation = (b) => NAVIGATION_PAYLOADS.has(b.payload.trim()) || CORRECTION.test(b.payload);
    const answers = buttons.filter((b) => !isNavigation(b));
    const actions = buttons.filter(isNavigation);
    if (answers.length) container.appendChild(renderChoices(answers, active, "answers", context));
    if (actions.length) container.appendChild(renderChoices(actions, active, "actions", context));
  }

  let rendered = 0;  // numbers the questions and errors of the entries shown, for their ids

  function renderEntry(entry, active) {
    rendered += 1;
    const input = entry.input || null;
    const context = { input, questionId: input && input.question ? `question-${rendered}` : null,
                      summaryId: null };
    const item = element("li", `msg msg--${entry.role === "user" ? "user" : "bot"}`);
    const who = entry.role === "user" ? TEXT.you : entry.role === "conseiller" ? TEXT.conseiller : TEXT.assistant;
    item.appendChild(element("p", "msg__who", who));
    const body = element("div", "msg__body");
    if (entry.role === "user") {
      renderLines(body, entry.text);
    } else {
      entry.parts.forEach((part) => {
        if (part.document) {
          const paragraph = element("p", "msg__line msg__document");
          const link = element("a", "fr-link document-link", TEXT.download(part.document.dossier));
          link.href = part.document.url;
          if (part.document.filename) link.setAttribute("download", part.document.filename);
          paragraph.appendChild(link);
          body.appendChild(paragraph);
          if (part.document.page) {  // the same dossier as an accessible web page, for whom the PDF does not suit
            const alternative = element("p", "msg__line");
            const page = element("a", "fr-link", TEXT.dossierPage(part.document.dossier));
            page.href = part.document.page;
            alternative.appendChild(page);
            body.appendChild(alternative);
          }
          return;
        }
        if (part.link) {
          const paragraph = element("p", "msg__line");
          const link = element("a", "fr-link", part.link.title);
          link.href = part.link.url;
          link.target = "_blank";
          link.rel = "noopener";
          link.appendChild(element("span", "link__new-window", TEXT.newWindow));
          paragraph.appendChild(link);
          body.appendChild(paragraph);
          return;
        }
        if (part.text && input && input.error && same(part.text, input.error)) {
          const error = element("div", "msg__error");
          error.id = `error-${rendered}`;
          renderLines(error, part.text);
          body.appendChild(error);
          context.errorId = error.id;
        } else if (part.text) {
          renderLines(body, part.text, context);
        }
        if (part.buttons && part.buttons.length) {
          if (input && input.summary && !context.summaryId) {
            const summary = element("p", "sr-only", input.summary);
            summary.id = `summary-${rendered}`;
            body.appendChild(summary);
            context.summaryId = summary.id;
          }
          renderButtons(body, part.buttons, active, context);
        }
      });
      if (context.questionId && !context.questionShown) {  // the question was not said again this turn
        body.querySelectorAll(`[aria-labelledby="${context.questionId}"]`).forEach((group) => {
          group.removeAttribute("aria-labelledby");
          group.setAttribute("aria-label", group.dataset.label);
        });
        context.questionId = null;
      }
    }
    item.dataset.questionId = context.questionId || "";
    item.dataset.errorId = context.errorId || "";
    item.appendChild(body);
    messages.appendChild(item);
    return item;
  }

  function renderHistory() {
    messages.textContent = "";
    history.forEach((entry, index) => renderEntry(entry, index === history.length - 1));
    applyInput();
  }

  function deactivateChoices() {
    messages.querySelectorAll(".choices").forEach((group) => {
      group.removeAttribute("aria-labelledby");
      group.setAttribute("aria-label", group.dataset.labelAnswered);
      group.querySelectorAll("button").forEach((button) => {
        button.disabled = true;
        button.removeAttribute("aria-disabled");
      });
    });
  }

  /** The buttons of the latest assistant turn that can still be pressed. */
  function activeButtons() {
    const turns = messages.querySelectorAll("li.msg--bot");
    const last = turns[turns.length - 1];
    return last ? Array.from(last.querySelectorAll(".choices button:not([disabled])")) : [];
  }

  /** The latest assistant turn shown, and what its question expects (null when it did not say). */
  function lastTurn() {
    const turns = messages.querySelectorAll("li.msg--bot");
    return turns[turns.length - 1] || null;
  }

  function lastInput() {
    for (let i = history.length - 1; i >= 0; i -= 1) {
      if (history[i].role !== "user") return history[i].input || null;
    }
    return null;
  }

  /**
   * Where focus goes after a reply: the answer field when the question asks to type (never a suggestion),
   * the toggled item again on a multi-choice, the question itself before a récapitulatif (never « Valider »),
   * else the first answer choice.
   */
  function nextFocus(toggled = null) {
    const expected = lastInput();
    const answers = activeButtons().filter((button) => button.closest(".choices--answers"));
    const turn = lastTurn();
    const heading = turn && turn.dataset.questionId ? $(turn.dataset.questionId) : null;
    const safe = answers.filter((button) => choiceOf(button.dataset.payload) !== "validate");
    if (!expected) return safe[0] || input;
    if (expected.expects === "type") return input;
    if (expected.expects === "review") return heading || input;
    if (expected.expects === "toggle" && toggled !== null) {
      const same = answers.find((button) => button.dataset.choice === toggled);
      if (same) return same;
    }
    return safe[0] || heading || input;
  }

  /** The answer field takes what the question expects: its name, purpose, keyboard, length, example, error. */
  function applyInput() {
    const expected = lastInput() || {};
    const turn = lastTurn();
    const questionId = turn && turn.dataset.questionId;
    const errorId = turn && turn.dataset.errorId;
    const typed = expected.expects === "type";
    input.setAttribute("aria-labelledby", questionId ? `${questionId} answer-label` : "answer-label");
    input.setAttribute("autocomplete", typed && expected.autocomplete ? expected.autocomplete : "off");
    input.setAttribute("inputmode", typed && expected.inputmode ? expected.inputmode : "text");
    input.maxLength = Math.max(typed && expected.maxlength ? expected.maxlength : 2000, MIN_LENGTH);
    const plain = typed && ["email", "postal-code", "number", "date"].includes(expected.kind);
    input.spellcheck = !plain && !["name", "family-name", "given-name"].includes(expected.kind);
    input.setAttribute("autocapitalize", expected.kind === "email" ? "none" : "sentences");
    exampleBox.textContent = expected.example ? TEXT.example(expected.example) : "";
    exampleBox.hidden = !expected.example;
    const described = [errorId, expected.example ? "answer-example" : null, "answer-hint"].filter(Boolean);
    input.setAttribute("aria-describedby", described.join(" "));
    if (errorId) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    document.title = expected.title ? TEXT.title(expected.title) : TITLE;
    document.body.dataset.expects = expected.expects || "";
  }

  /** What a screen reader is told once the focus has moved: the reply without what the focus already reads
   * (its question) nor what it shows at length (a long list, the récapitulatif), which get their summary. */
  function spoken(item, entry, focusMoved) {
    const expected = entry.input;
    if (expected && expected.expects === "review") return expected.summary || "";
    const lines = Array.from(item.querySelectorAll(".msg__body .msg__line"))
      .filter((line) => !(focusMoved && line.classList.contains("msg__question")))
      .map((line) => line.textContent.trim());
    if (expected && expected.summary) lines.push(expected.summary);
    return lines.join(" ");
  }

  let announceTimer = 0;

  function announce(text) {
    window.clearTimeout(announceTimer);
    announcer.textContent = "";
    announceTimer = window.setTimeout(() => {
      announcer.textContent = text;
      logBox.setAttribute("aria-live", "polite");
    }, SETTLE_MS);
  }

  // --- state while waiting -----------------------------------------------------------------------------
  function setBusy(value) {
    busy = value;
    statusBox.textContent = value ? TEXT.typing : "";
    statusBox.classList.toggle("status--busy", value);
    sendButton.setAttribute("aria-disabled", value ? "true" : "false");
    activeButtons().forEach((button) => button.setAttribute("aria-disabled", value ? "true" : "false"));
  }

  function showAlert(message) {
    alertBox.textContent = message;
    alertBox.hidden = false;
  }

  function hideAlert() {
    alertBox.hidden = true;
    alertBox.textContent = "";
  }

  // --- talking to the server -------------------------------------------------------------------------
  /** The embedded page names its conversation by its token; without one the server issues a new one. */
  function withConversation(headers = {}) {
    if (EMBEDDED) headers[TOKEN_HEADER] = storage.get(TOKEN_KEY) || "nouvelle";
    return headers;
  }

  function keepConversation(response) {
    const token = EMBEDDED && response.headers.get(TOKEN_HEADER);
    if (token) storage.set(TOKEN_KEY, token);
  }

  /** An error the front server explained (its French message is shown as is). */
  class ServerError extends Error {}

  async function post(message) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), CLIENT_TIMEOUT_MS);
    try {
      const response = await fetch("/api/message", {
        method: "POST",
        headers: withConversation({ "Content-Type": "application/json" }),
        body: JSON.stringify({ message }),
        credentials: "same-origin",
        signal: controller.signal,
      });
      keepConversation(response);
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      if (response.headers.get("X-Chat-New") === "1" && history.length) {
        // The server started a new conversation (its cookie or token was gone): the old lines are not it any more.
        history = [];
        messages.textContent = "";
      }
      // 429 carries the assistant's French explanation (too many failed attempts) as ordinary replies.
      if ((!response.ok && response.status !== 429) || !Array.isArray(data)) {
        throw new ServerError((data && typeof data.error === "string" && data.error) || TEXT.unavailable);
      }
      return data;
    } catch (e) {
      // Network failures and timeouts get the same reassuring message as a server-side outage.
      throw e instanceof ServerError ? e : new ServerError(TEXT.unavailable);
    } finally {
      window.clearTimeout(timer);
    }
  }

  /**
   * Sends `message`; `shown` is what the candidate sees as their own message (null: nothing shown).
   * Returns true once the reply is displayed. `moveFocus` puts focus on the next thing to answer.
   */
  async function send(message, shown, moveFocus, toggled = null) {
    if (busy) return false;
    hideAlert();
    // The candidate's own words are not read back to them; the reply is announced once the focus has moved.
    if (moveFocus) logBox.setAttribute("aria-live", "off");
    const userEntry = shown === null ? null : { role: "user", text: shown };
    const userItem = userEntry ? renderEntry(userEntry, false) : null;
    setBusy(true);
    let replies;
    try {
      replies = await post(message);
    } catch (error) {
      if (userItem) userItem.remove();
      setBusy(false);
      logBox.setAttribute("aria-live", "polite");
      showAlert(error.message);
      return false;
    }
    setBusy(false);
    deactivateChoices();
    const botEntry = toEntry(replies);
    if (userEntry) history.push(userEntry);
    if (!botEntry.parts.length) {  // a conversation held by a conseiller: the answer will come from them
      saveHistory();
      logBox.setAttribute("aria-live", "polite");
      return true;
    }
    history.push(botEntry);
    saveHistory();
    const botItem = renderEntry(botEntry, true);
    applyInput();
    if (moveFocus) {
      botItem.scrollIntoView({ block: "start" });
      nextFocus(toggled).focus();
      announce(spoken(botItem, botEntry, true));
    }
    return true;
  }

  // --- events ----------------------------------------------------------------------------------------
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const text = input.value.trim();
    if (!text) {
      showAlert(TEXT.empty);
      input.focus();
      return;
    }
    input.value = "";
    const sent = await send(text, text, true);
    if (!sent) {
      if (!input.value) input.value = text;
      input.focus();
    }
  });

  messages.addEventListener("click", (event) => {
    const button = event.target.closest("button.choice");
    if (!button || button.disabled || busy) return;
    if (button.getAttribute("aria-disabled") === "true") return;
    const toggled = button.hasAttribute("aria-pressed") ? button.dataset.choice : null;
    send(button.dataset.payload, button.textContent, true, toggled);
  });

  function closeRestart(focusBack) {
    restartConfirm.hidden = true;
    restartButton.setAttribute("aria-expanded", "false");
    if (focusBack) restartButton.focus();
  }

  restartButton.addEventListener("click", () => {
    const open = restartConfirm.hidden;
    if (!open) return closeRestart(false);
    restartConfirm.hidden = false;
    restartButton.setAttribute("aria-expanded", "true");
    restartQuestion.focus();
  });

  $("restart-no").addEventListener("click", () => closeRestart(true));

  restartConfirm.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();  // handled here: the embedded page does not close its dialog for it
    closeRestart(true);
  });

  $("restart-yes").addEventListener("click", async () => {
    if (busy) return;
    closeRestart(false);
    try {
      const response = await fetch("/api/restart", { method: "POST", credentials: "same-origin",
                                                     headers: withConversation() });
      if (!response.ok) throw new ServerError(TEXT.unavailable);
      keepConversation(response);
    } catch (e) {
      showAlert(TEXT.unavailable);
      return;
    }
    history = [];
    saveHistory();
    messages.textContent = "";
    applyInput();
    hideAlert();
    input.value = "";
    input.focus();
    await send(GREETING, null, true);
  });

  // --- messages written by a conseiller (or the assistant taking over again), fetched every few seconds ---
  const INBOX_EVERY_MS = 3000;

  async function fetchInbox() {
    if (document.hidden || busy || (EMBEDDED && !storage.get(TOKEN_KEY))) return;
    let items;
    try {
      const response = await fetch("/api/inbox", { credentials: "same-origin", cache: "no-store",
                                                   headers: withConversation() });
      if (!response.ok) return;
      items = await response.json();
    } catch (e) {
      return;
    }
    if (!Array.isArray(items) || !items.length) return;
    deactivateChoices();
    items.forEach((item) => {
      if (!item || typeof item !== "object") return;
      const buttons = Array.isArray(item.buttons)
        ? item.buttons.filter((b) => b && b.payload).map((b) => ({ title: String(b.title || b.payload),
                                                                   payload: String(b.payload) }))
        : [];
      const role = item.author === "conseiller" ? "conseiller" : "bot";
      const entry = { role, parts: [{ text: String(item.text || ""), buttons }] };
      history.push(entry);
      renderEntry(entry, true);
    });
    saveHistory();
  }

  window.setInterval(fetchInbox, INBOX_EVERY_MS);

  // --- in a host site's dialog (widget.js): opening, closing, focus ---------------------------------
  /** The last thing Tab reaches on this page (Shift+Tab from the dialog's first control wraps to it). */
  function lastFocusable() {
    const all = Array.from(document.querySelectorAll("a[href], button:not([disabled]), input:not([disabled])"))
      .filter((node) => node.getClientRects().length > 0);
    return all[all.length - 1] || input;
  }

  /**
   * Framed by widget.js: says it is ready, greets only when the dialog is first opened (a visit to the host
   * site that never opens it starts no conversation), takes the focus at each opening, asks the host page
   * to close the dialog on Escape. The messages carry no content of the conversation.
   */
  function embed(restored) {
    const host = window.parent;
    if (host === window) {  // /widget opened on its own: it behaves as the full page
      if (!restored) send(GREETING, null, false);
      return;
    }
    $("no-storage").hidden = persistent;
    const tell = (type) => host.postMessage({ widget: WIDGET, type }, "*");
    let greeted = restored;
    window.addEventListener("message", (event) => {
      const data = event.data;
      if (event.source !== host || !data || data.widget !== WIDGET) return;
      if (data.type === "open") {
        if (!greeted && !history.length) {
          greeted = true;
          send(GREETING, null, true);
        }
        nextFocus().focus();
      } else if (data.type === "focus-last") {
        lastFocusable().focus();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.defaultPrevented) tell("close");
    });
    tell("ready");
  }

  // --- start -----------------------------------------------------------------------------------------
  // The restored history is shown silently; only what arrives from now on is announced.
  const restored = history.length > 0;
  renderHistory();
  window.setTimeout(() => $("log").setAttribute("aria-live", "polite"), restored ? 500 : 0);
  if (EMBEDDED) {
    // The statement cannot open inside the host site's frame: it opens in a new window, and says so.
    document.querySelectorAll(".site-footer a[href='/accessibilite']").forEach((link) => {
      link.target = "_blank";
      link.rel = "noopener";
      link.appendChild(element("span", "link__new-window", TEXT.newWindow));
    });
    embed(restored);
  }
  else if (!restored) send(GREETING, null, false);
})();
