/* The upload page's time limit: says how long the link lasts, warns before it ends, renews it in one action
   without reloading the page (the file already chosen stays chosen). See bot/web/upload_time.py. */
"use strict";

(() => {
  const WARN_BEFORE_S = 5 * 60;
  const TEXT = {
    lasts: (minutes) => `Ce lien d'envoi reste valable ${minutes}\u00a0minute${minutes > 1 ? "s" : ""}. ` +
      "Vous serez averti avant son expiration et pourrez le prolonger sans perdre le fichier choisi.",
    warning: (minutes) => `Attention\u00a0: ce lien d'envoi expire dans ${minutes}\u00a0minute` +
      `${minutes > 1 ? "s" : ""}. Prolongez-le pour avoir le temps d'envoyer votre fichier\u00a0: ` +
      "le fichier déjà choisi est conservé.",
    renew: "Prolonger le lien de 30 minutes",
    renewed: (minutes) => `Le lien est prolongé\u00a0: il reste valable ${minutes}\u00a0minutes.`,
    expired: "Ce lien d'envoi a expiré. Pour en obtenir un nouveau, consultez votre dossier auprès de " +
      "l'assistant avec votre numéro de dossier et votre date de naissance.",
    failed: "Le lien n'a pas pu être prolongé. Réessayez dans un instant.",
  };
  const form = document.querySelector("form[enctype='multipart/form-data']");
  if (!form) return;
  const token = () => window.location.pathname.split("/")[2] || "";

  const info = document.createElement("p");
  info.className = "fr-hint-text hint";
  info.id = "delai";
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  const limit = window.timeLimitWarning({
    className: "expiry",
    textId: "expiry-text",
    buttonText: TEXT.renew,
    warnBefore: WARN_BEFORE_S,
    warning: TEXT.warning,
    ended: () => {
      limit.box.hidden = true;
      status.textContent = TEXT.expired;
    },
    extend: async () => {
      try {
        const response = await fetch(`/pieces/${token()}/prolonger`, { method: "POST", credentials: "same-origin" });
        const data = await response.json();
        if (!response.ok || typeof data.url !== "string") throw new Error(data.error || TEXT.failed);
        window.history.replaceState(null, "", data.url);
        form.action = data.url;
        schedule(data.remaining);
        status.textContent = TEXT.renewed(limit.minutes(data.remaining));
        form.querySelector("input[type=file]").focus();
      } catch (error) {
        status.textContent = error.message || TEXT.failed;
      }
    },
  });
  form.before(info, limit.box, status);

  function schedule(seconds) {
    info.textContent = TEXT.lasts(limit.minutes(seconds));
    limit.box.hidden = true;
    limit.schedule(seconds);
  }

  fetch(`/pieces/${token()}/delai`, { credentials: "same-origin", cache: "no-store" })
    .then((response) => response.json())
    .then((data) => {
      if (Number.isInteger(data.remaining)) schedule(data.remaining);
    })
    .catch(() => {});
})();
