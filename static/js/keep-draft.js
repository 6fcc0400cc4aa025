// Keeps what is typed into a long form on this device until the server has
// it, for forms that are saved with a button rather than as one types (the
// focus-day report). Every change is stored at once in the browser. Pressed
// while offline, Save keeps the draft here and saves it when the connection
// returns. A page closed, or a save lost on a dropped connection, comes back
// with the typed draft restored. If the record was saved elsewhere after the
// draft was taken, the person chooses between the two, and the form cannot
// be changed until they have; nothing is discarded without their say.
//
// Each save sends a random token in the hidden input "draft_token", kept
// with the draft. The server keeps the token of the last save that arrived
// and the form shows it as data-saved-token, so a draft whose save arrived
// is forgotten even though the page shows the record's values tidied up and
// a newer version.
//
// The form carries data-keep-draft (the storage key), an input named
// "version" (the record's version, from pvat.concurrency), and
// data-has-errors="true" when the page shows posted values the server did
// not save. Formset rows live in [data-formset-rows=prefix] as
// [data-formset-row] elements, so a draft with more rows than the page can
// add them back.
(function () {
  "use strict";

  var form = document.querySelector("form[data-keep-draft]");
  if (!form) {
    return;
  }
  var key = form.dataset.keepDraft;
  var status = document.getElementById("draft-status");
  var choice = document.getElementById("draft-choice");
  var versionInput = form.querySelector("input[name=version]");
  var tokenInput = form.querySelector("input[name=draft_token]");
  var OFFLINE = "Offline: what you type is kept on this device. It is saved " +
    "to the trust when the connection returns.";
  var waitingToSave = null;
  var choosing = false;

  function say(text) {
    status.textContent = text;
  }

  function timeOf(milliseconds) {
    return new Date(milliseconds).toLocaleTimeString("en-GB",
      { hour: "2-digit", minute: "2-digit" });
  }

  function isKept(name) {
    return ["csrfmiddlewaretoken", "version", "draft_token"].indexOf(name) < 0 &&
      !/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name);
  }

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (isKept(name)) {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function read() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(draft) {
    try {
      localStorage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      // A full or disabled store leaves the page as the only copy.
    }
  }

  function forget() {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing could be stored, so nothing is left to remove.
    }
  }

  function store(extra) {
    var draft = {
      fields: fields(),
      version: versionInput.value,
      changedAt: Date.now(),
    };
    Object.keys(extra || {}).forEach(function (name) {
      draft[name] = extra[name];
    });
    write(draft);
    return draft;
  }

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) {
      return (byte + 256).toString(16).slice(1);
    }).join("");
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

  function same(first, second) {
    return JSON.stringify(first) === JSON.stringify(second);
  }

  function rowsOf(prefix) {
    var holder = form.querySelector("[data-formset-rows='" + prefix + "']");
    return holder ? holder.querySelectorAll("[data-formset-row]") : [];
  }

  function addRow(prefix) {
    var rows = rowsOf(prefix);
    var last = rows[rows.length - 1];
    var index = rows.length;
    var pattern = new RegExp("^(id_)?" + prefix + "-\\d+-");
    var row = last.cloneNode(true);
    row.querySelectorAll("[name], [id], label[for]").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute,
            value.replace(pattern, "$1" + prefix + "-" + index + "-"));
        }
      });
    });
    row.id = row.id.replace(/\d+$/, String(index + 1));
    row.querySelectorAll("[data-formset-number]").forEach(function (number) {
      number.textContent = String(index + 1);
    });
    last.parentNode.appendChild(row);
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    total.value = String(index + 1);
  }

  function restore(pairs) {
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = false;
    });
    form.querySelectorAll("textarea, select, input[type=text], input[type=date]")
      .forEach(function (field) {
        field.value = "";
      });
    pairs.forEach(function (pair) {
      var row = /^([a-z_]+)-(\d+)-/.exec(pair[0]);
      while (row && rowsOf(row[1]).length > 0 &&
        rowsOf(row[1]).length <= Number(row[2])) {
        addRow(row[1]);
      }
      form.querySelectorAll("[name='" + pair[0] + "']").forEach(function (field) {
        if (field.type === "checkbox") {
          field.checked = field.checked || field.value === pair[1];
        } else {
          field.value = pair[1];
        }
      });
    });
  }

  function changed() {
    if (choosing) {
      // The form shows the saved version: storing it now would replace the
      // only copy of this device's draft before the person has chosen.
      return;
    }
    store();
    if (!navigator.onLine) {
      say(OFFLINE);
    } else if (status.textContent === OFFLINE) {
      say("");
    }
  }

  function submitted(event) {
    var button = event.submitter;
    if (choosing) {
      event.preventDefault();
      say("First choose which version to keep.");
      return;
    }
    if (!navigator.onLine) {
      event.preventDefault();
      waitingToSave = button && button.name === "save" ? button : null;
      store();
      say(waitingToSave ? OFFLINE :
        "Offline: the report is kept on this device. Issue it when the " +
        "connection returns.");
      return;
    }
    // Kept until a page shows this save's token: then the save arrived.
    tokenInput.value = newToken();
    store({ token: tokenInput.value });
  }

  function online() {
    if (waitingToSave) {
      var button = waitingToSave;
      waitingToSave = null;
      say("The connection is back: saving the draft…");
      form.requestSubmit(button);
    } else if (status.textContent === OFFLINE) {
      say("");
    }
  }

  function chosen() {
    choosing = false;
    choice.hidden = true;
    lock(false);
  }

  function offerChoice(draft) {
    choosing = true;
    choice.querySelector("[data-draft-time]").textContent = timeOf(draft.changedAt);
    choice.hidden = false;
    // Typing into the saved report now would be stored nowhere and lost
    // with either choice, so the form waits for one.
    lock(true);
    say("Choose which version to keep, above the form. The form cannot be " +
      "changed until you have chosen.");
    choice.querySelector("[tabindex='-1']").focus();
    choice.querySelector("[data-draft-use=device]").addEventListener("click",
      function () {
        chosen();
        restore(draft.fields);
        // The page's version: saving now deliberately replaces the other one.
        store();
        say("This device's draft is in the form. It is not saved yet: press " +
          "Save the draft to keep it in place of the saved report.");
        status.focus();
      });
    choice.querySelector("[data-draft-use=saved]").addEventListener("click",
      function () {
        chosen();
        forget();
        say("The saved report is kept; this device's draft was discarded.");
        status.focus();
      });
  }

  function resume() {
    var draft = read();
    if (!draft) {
      return;
    }
    var hasArrived = Boolean(draft.token) &&
      draft.token === form.dataset.savedToken;
    if (form.dataset.hasErrors === "true") {
      // The page shows what was posted and not saved: that is the draft now.
      store();
    } else if (hasArrived || same(draft.fields, fields())) {
      forget();
    } else if (draft.version !== versionInput.value) {
      // Saved since, by someone else or by a save of the focus day itself:
      // only the person can tell which version is the one to keep.
      offerChoice(draft);
    } else {
      restore(draft.fields);
      say("What you typed on this device at " + timeOf(draft.changedAt) +
        " has been put back. It is not saved yet: press Save the draft.");
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", submitted);
  window.addEventListener("online", online);
  window.addEventListener("offline", function () {
    say(OFFLINE);
  });
  resume();
})();
