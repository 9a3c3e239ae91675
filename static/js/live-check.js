/* The live check of a step (htmx, cases/flow/_live.html) as screen readers hear it.
 *
 * Every error container of the step is a live region that stays in the page; the
 * check's answer replaces only its content. A region whose text did not change is
 * left alone, so nothing is announced again on every key press. After a region
 * changed, the inputs it describes (aria-describedby) are marked aria-invalid
 * while it holds an error, and unmarked when it is empty: only the input that is
 * wrong, where a group of inputs has one region per input.
 */
(function () {
  "use strict";

  function text(node) {
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  function markInputs(region) {
    if (!region.id || region.id.slice(-6) !== "_error") {
      return;
    }
    var wrong = text(region) !== "";
    var controls = document.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i += 1) {
      var described = (controls[i].getAttribute("aria-describedby") || "").split(/\s+/);
      if (described.indexOf(region.id) !== -1) {
        if (wrong) {
          controls[i].setAttribute("aria-invalid", "true");
        } else {
          controls[i].removeAttribute("aria-invalid");
        }
      }
    }
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var detail = event.detail;
    if (detail.fragment && text(detail.fragment) === text(detail.target)) {
      detail.shouldSwap = false;
    }
  });

  document.addEventListener("htmx:oobAfterSwap", function (event) {
    markInputs(event.detail.target);
  });
})();
