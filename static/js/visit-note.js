// Keeps the visit note safe while it is typed: every change is stored on
// this device at once and sent to the server after a pause. A draft that
// could not be sent (no connection) goes when the connection returns.
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
  var conflict = false;

  function say(text) {
    status.textContent = text;
  }

  function timeOf(date) {
    return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
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
          say("This note was changed on another device. Your version is kept " +
            "on this device and was not sent; reload the page to see both.");
        } else {
          say("The draft could not be saved: check the form, then press Save draft.");
        }
      })
      .catch(function () {
        say("Offline: saved on this device, will send when the connection returns");
      })
      .then(function () {
        sending = false;
        if (again) {
          again = false;
          send();
        }
      });
  }

  function confirmed(draft, answer) {
    revisionInput.value = answer.revision;
    var latest = readDraft();
    if (latest && latest.changedAt === draft.changedAt) {
      latest.isSent = true;
      latest.revision = answer.revision;
      writeDraft(latest);
    } else if (latest) {
      // Typed while the draft was on its way: send that on the new revision.
      latest.revision = answer.revision;
      writeDraft(latest);
      again = true;
    }
    say("Saved at " + timeOf(new Date(answer.saved_at)));
  }

  function changed() {
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
      conflict = true;
      say("This note was changed on another device since this device's draft. " +
        "The saved note is shown; this device's draft is kept and was not sent.");
    }
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
  form.addEventListener("submit", function () {
    clearTimeout(timer);
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", function () {
    say("Offline: saved on this device, will send when the connection returns");
  });
  resumeDraft();
})();
