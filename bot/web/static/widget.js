/*
 * Pré-inscription au BTS on a host site. One line in the host page:
 *   <script src="https://ASSISTANT/widget.js" defer data-academie="01" data-lang="fr"></script>
 * adds a launcher button and, when it is pressed, a modal dialog holding the conversation: an iframe of the
 * assistant's /widget page (the web chat in its embedded layout), which only the origins configured on the
 * assistant (BTS_WIDGET_ORIGINS) may frame. The launcher and the dialog live in a shadow root: no style
 * crosses it either way. No dependency, no build step.
 */
(() => {
  "use strict";

  const NAME = "bts-preinscription";  // the host element, and the tag of the messages with the frame
  const LOG = "[Pré-inscription BTS]";
  const AFTER_LOAD_MS = 3000;  // the frame loaded but did not say it is ready: it was refused
  const READY_TIMEOUT_MS = 30000;  // nothing at all from the frame: the assistant does not answer
  const script = document.currentScript;

  const TEXTS = {
    fr: {
      launcher: "Pré-inscription au BTS",
      title: "Pré-inscription au BTS",
      close: "Fermer",
      frame: "Conversation avec l'assistant de pré-inscription au BTS",
      noScript: `${LOG} widget.js doit être chargé par une balise <script src="…/widget.js"> (ni module, ` +
        "ni script injecté) : l'assistant n'est pas ajouté.",
      twice: `${LOG} widget.js est inclus deux fois dans la page : la seconde inclusion est ignorée.`,
      language: (lang) => `${LOG} langue « ${lang} » non disponible : l'assistant s'affiche en français.`,
      academie: (code) => `${LOG} data-academie="${code}" n'est pas un code d'académie (deux chiffres, ` +
        "par exemple 01) : il est ignoré.",
      refused: (origin, here) => `${LOG} l'assistant de ${origin} ne peut pas s'afficher sur ${here} : ` +
        `cette origine n'est pas dans BTS_WIDGET_ORIGINS de l'assistant, ou l'assistant ne répond pas. ` +
        "Le bouton de pré-inscription n'est pas ajouté.",
    },
  };

  const STYLE = `
:host { all: initial !important; }
.launcher, .panel {
  box-sizing: border-box;
  color: #161616;
  font: medium/1.5 Marianne, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
}
*, *::before, *::after { box-sizing: inherit; }
[hidden] { display: none !important; }
:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
.launcher {
  position: fixed; right: 1em; bottom: 1em; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: .5em;
  max-width: calc(100vw - 2em); min-height: 2.75em; margin: 0; padding: .5em 1.25em;
  border: 2px solid #fff; border-radius: 1.5em;
  background: #000091; color: #fff; box-shadow: 0 .25em 1em rgba(0, 0, 18, .35);
  font-weight: 700; text-align: left; cursor: pointer;
}
.launcher:hover { background: #1212ff; }
.launcher svg { flex: none; width: 1.5em; height: 1.5em; fill: currentColor; }
.panel {
  position: fixed; inset: auto 1em 1em auto;
  width: min(28em, calc(100vw - 2em)); height: min(44em, calc(100vh - 2em));
  max-width: none; max-height: none; margin: 0; padding: 0;
  border: 1px solid #929292; border-radius: .5em; overflow: hidden;
  background: #fff; box-shadow: 0 .5em 2em rgba(0, 0, 18, .35);
}
.panel[open] { display: flex; flex-direction: column; }
.panel::backdrop { background: rgba(22, 22, 22, .45); }
.panel__bar {
  display: flex; flex-wrap: wrap; align-items: center; gap: .5em;
  padding: .5em .5em .5em 1em; border-bottom: 1px solid #ddd;
}
.panel__title { margin: 0; font-size: 1.125em; font-weight: 700; line-height: 1.3; }
.panel__close {
  min-height: 2.5em; margin: 0 0 0 auto; padding: .375em 1em;
  border: 1px solid #000091; border-radius: 0; background: #fff; color: #000091;
  font: inherit; font-weight: 500; cursor: pointer;
}
.panel__close:hover { background: #f6f6f6; }
.panel__chat { display: block; flex: 1 1 auto; width: 100%; min-height: 0; border: 0; }
.guard { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
@media (max-width: 30em), (max-height: 30em) {
  .panel { inset: 0; width: 100%; height: 100%; border: 0; border-radius: 0; }
  .panel__bar { padding: .25em .5em .25em .75em; }
  .panel__title { font-size: 1em; }
}
@media (prefers-reduced-motion: no-preference) {
  .panel[open] { animation: bts-open .2s ease-out; }
}
@keyframes bts-open { from { opacity: 0; transform: translateY(1em); } to { opacity: 1; transform: none; } }
@media (forced-colors: active) {
  .launcher, .panel__close { border: 2px solid ButtonText; }
  .panel { border: 1px solid CanvasText; }
}
`;

  const ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24">' +
    '<path d="M4 3h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H8l-4.3 3.6A.4.4 0 0 1 3 20.3V4a1 1 0 0 1 1-1zm3 6v2h2V9zm4 ' +
    '0v2h2V9zm4 0v2h2V9z"/></svg>';

  if (!script || !script.src) {
    console.error(TEXTS.fr.noScript);
    return;
  }
  const lang = (script.dataset.lang || "fr").trim().toLowerCase();
  const text = TEXTS[lang] || TEXTS.fr;
  if (!TEXTS[lang]) console.warn(text.language(lang));
  const origin = new URL(script.src, document.baseURI).origin;
  const page = new URL("/widget", origin);
  const academie = (script.dataset.academie || "").trim();
  if (/^\d{2}$/.test(academie)) page.searchParams.set("academie", academie);
  else if (academie) console.warn(text.academie(academie));

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function style(root) {
    // A constructed style sheet is not an inline style: host pages whose CSP forbids those still show it.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(element("style", "", STYLE));
    }
  }

  function start() {
    if (document.querySelector(NAME)) {
      console.warn(text.twice);
      return;
    }
    const host = element(NAME);
    host.setAttribute("lang", "fr");
    const root = host.attachShadow({ mode: "open" });
    style(root);

    const launcher = element("button", "launcher");
    launcher.type = "button";
    launcher.hidden = true;  // shown once the conversation has loaded in its frame
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "bts-dialog");
    launcher.innerHTML = ICON;
    launcher.appendChild(element("span", "", text.launcher));

    const dialog = element("dialog", "panel");
    dialog.id = "bts-dialog";
    dialog.setAttribute("aria-labelledby", "bts-title");
    // Focus stays in the dialog: Tab after the conversation's last control comes back to « Fermer »,
    // Shift+Tab before « Fermer » goes to the conversation's last control.
    const before = element("span", "guard");
    const after = element("span", "guard");
    before.tabIndex = 0;
    after.tabIndex = 0;
    const bar = element("div", "panel__bar");
    const title = element("h2", "panel__title", text.title);
    title.id = "bts-title";
    const close = element("button", "panel__close", text.close);
    close.type = "button";
    close.autofocus = true;
    const frame = element("iframe", "panel__chat");
    frame.title = text.frame;
    frame.src = page.href;
    bar.append(title, close);
    dialog.append(before, bar, frame, after);
    root.append(launcher, dialog);

    const tell = (type) => frame.contentWindow && frame.contentWindow.postMessage({ widget: NAME, type }, origin);
    let ready = false;
    let refused = false;

    function onMessage(event) {
      const data = event.data;
      if (event.origin !== origin || event.source !== frame.contentWindow || !data || data.widget !== NAME) return;
      if (data.type === "ready") {
        ready = true;
        launcher.hidden = false;
      } else if (data.type === "close" && dialog.open) {
        dialog.close();
      }
    }

    function refuse() {
      if (ready || refused) return;
      refused = true;
      window.removeEventListener("message", onMessage);
      host.remove();
      console.error(text.refused(origin, window.location.origin));
    }

    window.addEventListener("message", onMessage);
    frame.addEventListener("load", () => window.setTimeout(refuse, AFTER_LOAD_MS));
    window.setTimeout(refuse, READY_TIMEOUT_MS);

    launcher.addEventListener("click", () => {
      if (dialog.open || !ready) return;
      dialog.showModal();
      launcher.setAttribute("aria-expanded", "true");
      tell("open");  // the conversation greets on its first opening and takes the focus
    });
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    });
    before.addEventListener("focus", () => tell("focus-last"));
    after.addEventListener("focus", () => close.focus());

    document.body.appendChild(host);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
