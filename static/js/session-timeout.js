/* Warns before the login ends and lets the user extend it (WCAG 2.2.1 Timing Adjustable).
 *
 * The server logs out data-session-idle seconds after it last noted activity, and
 * data-session-remaining seconds from this page load at the latest (both on
 * <body>). It notes activity at most once a minute, so each page says how old its
 * note is (data-session-activity-age on <body>, the X-Session-Activity-Age header
 * on htmx responses) and the countdown starts from the server's note. data-session-warning seconds before that, a modal dialog shows the
 * time left with "Stay logged in" (POST to the keepalive URL) and "Log out".
 * When the time is up the page goes to the home page, where the server says
 * why the user was logged out.
 *
 * Requests in other tabs of the portal count as activity too: every tab notes
 * the time of its last request in localStorage and counts from the latest.
 */
(function () {
  "use strict";

  var body = document.body;
  var dialog = document.getElementById("session-timeout");
  if (!dialog || !body.dataset.sessionIdle || typeof dialog.showModal !== "function") {
    return;
  }

  var STORAGE_KEY = "ugysegeg:last-activity";
  // The countdown text changes at most this often: a live region that speaks
  // every second would drown out everything else for screen reader users.
  var TEXT_STEP_SECONDS = 15;

  var idleMs = Number(body.dataset.sessionIdle) * 1000;
  var warningMs = Number(body.dataset.sessionWarning) * 1000;
  var hardDeadline = Date.now() + Number(body.dataset.sessionRemaining) * 1000;
  var language = document.documentElement.lang || "hu";

  var countdown = dialog.querySelector("[data-session-countdown]");
  var idleText = dialog.querySelector("[data-session-idle-text]");
  var finalText = dialog.querySelector("[data-session-final-text]");
  var stayButton = dialog.querySelector("[data-session-stay]");
  var logoutButton = dialog.querySelector("[data-session-logout]");

  var lastActivity = 0;
  var shownStep = null;
  var dismissed = false;
  var pending = false;
  var returnFocus = null;
  var timer = null;

  function sharedActivity() {
    try {
      return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
    } catch (error) {
      return 0; // storage switched off: count this tab only
    }
  }

  function latestActivity() {
    return Math.max(lastActivity, sharedActivity());
  }

  function isFinal() {
    return hardDeadline <= latestActivity() + idleMs;
  }

  function deadline() {
    return Math.min(latestActivity() + idleMs, hardDeadline);
  }

  // at: when the server noted the activity (milliseconds since the epoch).
  function noteActivity(at) {
    lastActivity = Math.max(lastActivity, at);
    try {
      if (lastActivity > sharedActivity()) {
        window.localStorage.setItem(STORAGE_KEY, String(lastActivity));
      }
    } catch (error) {
      // storage switched off: count this tab only
    }
    dismissed = false;
    closeDialog();
  }

  function unit(value, name) {
    try {
      return new Intl.NumberFormat(language, {
        style: "unit",
        unit: name,
        unitDisplay: "long",
      }).format(value);
    } catch (error) {
      return value + (name === "minute" ? " min" : " s");
    }
  }

  function duration(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) {
      parts.push(unit(minutes, "minute"));
    }
    if (rest || !minutes) {
      parts.push(unit(rest, "second"));
    }
    return parts.join(" ");
  }

  function showTimeLeft(milliseconds) {
    var step = Math.ceil(milliseconds / 1000 / TEXT_STEP_SECONDS) * TEXT_STEP_SECONDS;
    if (step === shownStep) {
      return;
    }
    shownStep = step;
    countdown.textContent = dialog.dataset.timeLeft.replace("{time}", duration(step));
  }

  function openDialog(left) {
    var final = isFinal();
    stayButton.hidden = final;
    idleText.hidden = final;
    finalText.hidden = !final;
    shownStep = null;
    showTimeLeft(left);
    returnFocus = document.activeElement;
    dialog.showModal();
    (final ? logoutButton : stayButton).focus();
  }

  function closeDialog() {
    if (dialog.open) {
      dialog.close();
    }
  }

  function goHome() {
    window.clearInterval(timer);
    window.location.assign(dialog.dataset.homeUrl);
  }

  function tick() {
    var left = deadline() - Date.now();
    if (left <= 0) {
      goHome();
    } else if (left > warningMs) {
      // Activity here or in another tab moved the deadline.
      dismissed = false;
      closeDialog();
    } else if (dialog.open) {
      showTimeLeft(left);
    } else if (!dismissed) {
      openDialog(left);
    }
  }

  function csrfToken() {
    try {
      var headers = JSON.parse(body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) {
        return headers["X-CSRFToken"];
      }
    } catch (error) {
      // fall back to the meta tag
    }
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  stayButton.addEventListener("click", function () {
    if (pending) {
      return;
    }
    pending = true;
    window
      .fetch(dialog.dataset.keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        // A logged-out session answers with a redirect to the home page; following
        // it here would use up the message that says why.
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken() },
      })
      .then(function (response) {
        if (response.status === 204) {
          noteActivity(Date.now()); // "Stay logged in" always moves the server's note
        } else {
          goHome();
        }
      })
      .catch(function () {
        // Network trouble: leave the dialog open so that the user can try again.
      })
      .then(function () {
        pending = false;
      });
  });

  logoutButton.addEventListener("click", function () {
    var forms = document.querySelectorAll("form[action]");
    for (var i = 0; i < forms.length; i += 1) {
      if (forms[i].getAttribute("action") === dialog.dataset.logoutUrl) {
        if (typeof forms[i].requestSubmit === "function") {
          forms[i].requestSubmit();
        } else {
          forms[i].submit();
        }
        return;
      }
    }
    goHome();
  });

  // Escape only dismisses the warning; the clock keeps running, and the login ends
  // when it runs out unless the user does something that reaches the server.
  dialog.addEventListener("cancel", function () {
    dismissed = true;
  });

  dialog.addEventListener("close", function () {
    if (returnFocus && typeof returnFocus.focus === "function" && document.contains(returnFocus)) {
      returnFocus.focus();
    }
    returnFocus = null;
  });

  // A request made while the warning is open, or by the key that closed it, is no
  // act of the user's: opening the warning moves the focus out of a field, whose
  // "change" would start a step's live check, and Escape's key-up lands in the
  // field that gets the focus back. Sent, the check would count as activity on the
  // server and close the warning, extending the login silently; only "Stay logged
  // in" extends it.
  body.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (dialog.open || (trigger && trigger.key === "Escape")) {
      event.preventDefault();
    }
  });

  // Every htmx request reached the server, which counted it as activity and says
  // when it last noted some.
  body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var age = xhr && xhr.getResponseHeader("X-Session-Activity-Age");
    if (age !== null && age !== undefined && age !== "") {
      noteActivity(Date.now() - Number(age) * 1000);
    }
  });

  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) {
      tick();
    }
  });

  noteActivity(Date.now() - Number(body.dataset.sessionActivityAge || 0) * 1000);
  // Checked every second against the clock rather than trusting one long
  // timeout: background tabs and sleeping laptops delay timers.
  timer = window.setInterval(tick, 1000);
})();
