// Progressive enhancement only: every page works without this script.
"use strict";

// Uploads with a progress bar: forms with data-upload post their files to that API URL.
document.querySelectorAll("form[data-upload]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const bar = form.querySelector(".upload-progress");
    const result = form.querySelector(".upload-result");
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.upload);
    request.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
    bar.hidden = false;
    bar.value = 0;
    result.textContent = "Uploading…";
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 90);
    });
    request.upload.addEventListener("load", () => { result.textContent = "Loading and checking the edition…"; });
    request.addEventListener("load", () => {
      bar.value = 100;
      let body = {};
      try { body = JSON.parse(request.responseText); } catch (error) { body = { message: request.responseText }; }
      if (request.status >= 200 && request.status < 300) {
        result.textContent = body.edition
          ? `Edition ${body.edition}: ${body.added} added, ${body.changed} changed, ${body.removed} removed, ${body.unchanged} unchanged.`
          : `No changes: ${body.unchanged} entries already current.`;
        result.dataset.state = "done";
      } else {
        result.textContent = `Refused: ${body.message || request.statusText}`;
        result.dataset.state = "error";
      }
    });
    request.addEventListener("error", () => { result.textContent = "The upload failed: the node could not be reached."; });
    request.send(new FormData(form));
  });
});

// Destructive buttons ask first.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
