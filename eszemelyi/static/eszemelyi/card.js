// Card operations: the page hands the portal's request to the card bridge on this
// computer (http://127.0.0.1:<port>, see docs/card-bridge.md) and the card's signed
// answer back to the portal, which checks it. Codes are typed only in the bridge.
(function () {
  "use strict";

  var configNode = document.getElementById("card-operation-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  if (!config) return;

  var box = document.getElementById("card-operation");
  var statusLine = document.getElementById("card-status");
  var startButton = document.getElementById("card-start");
  var resultBox = document.getElementById("card-result");
  var texts = config.texts;
  var working = false;
  var finished = false;
  // Once a secure channel is being relayed, a failure cannot be retried on this request:
  // the portal's issuer side has moved on, so the citizen starts again.
  var relaying = false;
  var lastEvents = null;

  box.hidden = false;

  function say(text) {
    statusLine.textContent = text;
  }

  function showResult(text, kind) {
    resultBox.textContent = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-" + kind;
    alert.setAttribute("role", kind === "danger" ? "alert" : "status");
    var paragraph = document.createElement("p");
    paragraph.className = "mb-0";
    paragraph.textContent = text;
    alert.appendChild(paragraph);
    resultBox.appendChild(alert);
    return alert;
  }

  function bridge(path, body) {
    var options = { method: body === undefined ? "GET" : "POST", cache: "no-store" };
    if (body !== undefined) {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body);
    }
    return fetch(config.bridgeUrl + path, options).then(function (response) {
      return response.json();
    });
  }

  function portal(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json();
    });
  }

  function bridgeMessage(answer) {
    var error = (answer && answer.error) || {};
    var message = error.message || {};
    return message[config.lang] || message.en || texts.failed;
  }

  function describeStatus(status) {
    if (!status.service) return texts.noService;
    if (!status.readers || status.readers.length === 0) return texts.noReader;
    if (!status.card || !status.card.present) return texts.noCard;
    if (!status.card.known) return texts.unknownCard;
    return texts.ready;
  }

  function poll() {
    if (finished) return;
    if (!working) {
      bridge("/v1/status")
        .then(function (status) {
          if (working || finished) return;
          var ready = status.service && status.card && status.card.present && status.card.known;
          startButton.disabled = !ready;
          var text = describeStatus(status);
          if (statusLine.textContent !== text || status.cardEvents !== lastEvents) say(text);
          lastEvents = status.cardEvents;
        })
        .catch(function () {
          if (working || finished) return;
          startButton.disabled = true;
          if (statusLine.textContent !== texts.noBridge) say(texts.noBridge);
        });
    }
    window.setTimeout(poll, 1000);
  }

  function fail(text, final) {
    working = false;
    showResult(text + (final ? "" : " " + texts.retry), "danger");
    if (final) {
      finished = true;
      startButton.hidden = true;
    } else {
      startButton.disabled = false;
    }
  }

  function bridgeFailed(answer) {
    var code = (answer && answer.error && answer.error.code) || "unknown";
    if (config.errorUrl) portal(config.errorUrl, { code: code }).catch(function () {});
    fail(bridgeMessage(answer), relaying);
  }

  function showNumbers(state) {
    var numbers = (state && state.emergencyNumbers) || [];
    var alert = showResult(texts.numbers, "success");
    var list = document.createElement("ol");
    list.className = "mb-0 mt-2";
    list.id = "card-numbers";
    for (var i = 0; i < 2; i++) {
      var item = document.createElement("li");
      item.textContent = numbers[i] || texts.empty;
      list.appendChild(item);
    }
    alert.appendChild(list);
  }

  function deliver(token) {
    say(texts.verifying);
    if (config.formId) {
      // A login: the token goes back in an ordinary form post, so that the identity
      // provider can answer with its own page.
      var form = document.getElementById(config.formId);
      form.elements.token.value = JSON.stringify(token);
      finished = true;
      form.submit();
      return Promise.resolve();
    }
    return portal(config.resultUrl, { token: token }).then(function (answer) {
      working = false;
      finished = true;
      startButton.hidden = true;
      if (!answer.ok) {
        showResult(answer.message || texts.failed, "danger");
        say(texts.failed);
        return;
      }
      say(texts.done);
      if (answer.next) {
        window.location.assign(answer.next);
      } else if (token.state && token.state.emergencyNumbers) {
        showNumbers(token.state);
      } else {
        showResult(texts.done, "success");
      }
    });
  }

  function relay(responses) {
    // The issuer side (portal) writes the secured APDUs; the bridge only relays them.
    return portal(config.gpStepUrl, { responses: responses }).then(function (batch) {
      if (!batch.ok) {
        bridge("/v1/operations/" + config.request.opId + "/cancel", {}).catch(function () {});
        fail(batch.message || texts.failed, true);
        return null;
      }
      return bridge("/v1/operations/" + config.request.opId + "/gp-step", {
        apdus: batch.apdus,
        final: batch.final,
      }).then(handle);
    });
  }

  function handle(answer) {
    if (answer.status === "done") return deliver(answer);
    if (answer.status === "gp_ready") {
      relaying = true;
      return relay(null);
    }
    if (answer.status === "gp_step") return relay(answer.responses);
    return bridgeFailed(answer);
  }

  startButton.addEventListener("click", function () {
    if (working || finished) return;
    working = true;
    startButton.disabled = true;
    resultBox.textContent = "";
    say(texts.working);
    var request = config.challengeUrl
      ? portal(config.challengeUrl, {}).then(function (answer) {
          if (!answer.ok) throw new Error("no challenge");
          config.request = answer.request;
          return answer.request;
        })
      : Promise.resolve(config.request);
    request
      .then(function (body) {
        return bridge("/v1/operations", body);
      })
      .then(handle)
      .catch(function () {
        fail(texts.noBridge, false);
      });
  });

  // Cancelling on the page while the bridge works (its PIN prompt open, or between
  // relayed steps) cancels there too: the prompt closes and the card is released before
  // the portal records the cancellation.
  var cancelForm = document.getElementById("card-cancel");
  var cancelling = false;
  if (cancelForm) {
    cancelForm.addEventListener("submit", function (event) {
      if (!working || cancelling) return;
      event.preventDefault();
      cancelling = true;
      var submit = function () {
        cancelForm.submit();
      };
      bridge("/v1/operations/" + config.request.opId + "/cancel", {}).then(submit, submit);
    });
  }

  say(texts.checking);
  poll();
})();
