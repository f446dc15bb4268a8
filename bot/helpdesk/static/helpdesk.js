// The console's shared behaviour: after a refused form, the error summary takes the focus (it is read out).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus]");
  if (summary) {
    summary.focus();
  }
});
