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
    request.upload.addEventListener("load", () => {
      result.textContent = form.dataset.kind === "manifest" ? "Reading and screening the travellers…" : "Loading and checking the edition…";
    });
    request.addEventListener("load", () => {
      bar.value = 100;
      let body = {};
      try { body = JSON.parse(request.responseText); } catch (error) { body = { message: request.responseText }; }
      if (request.status >= 200 && request.status < 300) {
        if (form.dataset.kind === "manifest") {
          showReceipt(result, body);
        } else {
          result.textContent = body.edition
            ? `Edition ${body.edition}: ${body.added} added, ${body.changed} changed, ${body.removed} removed, ${body.unchanged} unchanged.`
            : `No changes: ${body.unchanged} entries already current.`;
        }
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

// What became of a passenger message: the flight's dispositions, and a link to it.
function showReceipt(result, body) {
  result.textContent = "";
  const counts = body.dispositions || {};
  const flight = body.flight ? `${body.flight.carrier || ""}${body.flight.number || body.flight.flight_number || ""}` : "the flight";
  const text = body.already_received
    ? "Already received: this message was stored before; nothing was changed. "
    : `Screened ${(body.travellers || []).length} travellers of ${flight}: ${counts.refer || 0} refer, ${counts.review || 0} review, ${counts["no-action"] || 0} no action. `;
  result.append(text);
  if (body.manifest_id) {
    const link = document.createElement("a");
    link.href = `/ui/flights/${body.manifest_id}`;
    link.textContent = "Open the flight";
    result.append(link);
  } else if (body.pnrs) {
    result.append(`PNRs: ${Object.entries(body.pnrs).map(([k, v]) => `${v} ${k}`).join(", ")}.`);
  }
}

// Destructive buttons ask first.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
