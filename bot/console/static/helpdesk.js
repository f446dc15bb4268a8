// The console's shared behaviour: after a refused form, the error summary takes the focus (it is read out);
// before the idle logout, a warning with « Rester connecté »; what is typed in a form is kept in this tab until it
// is sent, and given back if the form comes again (a form sent after the logout is not lost).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus]");
  if (summary) {
    summary.focus();
  }
  var idle = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  if (idle > 0) {
    keepDrafts();
    warnBeforeLogout(idle);
  } else {
    markRelogin();
  }
});

var TEXT = {
  warning: function (minutes) {
    return "Sans activité, votre session se fermera dans " + minutes + " minute" + (minutes > 1 ? "s" : "") +
      ". Ce que vous avez saisi est conservé dans cet onglet.";
  },
  stay: "Rester connecté",
  stayed: "Votre session est prolongée.",
  ended: "Votre session s'est fermée faute d'activité. Ce que vous avez saisi est conservé : reconnectez-vous, " +
    "puis revenez sur ce formulaire pour le retrouver.",
  restored: "Ce que vous aviez saisi avant la fermeture de votre session a été remis dans le formulaire : " +
    "vérifiez-le, puis envoyez-le.",
};
var WARN_BEFORE_S = 5 * 60;
var DRAFTS = "bts-console-drafts";
var SENT = "bts-console-sent";
var RELOGIN = "bts-console-relogin";

function warnBeforeLogout(idle) {
  var limit = window.timeLimitWarning({
    className: "idle-warning",
    textId: "idle-text",
    buttonText: TEXT.stay,
    warnBefore: WARN_BEFORE_S,
    warning: TEXT.warning,
    ended: function () {
      limit.box.hidden = false;
      limit.button.hidden = true;
      limit.text.textContent = TEXT.ended;
    },
    extend: function () {
      // Any page of the console keeps the session alive: this one, fetched again, does.
      fetch(window.location.href, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (!response.ok || response.redirected) throw new Error("ended");
        limit.text.textContent = TEXT.stayed;
        limit.button.hidden = true;
        limit.schedule(idle);
      }).catch(function () {
        limit.button.hidden = true;
        limit.text.textContent = TEXT.ended;
      });
    },
  });
  var main = document.getElementById("contenu");
  main.insertBefore(limit.box, main.firstChild);
  limit.schedule(idle);
}

function draftKey(form) {
  return window.location.pathname + " " + (form.getAttribute("action") || "");
}

function readDrafts() {
  try { return JSON.parse(window.sessionStorage.getItem(DRAFTS) || "{}") || {}; } catch (e) { return {}; }
}

function writeDrafts(drafts) {
  try { window.sessionStorage.setItem(DRAFTS, JSON.stringify(drafts)); } catch (e) { /* storage refused */ }
}

function keptFields(form) {
  return Array.prototype.filter.call(form.elements, function (field) {
    var type = (field.type || "").toLowerCase();
    return field.name && field.name !== "csrf" && ["password", "hidden", "file", "submit", "button"]
      .indexOf(type) < 0 && !field.disabled;
  });
}

function storageGet(key) {
  try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
}

function storageSet(key, value) {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, value);
  } catch (e) { /* storage refused */ }
}

/** On the login page: a form sent just before (its session had ended) is to be given back after the login. */
function markRelogin() {
  if (storageGet(SENT)) storageSet(RELOGIN, "1");
}

function keepDrafts() {
  var drafts = readDrafts();
  var sent = null;
  try { sent = JSON.parse(storageGet(SENT) || "null"); } catch (e) { sent = null; }
  if (sent && storageGet(RELOGIN) && sent.key && sent.values) {
    drafts[sent.key] = sent.values;  // sent while logged out: kept for when the form comes again
    writeDrafts(drafts);
  }
  storageSet(SENT, null);
  storageSet(RELOGIN, null);
  var forms = Array.prototype.filter.call(document.querySelectorAll("form[method=post]"), function (form) {
    return keptFields(form).length > 0;
  });
  forms.forEach(function (form) {
    var key = draftKey(form);
    var draft = drafts[key];
    if (draft) {
      var restored = false;
      keptFields(form).forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          var checked = draft[field.name + "=" + field.value];
          if (checked !== undefined && field.checked !== checked) { field.checked = checked; restored = true; }
        } else if (!field.value && draft[field.name]) {
          field.value = draft[field.name];
          restored = true;
        }
      });
      if (restored) {
        var notice = document.createElement("p");
        notice.className = "idle-warning";
        notice.setAttribute("role", "status");
        notice.textContent = TEXT.restored;
        form.parentNode.insertBefore(notice, form);
      }
    }
    form.addEventListener("input", function () {
      var values = {};
      keptFields(form).forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") values[field.name + "=" + field.value] = field.checked;
        else values[field.name] = values[field.name] || field.value;
      });
      var all = readDrafts();
      all[key] = values;
      writeDrafts(all);
    });
    form.addEventListener("submit", function () {
      var all = readDrafts();
      storageSet(SENT, JSON.stringify({ key: key, values: all[key] || null }));
      delete all[key];
      writeDrafts(all);
    });
  });
}
