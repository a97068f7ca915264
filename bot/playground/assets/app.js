// The playground's little script: forms are posted with fetch and the
// page answer swapped in; a poll of /version brings in what the bot does
// on its own; @ in the composer completes the seeded people's names.
"use strict";

function swap(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const next = doc.getElementById("app");
  const cur = document.getElementById("app");
  const oldModal = document.getElementById("modal");
  const newModal = doc.getElementById("modal");
  // Keep what someone is typing in an open modal unless the modal changed.
  const keep = oldModal && newModal && oldModal.dataset.hash === newModal.dataset.hash;
  const composer = document.getElementById("composer");
  const typed = composer ? composer.value : "";
  const focused = document.activeElement && document.activeElement.id === "composer";
  if (keep) newModal.replaceWith(oldModal);
  cur.replaceWith(next);
  const c = document.getElementById("composer");
  if (c && typed && next.dataset.view === cur.dataset.view && next.dataset.as === cur.dataset.as) c.value = typed;
  if (c && focused) c.focus();
  document.title = doc.title;
  version = next.dataset.version;
  const m = document.getElementById("messages");
  if (m) m.scrollTop = m.scrollHeight;
  document.body.dataset.ready = "1";
}

let busy = 0;
async function send(action, data) {
  busy++;
  document.body.dataset.busy = "1";
  try {
    const r = await fetch(action, { method: "POST", body: new URLSearchParams(data) });
    history.replaceState(null, "", r.url);
    swap(await r.text());
  } finally {
    if (--busy === 0) delete document.body.dataset.busy;
  }
}

function baseData() {
  const app = document.getElementById("app");
  const d = new FormData();
  d.set("as", app.dataset.as);
  d.set("view", app.dataset.view);
  return d;
}

// act reports a use of an element in a surface: message, ephemeral, Home or modal.
function act(el, value) {
  const msg = el.closest("[data-action]");
  const surface = el.closest(".surface");
  if (!msg || !surface) return;
  if (msg.dataset.confirm && !confirm(msg.dataset.confirm)) return;
  const d = baseData();
  if (surface.dataset.viewId) {
    d.set("view_id", surface.dataset.viewId);
    if (surface.tagName === "FORM") for (const [k, v] of new FormData(surface)) if (k.startsWith("in:")) d.append(k, v);
  } else {
    d.set("channel", surface.dataset.channel);
    d.set("ts", surface.dataset.ts);
    if (surface.dataset.ephemeral) d.set("ephemeral", "1");
  }
  d.set("block", msg.dataset.block);
  d.set("action", msg.dataset.action);
  d.set("value", value || "");
  send("/act", d);
}

document.addEventListener("click", (e) => {
  const b = e.target.closest("button[data-action], a[data-action]");
  if (b) {
    if (b.tagName === "BUTTON") e.preventDefault();
    act(b, "");
    return;
  }
  const li = e.target.closest("#complete li");
  if (li) { complete(li.textContent); return; }
  if (e.target.id === "modal-close") {
    e.preventDefault();
    send("/close", baseData());
  }
});

document.addEventListener("change", (e) => {
  const t = e.target;
  if (!t.classList.contains("act")) return;
  let value = t.value;
  if (t.type === "checkbox") {
    value = [...t.closest("[data-action]").querySelectorAll("input:checked")].map((x) => x.value).join(",");
  }
  act(t, value);
});

document.addEventListener("submit", (e) => {
  const f = e.target;
  if (f.method === "get") return;
  e.preventDefault();
  if (f.id === "modal" && !checkModal(f)) return;
  const d = new FormData(f);
  if (e.submitter && e.submitter.name) d.set(e.submitter.name, e.submitter.value);
  send(f.getAttribute("action"), d);
});

// checkModal makes Slack's client-side checks: required inputs, lengths,
// numbers; a required group of checkboxes needs one ticked.
function checkModal(f) {
  let ok = true;
  for (const g of f.querySelectorAll(".choices[data-required]")) {
    const any = g.querySelector("input:checked");
    g.classList.toggle("touched", !any);
    if (!any) ok = false;
  }
  for (const el of f.querySelectorAll("input, textarea, select")) {
    el.classList.add("touched");
    if (!el.checkValidity()) ok = false;
  }
  if (!ok) f.reportValidity();
  return ok;
}

// @-completion in the composer.
function words() {
  const c = document.getElementById("composer");
  const m = c && c.value.slice(0, c.selectionStart).match(/@(\w*)$/);
  return m ? m[1].toLowerCase() : null;
}
function complete(handle) {
  const c = document.getElementById("composer");
  const upto = c.value.slice(0, c.selectionStart).replace(/@\w*$/, "@" + handle + " ");
  c.value = upto + c.value.slice(c.selectionStart);
  document.getElementById("complete").hidden = true;
  c.focus();
}
document.addEventListener("input", (e) => {
  if (e.target.id !== "composer") return;
  const list = document.getElementById("complete");
  const w = words();
  const handles = e.target.dataset.handles.split(",").filter((h) => w !== null && h.startsWith(w));
  list.innerHTML = handles.map((h) => "<li>" + h + "</li>").join("");
  list.hidden = handles.length === 0;
});
document.addEventListener("keydown", (e) => {
  if (e.target.id !== "composer" || e.key !== "Tab") return;
  const first = document.querySelector("#complete:not([hidden]) li");
  if (first) { e.preventDefault(); complete(first.textContent); }
});

// Poll for what the bot does by itself (after an ack, on a schedule).
let version = "";
async function poll() {
  try {
    const v = await (await fetch("/version")).text();
    if (v !== version && busy === 0) {
      const r = await fetch(location.pathname + location.search);
      if (busy === 0) swap(await r.text());
    }
  } catch (e) { /* the server stopped */ }
  setTimeout(poll, 400);
}
window.addEventListener("DOMContentLoaded", () => {
  version = document.getElementById("app").dataset.version;
  document.body.dataset.ready = "1";
  const m = document.getElementById("messages");
  if (m) m.scrollTop = m.scrollHeight;
  poll();
});
