/* casework-kit workshop: the join page posts the pseudonym (and join code) as JSON, then opens the modules. */
(function () {
  "use strict";
  var form = document.getElementById("join");
  if (!form) { return; }
  var problem = document.getElementById("problem");
  function say(text) {
    problem.textContent = text;
    problem.hidden = false;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = {pseudonym: form.elements.pseudonym.value};
    if (form.elements.code) { body.code = form.elements.code.value; }
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (result.ok) {
        window.location.assign(form.dataset.next || window.location.href);
      } else {
        say(result.data.error);
      }
    }).catch(function () { say(form.dataset.offline); });
  });
})();
