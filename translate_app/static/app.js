// Editor behaviour that htmx attributes cannot express: keyboard flow, copy source,
// and keeping typed text from being lost to a closed tab or a failed request.
(function () {
  "use strict";

  function rowOf(el) { return el.closest("tr.segment"); }

  function nextTextarea(row) {
    for (let next = row.nextElementSibling; next; next = next.nextElementSibling) {
      const box = next.querySelector("textarea");
      if (box) return box;
    }
    return null;
  }

  document.addEventListener("keydown", function (event) {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !rowOf(box)) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      const next = nextTextarea(rowOf(box));
      // A click, not requestSubmit(): htmx takes the submitter's name=value from the
      // button it saw clicked.
      box.form.querySelector('button[value="translated"]').click();
      if (next) { next.focus(); next.setSelectionRange(next.value.length, next.value.length); }
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target instanceof HTMLTextAreaElement) event.target.dataset.dirty = "1";
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.copy-source");
    if (!button) return;
    const row = rowOf(button);
    const box = row.querySelector("textarea");
    box.value = row.querySelector(".source").textContent.trim();
    box.dataset.dirty = "1";
    box.focus();
  });

  document.addEventListener("click", function (event) {
    const close = event.target.closest("button.history-close");
    if (!close) return;
    const slot = close.closest(".history-slot");
    const row = rowOf(slot);
    slot.replaceChildren();
    // Focus goes back to the button that opened the panel, not to the page.
    const opener = row && row.querySelector(".changed button");
    if (opener) opener.focus();
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("textarea[data-dirty]")) event.preventDefault();
  });

  function say(message) {
    const status = document.getElementById("status");
    if (status) { status.textContent = message; status.hidden = !message; }
  }

  // The server's own words for a refusal, from the error page it answered with.
  function refusal(xhr) {
    const page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    const message = page.querySelector(".error");
    return message ? message.textContent.trim() : "";
  }

  document.addEventListener("htmx:beforeRequest", function () { say(""); });
  // Buttons that swap nothing (publish) say why they were refused, whatever the status.
  document.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    if (!event.detail.elt.hasAttribute("data-reports-refusals") || !xhr || xhr.status < 400) return;
    say(refusal(xhr) || "Refused (" + xhr.status + ").");
  });
  document.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    if (event.detail.elt.hasAttribute("data-reports-refusals")) return;
    if (xhr.status === 503) {
      // The server rolled back and is waiting for the database: nothing to redo but Save.
      say("The database is not answering: your text is still in the box. Save again in a moment.");
      return;
    }
    say("Not saved (" + xhr.status + "): your text is still in the box. " +
        (xhr.status === 403 ? "You are not allowed to do that." :
         xhr.status === 401 ? "Log in again in another tab, then save." : ""));
  });
  document.addEventListener("htmx:sendError", function () {
    say("The server could not be reached: your text is still in the box. Save again.");
  });
})();
