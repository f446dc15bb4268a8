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
  function toEntry(replies) {
    const parts = [];
    replies.forEach((reply, index) => {
      if (!reply || typeof reply !== "object") return;
      const custom = reply.custom;
      if (custom && typeof custom === "object") {
        const link = custom.type === "upload" ? safeUrl(custom.url) : null;
        if (link) parts.push({ link: { url: link, title: String(custom.title || link) } });
        const url = custom.type === "document" ? safeUrl(custom.url) : null;
        if (url) {
          parts.push({ document: { url, filename: String(custom.filename || ""),
                                   dossier: String(custom.dossier || "") } });
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
    return { role: "bot", parts };
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

  function renderLines(container, text) {
    String(text).split(/\r?\n/).forEach((line) => {
      if (line.trim()) container.appendChild(element("p", "msg__line", typeset(line)));
    });
  }

  function renderChoices(buttons, active, kind) {
    const group = element("div", `choices choices--${kind}`);
    group.setAttribute("role", "group");
    group.dataset.label = kind === "answers" ? TEXT.choices : TEXT.actions;
    group.dataset.labelAnswered = kind === "answers" ? TEXT.choicesAnswered : TEXT.actionsAnswered;
    group.setAttribute("aria-label", active ? group.dataset.label : group.dataset.labelAnswered);
    const list = element("ul", "choices__list");
    buttons.forEach((button) => {
      const item = element("li", "choices__item");
      const look = kind === "answers" ? "fr-btn--secondary" : "fr-btn--tertiary";
      const node = element("button", `fr-btn ${look} choice`, button.title);
      node.type = "button";
      node.dataset.payload = button.payload;
      node.disabled = !active;
      item.appendChild(node);
      list.appendChild(item);
    });
    group.appendChild(list);
    return group;
  }

  /** Answer choices first, in a group of their own; navigation buttons (aide, retour…) after them. */
  function renderButtons(container, buttons, active) {
    const isNavigation = (b) => NAVIGATION_PAYLOADS.has(b.payload.trim()) || CORRECTION.test(b.payload);
    const answers = buttons.filter((b) => !isNavigation(b));
    const actions = buttons.filter(isNavigation);
    if (answers.length) container.appendChild(renderChoices(answers, active, "answers"));
    if (actions.length) container.appendChild(renderChoices(actions, active, "actions"));
  }

  function renderEntry(entry, active) {
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
          return;
        }
        if (part.link) {
          const paragraph = element("p", "msg__line");
          const link = element("a", "fr-link", part.link.title);
          link.href = part.link.url;
          link.target = "_blank";
          link.rel = "noopener";
          paragraph.appendChild(link);
          body.appendChild(paragraph);
          return;
        }
        if (part.text) renderLines(body, part.text);
        if (part.buttons && part.buttons.length) renderButtons(body, part.buttons, active);
      });
    }
    item.appendChild(body);
    messages.appendChild(item);
    return item;
  }

  function renderHistory() {
    messages.textContent = "";
    history.forEach((entry, index) => renderEntry(entry, index === history.length - 1));
  }

  function deactivateChoices() {
    messages.querySelectorAll(".choices").forEach((group) => {
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

  /** Where focus goes after a reply: the first answer choice, else the text field. */
  function nextFocus() {
    return activeButtons().find((button) => button.closest(".choices--answers")) || input;
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
  async function send(message, shown, moveFocus) {
    if (busy) return false;
    hideAlert();
    const userEntry = shown === null ? null : { role: "user", text: shown };
    const userItem = userEntry ? renderEntry(userEntry, false) : null;
    setBusy(true);
    let replies;
    try {
      replies = await post(message);
    } catch (error) {
      if (userItem) userItem.remove();
      setBusy(false);
      showAlert(error.message);
      return false;
    }
    setBusy(false);
    deactivateChoices();
    const botEntry = toEntry(replies);
    if (userEntry) history.push(userEntry);
    if (!botEntry.parts.length) {  // a conversation held by a conseiller: the answer will come from them
      saveHistory();
      return true;
    }
    history.push(botEntry);
    saveHistory();
    const botItem = renderEntry(botEntry, true);
    if (moveFocus) {
      botItem.scrollIntoView({ block: "start" });
      nextFocus().focus();
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
    send(button.dataset.payload, button.textContent, true);
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
  if (EMBEDDED) embed(restored);
  else if (!restored) send(GREETING, null, false);
})();
