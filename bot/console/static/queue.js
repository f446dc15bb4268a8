// The queue: new requests appear without reloading (the list is fetched again every 5 seconds).
"use strict";

(function () {
  var box = document.getElementById("file");
  if (!box || !window.fetch) return;

  function render(rows) {
    box.textContent = "";
    if (!rows.length) {
      var empty = document.createElement("p");
      empty.textContent = "Aucune demande à afficher pour l'instant.";
      box.appendChild(empty);
      return;
    }
    var list = document.createElement("ul");
    list.className = "queue__items";
    rows.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "fr-link";
      link.href = row.adresse;
      link.textContent = "Demande n° " + row.id;
      item.appendChild(link);
      var canal = row.canal === "telegram" ? "Telegram" : "discussion web";
      var details = " – " + row.motif + " – " + canal + " – question : " + (row.etape || "—") +
        " – académie : " + row.academie_nom + " – attente : " + row.attente_minutes + " min" +
        (row.statut === "TAKEN" ? " – prise en charge" : "");
      item.appendChild(document.createTextNode(details));
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  var shown = null;
  function poll() {
    if (document.hidden) return;
    fetch(box.getAttribute("data-source"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (rows) {
        if (!rows) return;
        var key = JSON.stringify(rows.map(function (r) { return [r.id, r.statut, r.etape]; }));
        if (key !== shown) {
          shown = key;
          render(rows);
        }
      })
      .catch(function () {});
  }

  window.setInterval(poll, 5000);
})();
