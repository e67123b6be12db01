// Page behaviour wired by data- attributes, so that no template needs inline script and the
// Content-Security-Policy can forbid it (script-src 'self'). Delegated from the document, so it
// also works for parts swapped in by htmx.
//   <select data-autosubmit>                     submits its form when changed
//   <button type="button" data-print>            prints the page
//   <form data-confirm="确定……吗？">             asks before submitting
//   <form data-require-checked="opinions" data-empty-message="请先勾选……" data-confirm="……{n}……">
//                                                needs at least one checked box of that name;
//                                                {n} in the question is how many are checked
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    var required = form.getAttribute("data-require-checked");
    var checked = 0;
    if (required) {
      checked = document.querySelectorAll('input[name="' + required + '"]:checked').length;
      if (!checked) {
        event.preventDefault();
        window.alert(form.getAttribute("data-empty-message") || "请先勾选");
        return;
      }
    }
    if (question && !window.confirm(question.replace("{n}", String(checked)))) {
      event.preventDefault();
    }
  });
})();
