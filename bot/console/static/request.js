// A request's page: the messages of the held conversation appear without reloading (polled every 3 s).
"use strict";

(function () {
  var list = document.getElementById("messages");
  if (!list || !window.fetch) return;
  var WHO = { candidat: "Candidat", conseiller: "Conseiller", assistant: "Assistant" };
  var last = parseInt(list.getAttribute("data-last") || "0", 10);

  function add(message) {
    var item = document.createElement("li");
    item.className = "transcript__" + message.author;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = (WHO[message.author] || message.author) + " :";
    item.appendChild(who);
    item.appendChild(document.createTextNode(" " + message.text));
    list.appendChild(item);
  }

  function poll() {
    if (document.hidden) return;
    fetch(list.getAttribute("data-source") + "?apres=" + last, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (messages) {
        messages.forEach(function (message) {
          last = Math.max(last, message.id);
          add(message);
        });
      })
      .catch(function () {});
  }

  window.setInterval(poll, 3000);
})();
