// Editor behaviour that htmx attributes cannot express: the keyboard, focus that
// survives every swap, drafts kept as they are typed, and never losing typed text to
// a closed tab, a conflict or a failed request.
(function () {
  "use strict";

  const AUTOSAVE_DELAY_MS = 1500;

  function rowOf(el) { return el && el.closest ? el.closest("tr.segment") : null; }
  // The row's translation box (comment boxes in the row's panel are not one).
  function isRowBox(el) {
    return el instanceof HTMLTextAreaElement && !!el.form && el.form.hasAttribute("data-autosave");
  }
  function boxOf(row) { return row ? row.querySelector("textarea[name=text]") : null; }
  function rows() { return Array.from(document.querySelectorAll("tr.segment")); }

  // The interface's words in the page's language (templates/base.html, web/formatting.py),
  // looked up by their English text; "%(name)s" places are filled from `values`.
  let uiText = null;
  function t(english, values) {
    if (uiText === null) {
      const data = document.getElementById("ui-text");
      try { uiText = data ? JSON.parse(data.textContent) : {}; } catch (e) { uiText = {}; }
    }
    return (uiText[english] || english).replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  // The page's one live region (templates/base.html) says what every action did. It is
  // emptied first and filled a moment later, so that the same sentence twice (two
  // drafts saved in a row) is announced twice. Routine news is for screen readers only;
  // a refusal is shown on the page too.
  let saying = null;
  function say(message, shown) {
    const status = document.getElementById("status");
    if (!status) return;
    clearTimeout(saying);
    status.textContent = "";
    status.classList.remove("shown");
    if (!message) return;
    saying = setTimeout(function () {
      status.textContent = message;
      status.classList.toggle("shown", !!shown);
    }, 100);
  }

  function focusBox(box) {
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  // The next (or previous) row after `row` in the table; null at either end.
  function neighbour(row, step) {
    const all = rows();
    const at = all.indexOf(row);
    return at < 0 ? null : all[at + step] || null;
  }

  // Rows load 50 at a time: the last one asks for more as it scrolls into view. The
  // keyboard asks for them too, then `then` runs once they are in.
  function loadMore(then) {
    const more = document.querySelector("tr.more");
    if (!more || !window.htmx) return false;
    // Other swaps (the saved row) settle meanwhile: wait for the one that replaced it.
    document.addEventListener("htmx:afterSettle", function once() {
      if (more.isConnected) return;
      document.removeEventListener("htmx:afterSettle", once);
      then();
    });
    // It may be loading already, having scrolled into view: then there is nothing to ask.
    if (!more.classList.contains("htmx-request")) htmx.trigger(more, "revealed");
    return true;
  }

  function move(row, step) {
    const next = neighbour(row, step);
    if (next) { focusBox(boxOf(next)); return; }
    if (step > 0) loadMore(function () { const n = neighbour(row, 1); if (n) focusBox(boxOf(n)); });
  }

  const PENDING = ["state-untranslated", "state-draft", "state-rejected"];
  function isPending(row) { return PENDING.some(function (c) { return row.classList.contains(c); }); }

  function nextPending(from) {
    const all = rows();
    const start = from ? all.indexOf(from) + 1 : 0;
    const found = all.slice(start).find(isPending);
    if (found) { focusBox(boxOf(found)); return; }
    if (!loadMore(function () { nextPending(from); })) say(t("No untranslated, draft or rejected segment below this one."), true);
  }

  function click(row, selector) {
    const button = row.querySelector(selector);
    if (button) button.click();  // a click, so htmx sends the button's name=value
  }

  // Ctrl+Enter moves on at once, so typing goes on in the next box while the save
  // travels; if the save comes back refused, focus returns to the refused row, unless
  // something has been typed in the next box meanwhile.
  let advance = null;

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const row = rowOf(target);
    const box = isRowBox(target) && row ? target : null;
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();

    if (!ctrl && !event.altKey && event.key === "?" && !isTyping(target)) {
      event.preventDefault();
      openShortcuts();
      return;
    }
    if (event.altKey && !ctrl && event.code === "KeyN") {
      event.preventDefault();
      nextPending(row);
      return;
    }
    if (!box) return;
    if (ctrl && event.key === "Enter") {
      event.preventDefault();
      flushAutosave(box, false);
      click(row, 'button[value="translated"]');
      if (event.shiftKey || !box.value.trim()) return;  // save and stay; an empty box stays too
      const next = neighbour(row, 1);
      if (next) {
        const nextBox = boxOf(next);
        advance = { from: row.id, box: nextBox, value: nextBox.value };
        focusBox(nextBox);
      } else {
        // The last row loaded: stay here until the next rows are in, then go on (at the
        // article's very end there is nothing to load, and focus stays in this row).
        const loading = loadMore(function () {
          const n = neighbour(document.getElementById(row.id), 1);
          if (n) focusBox(boxOf(n));
        });
        if (loading) advance = { from: row.id, box: null, value: null };
      }
    } else if (ctrl && !event.shiftKey && key === "s") {
      event.preventDefault();
      flushAutosave(box, false);
      click(row, 'button[value="draft"]');
    } else if (ctrl && event.shiftKey && key === "c") {
      event.preventDefault();
      copySource(row);
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(row, event.key === "ArrowDown" ? 1 : -1);
    } else if (ctrl && event.shiftKey && /^Digit[1-9]$/.test(event.code)) {
      // Ctrl+Shift+N: suggestion N (Ctrl+N is the source's tag N, below).
      const button = row.querySelectorAll(".suggestion-insert")[Number(event.code.slice(5)) - 1];
      if (button) { event.preventDefault(); insertSuggestion(box, button); }
    } else if (ctrl && /^Digit[1-9]$/.test(event.code)) {
      // Ctrl+N (or Ctrl+Alt+N, where the browser keeps Ctrl+N for its tabs): tag N.
      const button = row.querySelectorAll(".tag-insert")[Number(event.code.slice(5)) - 1];
      if (button) { event.preventDefault(); insertTag(box, button); }
    }
  });

  // A span's tags go around the selected words; a line break goes where the caret is.
  function insertTag(box, button) {
    const start = box.selectionStart, end = box.selectionEnd;
    const open = button.dataset.open, close = button.dataset.close || "";
    const inner = box.value.slice(start, end);
    box.setRangeText(open + inner + close, start, end, "end");
    const caret = close && !inner ? start + open.length : start + open.length + inner.length + close.length;
    box.setSelectionRange(caret, caret);
    changed(box);
    box.focus();
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".tag-insert");
    const row = button && rowOf(button);
    if (row) insertTag(boxOf(row), button);
  });

  // A memory match replaces the box's text, and the save will say where it came from.
  function insertSuggestion(box, button) {
    const form = box.form;
    box.value = button.dataset.text;
    form.querySelector("[name=origin]").value = button.dataset.origin;
    form.querySelector("[name=origin_detail]").value = button.dataset.detail || "";
    form.querySelector("[name=suggestion]").value = button.dataset.text;
    changed(box);
    focusBox(box);
  }

  // A glossary term's translation goes where the caret is, in place of any selection.
  function insertTerm(box, text) {
    box.setRangeText(text, box.selectionStart, box.selectionEnd, "end");
    changed(box);
    box.focus();
  }

  document.addEventListener("click", function (event) {
    const suggestion = event.target.closest(".suggestion-insert");
    if (suggestion && rowOf(suggestion)) { insertSuggestion(boxOf(rowOf(suggestion)), suggestion); return; }
    const term = event.target.closest("button.term");
    if (term && term.dataset.insert && rowOf(term)) insertTerm(boxOf(rowOf(term)), term.dataset.insert);
  });

  function isTyping(el) {
    return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ||
      (el instanceof HTMLInputElement && !["button", "submit", "checkbox", "radio"].includes(el.type));
  }

  function copySource(row) {
    const box = boxOf(row);
    const source = row.querySelector(".source");
    // A source with inline markup keeps its tags as written, not as the badges show them.
    box.value = (source.dataset.source || source.textContent).trim();
    changed(box);
    focusBox(box);
  }

  document.addEventListener("click", function (event) {
    const copy = event.target.closest("button.copy-source");
    if (copy) { copySource(rowOf(copy)); return; }
    const merge = event.target.closest("button.merge");
    if (merge) {
      // Their text goes in the box; yours stays beside it, to take from.
      const row = rowOf(merge);
      const box = boxOf(row);
      box.value = row.querySelector(".conflict .theirs blockquote").textContent;
      changed(box);
      focusBox(box);
      return;
    }
    const close = event.target.closest("button.panel-close");
    if (close) {
      const slot = close.closest(".panel-slot");
      const row = rowOf(slot);
      slot.replaceChildren();
      // Focus goes back to the button that opened the panel, not to the page.
      const opener = row && row.querySelector(".changed button");
      if (opener) opener.focus();
      return;
    }
    if (event.target.closest("button.shortcuts-open")) openShortcuts();
    if (event.target.closest("button.next-pending")) nextPending(lastRow());
  });

  // The row last worked in, for the toolbar's "next segment" button (which is outside it).
  let lastRowId = null;
  document.addEventListener("focusin", function (event) {
    if (!isRowBox(event.target)) return;
    lastRowId = rowOf(event.target).id;
    // The browser scrolls a box only as far as its caret: the whole box comes into view
    // (with the margin app.css gives it), so the text being changed is all on screen.
    const r = event.target.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) event.target.scrollIntoView({ block: "nearest" });
  });
  function lastRow() { return lastRowId ? document.getElementById(lastRowId) : null; }

  // The help overlay: a native dialog (Escape closes it); focus returns where it was.
  let beforeShortcuts = null;
  function openShortcuts() {
    const dialog = document.getElementById("shortcuts");
    if (!dialog || dialog.open) return;
    beforeShortcuts = document.activeElement;
    dialog.showModal();
  }
  document.addEventListener("close", function (event) {
    if (event.target.id === "shortcuts" && beforeShortcuts) beforeShortcuts.focus();
  }, true);

  // Drafts kept as they are typed ------------------------------------------------

  const timers = new WeakMap();

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  // Beside the box, for the eye: a screen reader is not told of every draft kept while
  // typing, only (through the live region) of a draft that could not be kept.
  function indicator(box, text, failed) {
    const place = box.form && box.form.querySelector(".autosave-status");
    if (place) { place.textContent = text; place.classList.toggle("failed", !!failed); }
    if (failed) say(text, true);
  }

  function changed(box) {
    box.dataset.dirty = "1";
    clearTimeout(timers.get(box));
    timers.set(box, setTimeout(function () { flushAutosave(box, true); }, AUTOSAVE_DELAY_MS));
  }

  function flushAutosave(box, send) {
    clearTimeout(timers.get(box));
    timers.delete(box);
    if (!send || !box.isConnected || box.dataset.kept === box.value) return;
    const form = box.form;
    const body = new FormData();
    body.append("text", box.value);
    body.append("base_revision", form.querySelector("[name=base_revision]").value);
    const value = box.value;
    indicator(box, t("Keeping your draft…"));
    fetch(form.dataset.autosave, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) {
          box.dataset.kept = value;
          indicator(box, t("Draft kept %(time)s (not yet saved)", { time: answer.saved_at }));
        } else if (response.status === 409) {
          indicator(box, t("Someone saved this segment meanwhile: save to see both texts."), true);
        } else {
          indicator(box, t("Draft not kept: %(reason)s. Your text is still in the box.", { reason: answer.error || response.status }), true);
        }
      });
    }).catch(function () {
      indicator(box, t("Draft not kept: the server could not be reached. Your text is still in the box."), true);
    });
  }

  document.addEventListener("input", function (event) {
    if (isRowBox(event.target)) changed(event.target);
  });
  document.addEventListener("focusout", function (event) {
    // Leaving the box keeps the draft soon, but not at once: when it was left for the
    // row's own Save button, the save (which cancels this) carries the text anyway.
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !timers.has(box)) return;
    clearTimeout(timers.get(box));
    timers.set(box, setTimeout(function () { flushAutosave(box, true); }, 300));
  });

  window.addEventListener("beforeunload", function (event) {
    // Text kept by the autosave comes back on the next visit; anything else would be lost.
    const unsafe = Array.from(document.querySelectorAll("textarea[data-dirty]"))
      .some(function (box) { return box.dataset.kept !== box.value; });
    if (unsafe) event.preventDefault();
  });

  // Focus that survives every swap -------------------------------------------------

  let kept = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    // A new action (a form or a button) clears the last one's news; the requests that
    // load or poll on their own (presence, progress, suggestions) leave it alone.
    if (event.detail.elt.matches("form, button")) say("");
    // A save sends the box's text: a pending autosave of the same text is not needed.
    const row = rowOf(event.detail.elt);
    const box = boxOf(row);
    if (box && event.detail.elt.closest("form") === box.form) flushAutosave(box, false);
  });

  // What came back for each row, kept from the swap to the settle: the new row alone
  // does not say which action it answers.
  const outcomes = {};

  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    const active = document.activeElement;
    if (!target || !target.matches || !target.matches("tr.segment")) return;
    const path = event.detail.pathInfo ? event.detail.pathInfo.requestPath : "";
    outcomes[target.id] = { status: event.detail.xhr.status, action: actionOf(path) };
    // A row left with Ctrl+Enter does not take focus back when its save comes in.
    if (advance && advance.from === target.id) return;
    if (active && target.contains(active)) {
      kept = { id: target.id, selector: describe(active) };
    }
  });

  function describe(el) {
    if (el instanceof HTMLTextAreaElement) return "textarea[name=text]";
    if (el.matches("button[value]")) return 'button[value="' + el.value + '"]';
    for (const name of ["approve", "reject-button", "keep-theirs", "keep-mine", "merge", "discard", "copy-source"]) {
      if (el.classList.contains(name)) return "button." + name;
    }
    return "textarea[name=text]";
  }

  const ACTIONS = ["approve", "reject", "discard", "restore", "dismiss"];
  function actionOf(path) {
    const last = (path || "").split("?")[0].split("/").pop();
    return ACTIONS.includes(last) ? last : "save";
  }

  const DONE = {
    save: "Segment %(num)s saved. State: %(state)s.",
    approve: "Segment %(num)s approved. State: %(state)s.",
    reject: "Segment %(num)s rejected. State: %(state)s.",
    discard: "Segment %(num)s: your unsaved text was discarded. State: %(state)s.",
    restore: "Segment %(num)s: the earlier version was restored. State: %(state)s.",
    dismiss: "Segment %(num)s: the finding was set aside. State: %(state)s.",
  };

  // One sentence for the live region: the segment, what happened, its state now.
  function announce(row, outcome) {
    const values = {
      num: row.querySelector("td.pos").textContent.trim(),
      state: (row.querySelector(".actions .badge") || {}).textContent || "",
    };
    const conflict = row.querySelector(".conflict");
    const error = row.querySelector("p.error");
    if (outcome.status === 409 && conflict && !error) {
      say(t("Segment %(num)s was not saved: someone else saved it first. Both texts are shown; yours is still in the box.", values), true);
    } else if (outcome.status >= 400 || error) {
      const reason = error ? error.textContent.trim() : String(outcome.status);
      // The services' refusals are phrases; the sentence around them needs a full stop.
      values.reason = /[.!?。]$/.test(reason) ? reason : reason + ".";
      say(t("Segment %(num)s: %(reason)s Your text is still in the box.", values), true);
    } else {
      say(t(DONE[outcome.action], values));
    }
  }

  // After an approval or a rejection the next piece of work is the next row to review;
  // with none loaded below, the row's own box.
  function nextToReview(row) {
    const all = rows();
    const below = all.slice(all.indexOf(row) + 1).find(function (r) { return r.querySelector("button.approve"); });
    return below ? below.querySelector("button.approve") : null;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    const row = target && target.id ? document.getElementById(target.id) : null;
    if (!row || !row.matches("tr.segment")) return;
    const outcome = outcomes[row.id];
    delete outcomes[row.id];
    if (outcome) announce(row, outcome);
    const refused = row.querySelector(".error, .conflict");
    if (advance && advance.from === row.id) {
      const waiting = advance;
      advance = null;
      // Back to the refused row, unless the next box has been typed in since.
      const untouched = waiting.box === null ||
        (document.activeElement === waiting.box && waiting.box.value === waiting.value);
      if (refused && untouched) focusBox(boxOf(row));
      return;
    }
    if (kept && kept.id === row.id) {
      const reviewed = !refused && outcome && (outcome.action === "approve" || outcome.action === "reject");
      const place = refused ? boxOf(row) :
        (reviewed && nextToReview(row)) || row.querySelector(kept.selector) || boxOf(row);
      kept = null;
      if (place instanceof HTMLTextAreaElement) focusBox(place); else place.focus();
    }
  });

  // Refusals in words ---------------------------------------------------------------

  // The server's own words for a refusal, from the error page it answered with.
  function refusal(xhr) {
    const page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    const message = page.querySelector(".error");
    return message ? message.textContent.trim() : "";
  }

  // Buttons that swap nothing (publish) say why they were refused, whatever the status.
  document.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    if (!event.detail.elt.hasAttribute("data-reports-refusals") || !xhr || xhr.status < 400) return;
    say(refusal(xhr) || t("Refused (%(status)s).", { status: xhr.status }), true);
  });
  document.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    if (event.detail.elt.hasAttribute("data-reports-refusals")) return;
    if (xhr.status === 503) {
      // The server rolled back and is waiting for the database: nothing to redo but Save.
      say(t("The database is not answering: your text is still in the box. Save again in a moment."), true);
      return;
    }
    const reason = refusal(xhr) || (xhr.status === 403 ? t("You are not allowed to do that.") :
      xhr.status === 401 ? t("Log in again in another tab, then save.") : "");
    say(t("Refused (%(status)s): %(reason)s Your text is still in the box.", { status: xhr.status, reason: reason }), true);
  });
  document.addEventListener("htmx:sendError", function () {
    say(t("The server could not be reached: your text is still in the box. Save again."), true);
  });
})();
