// The idle warning of lms.security: the server ends a session after its idle time without a
// request. Using the page (keys, pointer, scrolling) tells the server at most once a minute;
// some minutes before the end a dialog offers to stay signed in; at the end the page goes to
// the sign-in form, which says why.
const dialog = document.getElementById("session-timeout");
if (dialog) {
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warnMs = Number(dialog.dataset.warningSeconds) * 1000;
  const form = dialog.querySelector("form");
  const left = dialog.querySelector(".session-timeout__left");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  let lastSeen = Date.now(); // the server counted the page's own request
  let lastUse = lastSeen;
  let pinging = false;

  const signIn = () => {
    const next = window.location.pathname + window.location.search;
    window.location.assign(`${dialog.dataset.login}?next=${encodeURIComponent(next)}`);
  };

  const ping = async () => {
    if (pinging) return;
    pinging = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
      if (response.status === 401) return signIn();
      if (response.ok) {
        const body = await response.json();
        lastSeen = Date.now() - (idleMs - body.seconds_left * 1000);
      }
    } catch {
      // Offline for a moment: the next use tries again.
    } finally {
      pinging = false;
    }
  };

  const used = () => {
    lastUse = Date.now();
    if (!dialog.open && lastUse - lastSeen > 60_000) ping();
  };
  for (const type of ["keydown", "pointerdown", "scroll", "input"]) {
    window.addEventListener(type, used, { passive: true, capture: true });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await ping();
    dialog.close();
  });

  const tick = () => {
    const remaining = idleMs - (Date.now() - lastSeen);
    if (remaining <= 0) return signIn();
    if (remaining <= warnMs) {
      const seconds = Math.ceil(remaining / 1000);
      left.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
      if (!dialog.open) dialog.showModal();
    }
  };
  setInterval(tick, 1000);
}
