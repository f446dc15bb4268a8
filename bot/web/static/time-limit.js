/* A time limit said before it ends (RGAA 13.1), shared by the console (idle logout) and the upload page (the
   link's validity): a box with an alert and one button to extend, and the two timers that show it. The page
   says what the warning reads, what happens at the end and what the button does. */
"use strict";

window.timeLimitWarning = (options) => {
  const box = document.createElement("div");
  box.className = options.className;
  box.hidden = true;
  const text = document.createElement("p");
  text.id = options.textId;
  text.setAttribute("role", "alert");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "fr-btn fr-btn--secondary";
  button.textContent = options.buttonText;
  button.setAttribute("aria-describedby", options.textId);
  box.append(text, button);
  button.addEventListener("click", () => options.extend());

  const minutes = (seconds) => Math.max(1, Math.ceil(seconds / 60));
  let warnTimer = 0;
  let endTimer = 0;
  // Warns `warnBefore` seconds before the end (at once when less is left), then calls `ended`.
  const schedule = (seconds) => {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(() => {
      box.hidden = false;
      button.hidden = false;
      text.textContent = options.warning(minutes(Math.min(seconds, options.warnBefore)));
    }, Math.max(0, seconds - options.warnBefore) * 1000);
    endTimer = window.setTimeout(() => options.ended(), seconds * 1000);
  };
  return { box, text, button, schedule, minutes };
};
