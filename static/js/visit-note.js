// Keeps the visit note safe while it is typed: every change is stored on
// this device at once and sent to the server after a pause. A draft that
// could not be sent (no connection) goes when the connection returns. A
// draft written on an older revision than the server's is set aside beside
// the saved version, and the person chooses which to keep; the form cannot
// be changed until they have. The draft is stored under a key of the visit
// and the person, so someone else signed in on this browser never gets it.
//
// The server saves what is complete and leaves out a row still missing
// something (an action without its owner); the status names such rows, and
// the draft stays unsent on this device, the only copy of them, until the
// server has them too.
(function () {
  "use strict";

  var form = document.getElementById("visit-note");
  if (!form) {
    return;
  }
  var status = document.getElementById("note-status");
  var key = form.dataset.storageKey;
  var url = form.dataset.autosaveUrl;
  var revisionInput = form.querySelector("input[name=revision]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var DELAY = 1500;
  var timer = null;
  var sending = false;
  var again = false;
  // A Save or Complete pressed while a draft is on its way: pressed again
  // once the answer has brought the note's new revision.
  var heldSubmitter = null;
  var isSubmitHeld = false;
  var conflict = false;
  var TEXT_FIELDS = ["purpose", "latest_data", "improvement_priorities",
    "self_evaluation", "plan_progress", "summary"];
  var ROW = /^(judgement|action)-\d+-/;
  var CHOICE = /^(focus_areas|is_shared_with_school)$/;
  var panel = document.getElementById("note-conflict");
  // While a conflict waits for a choice: this device's draft, the version
  // saved on the server ({fields, revision}), and whether the form shows
  // this device's version (after a refused send) or the saved one (on load).
  var kept = null;
  var saved = null;
  var formHoldsMine = false;
  var replacing = false;

  function say(text) {
    status.textContent = text;
  }

  function timeOf(date) {
    return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  function fields(source) {
    var pairs = [];
    new FormData(source || form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "revision") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function readDraft() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeDraft(draft) {
    try {
      localStorage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      // A full or disabled store leaves the server copy as the only one.
    }
  }

  function storeLocally() {
    writeDraft({
      fields: fields(),
      revision: Number(revisionInput.value),
      changedAt: Date.now(),
      isSent: false,
    });
  }

  function body(pairs, revision) {
    var data = {};
    pairs.forEach(function (pair) {
      var name = pair[0];
      if (name === "focus_areas") {
        (data[name] = data[name] || []).push(pair[1]);
      } else if (name === "is_shared_with_school") {
        data[name] = true;
      } else {
        data[name] = pair[1];
      }
    });
    data.revision = revision;
    return JSON.stringify(data);
  }

  function send() {
    var draft = readDraft();
    if (!draft || draft.isSent || conflict) {
      return;
    }
    if (sending) {
      again = true;
      return;
    }
    if (!navigator.onLine) {
      say("Offline: saved on this device, will send when the connection returns");
      return;
    }
    sending = true;
    say("Sending…");
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body(draft.fields, draft.revision),
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          return { code: response.status, answer: answer };
        });
      })
      .then(function (result) {
        if (result.code === 200) {
          confirmed(draft, result.answer);
        } else if (result.code === 409) {
          conflict = true;
          formHoldsMine = true;
          replacing = false;
          fetchSaved(draft);
        } else {
          say("The draft could not be saved: check the form, then press Save draft.");
        }
      })
      .catch(function () {
        say("Offline: saved on this device, will send when the connection returns");
      })
      .then(function () {
        sending = false;
        if (isSubmitHeld) {
          submitHeld();
        } else if (again) {
          again = false;
          send();
        }
      });
  }

  function submitHeld() {
    var submitter = heldSubmitter;
    isSubmitHeld = false;
    heldSubmitter = null;
    if (conflict) {
      // The choice between the versions comes first; the status says so.
      return;
    }
    again = false;
    form.requestSubmit(submitter);
  }

  function submitted(event) {
    clearTimeout(timer);
    if (!sending) {
      return;
    }
    // Posted now, the form would carry the revision from before the draft
    // on its way, and the server would take this device's own save for
    // another device's.
    event.preventDefault();
    isSubmitHeld = true;
    heldSubmitter = event.submitter;
    say("Finishing the save in progress first…");
  }

  function notSavedText(rows) {
    return (rows || []).map(function (row) {
      return " " + row.message + ".";
    }).join("");
  }

  function confirmed(draft, answer) {
    revisionInput.value = answer.revision;
    var latest = readDraft();
    var notSaved = notSavedText(answer.not_saved);
    if (latest && latest.changedAt === draft.changedAt) {
      // Rows the server left out are held only here: keep them unsent.
      latest.isSent = notSaved === "";
      latest.revision = answer.revision;
      writeDraft(latest);
    } else if (latest) {
      // Typed while the draft was on its way: send that on the new revision.
      latest.revision = answer.revision;
      writeDraft(latest);
      again = true;
    }
    if (replacing) {
      replacing = false;
      say("Your version from this device was saved at " +
        timeOf(new Date(answer.saved_at)) + " and replaced the other device's." +
        notSaved);
    } else {
      say("Saved at " + timeOf(new Date(answer.saved_at)) +
        (notSaved ? "." + notSaved : ""));
    }
  }

  function changed() {
    if (conflict && !formHoldsMine) {
      // The form shows the saved version: storing it now would overwrite
      // the only copy of this device's draft before the person has chosen.
      return;
    }
    storeLocally();
    if (!navigator.onLine) {
      say("Offline: saved on this device, will send when the connection returns");
    }
    clearTimeout(timer);
    timer = setTimeout(send, DELAY);
  }

  function rowCount(kind) {
    return form.querySelectorAll("table[data-rows=" + kind + "] tbody tr").length;
  }

  function addRow(kind) {
    var body = form.querySelector("table[data-rows=" + kind + "] tbody");
    var last = body.querySelector("tr:last-child");
    var index = rowCount(kind);
    var row = last.cloneNode(true);
    var pattern = new RegExp("^(id_)?" + kind + "-\\d+-");
    row.querySelectorAll("input, select, label").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.replace(pattern, "$1" + kind + "-" + index + "-"));
        }
      });
      if (element.tagName !== "LABEL") {
        element.value = "";
      }
    });
    body.appendChild(row);
    return row;
  }

  function restore(pairs) {
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = false;
    });
    pairs.forEach(function (pair) {
      var match = /^(judgement|action)-(\d+)-/.exec(pair[0]);
      while (match && rowCount(match[1]) <= Number(match[2])) {
        addRow(match[1]);
      }
      var elements = form.querySelectorAll("[name='" + pair[0] + "']");
      elements.forEach(function (element) {
        if (element.type === "checkbox") {
          element.checked = element.checked || element.value === pair[1] ||
            (pair[1] === "on" && element.name === "is_shared_with_school");
        } else {
          element.value = pair[1];
        }
      });
    });
  }

  function samePairs(first, second) {
    return JSON.stringify(first) === JSON.stringify(second);
  }

  function resumeDraft() {
    var draft = readDraft();
    var serverRevision = Number(revisionInput.value);
    if (!draft || draft.isSent) {
      return;
    }
    if (samePairs(draft.fields, fields())) {
      draft.isSent = true;
      draft.revision = serverRevision;
      writeDraft(draft);
      return;
    }
    if (draft.revision >= serverRevision) {
      restore(draft.fields);
      say("A draft kept on this device while it was offline has been restored.");
      send();
    } else {
      setAside(draft, { fields: fields(), revision: serverRevision }, false);
    }
  }

  function tidy(value) {
    return String(value).replace(/\r\n/g, "\n").trim();
  }

  function valueOf(pairs, name) {
    for (var index = 0; index < pairs.length; index += 1) {
      if (pairs[index][0] === name) {
        return pairs[index][1];
      }
    }
    return "";
  }

  function filled(pairs, pattern) {
    return pairs
      .filter(function (pair) {
        return pattern.test(pair[0]) && tidy(pair[1]) !== "";
      })
      .map(function (pair) {
        return pair[0] + "=" + tidy(pair[1]);
      })
      .sort();
  }

  function differences(mine, theirs) {
    var texts = TEXT_FIELDS.filter(function (name) {
      return tidy(valueOf(mine, name)) !== tidy(valueOf(theirs, name));
    });
    var rows = !samePairs(filled(mine, ROW), filled(theirs, ROW));
    var choices = !samePairs(filled(mine, CHOICE), filled(theirs, CHOICE));
    return { texts: texts, rows: rows, choices: choices,
      any: texts.length > 0 || rows || choices };
  }

  function fetchSaved(draft) {
    say("This note was changed on another device. Your version was not sent; " +
      "fetching the saved version to show beside it…");
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("The note page answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        // A parsed document runs no scripts; only its form's values are read.
        var page = new DOMParser().parseFromString(html, "text/html");
        var savedForm = page.getElementById("visit-note");
        setAside(readDraft() || draft, {
          fields: fields(savedForm),
          revision: Number(savedForm.querySelector("input[name=revision]").value),
        }, true);
      })
      .catch(function () {
        say("This note was changed on another device. Your version is kept " +
          "on this device and was not sent; reload the page to see both.");
      });
  }

  function setAside(draft, version, isMineInForm) {
    var differ = differences(draft.fields, version.fields);
    if (!differ.any) {
      // The other device saved what this one holds: nothing to choose.
      draft.isSent = true;
      draft.revision = version.revision;
      writeDraft(draft);
      revisionInput.value = version.revision;
      conflict = false;
      say("This note is up to date with the version saved on another device.");
      return;
    }
    conflict = true;
    kept = draft;
    saved = version;
    formHoldsMine = isMineInForm;
    showConflict(differ);
    say("This note was changed on another device. Your version from this " +
      "device was not sent: choose which version to keep. The note cannot " +
      "be changed until you have chosen.");
  }

  function lock(isLocked) {
    // Every part of the form but its status line, which must still be read
    // out while the choice is open.
    Array.prototype.forEach.call(form.children, function (part) {
      if (!part.contains(status)) {
        part.inert = isLocked;
      }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function labelOf(name) {
    var field = form.querySelector("[name='" + name + "']");
    var label = field && form.querySelector("label[for='" + field.id + "']");
    return label ? label.textContent.trim() : name;
  }

  function version(title, text) {
    var column = element("div", "col-md-6");
    column.appendChild(element("p", "note-conflict-label", title));
    var quote = tidy(text) ?
      element("p", "note-conflict-text", tidy(text)) :
      element("p", "note-conflict-text note-conflict-empty", "Left empty");
    column.appendChild(quote);
    return column;
  }

  function comparison(name) {
    var block = element("div", "note-conflict-field");
    var row = element("div", "row");
    block.appendChild(element("h4", "h5", labelOf(name)));
    row.appendChild(version("On this device", valueOf(kept.fields, name)));
    row.appendChild(version("Saved version", valueOf(saved.fields, name)));
    block.appendChild(row);
    return block;
  }

  function showConflict(differ) {
    var list = panel.querySelector("[data-conflict-fields]");
    list.textContent = "";
    differ.texts.forEach(function (name) {
      list.appendChild(comparison(name));
    });
    panel.querySelector("[data-conflict-rows]").hidden = !differ.rows;
    panel.querySelector("[data-conflict-choices]").hidden = !differ.choices;
    panel.hidden = false;
    // Typed now, a change would be lost with either choice: the form waits.
    lock(true);
    panel.querySelector("[tabindex='-1']").focus();
  }

  function clearForm() {
    form.querySelectorAll("textarea, select, input[type=text], input[type=date]")
      .forEach(function (field) {
        field.value = "";
      });
  }

  function hideConflict() {
    var first = differences(kept.fields, saved.fields).texts[0] || "purpose";
    panel.hidden = true;
    lock(false);
    conflict = false;
    kept = null;
    form.querySelector("[name='" + first + "']").focus();
  }

  function useMine() {
    if (!formHoldsMine) {
      clearForm();
      restore(kept.fields);
    }
    // The server's revision makes the next save deliberately replace the
    // version saved on the other device.
    revisionInput.value = saved.revision;
    hideConflict();
    storeLocally();
    replacing = true;
    say("Sending your version from this device in place of the other device's…");
    send();
  }

  function keepSaved() {
    if (formHoldsMine) {
      clearForm();
      restore(saved.fields);
    }
    revisionInput.value = saved.revision;
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing was stored, so nothing is left to discard.
    }
    hideConflict();
    say("The saved version is kept; this device's draft was discarded.");
  }

  if (panel) {
    panel.querySelector("[data-conflict-use=mine]")
      .addEventListener("click", useMine);
    panel.querySelector("[data-conflict-use=saved]")
      .addEventListener("click", keepSaved);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var row = addRow(button.dataset.addRow);
      row.querySelector("input, select").focus();
    });
  });
  form.addEventListener("submit", submitted);
  window.addEventListener("online", send);
  window.addEventListener("offline", function () {
    say("Offline: saved on this device, will send when the connection returns");
  });
  resumeDraft();
})();
