// The lecture page's behaviour, from a static file so the Content-Security-Policy needs no inline
// script. Loaded (not deferred) right after the outline drawer, so the drawer is set before the
// first paint.
(() => {
  // A sidebar on a wide screen, a drawer on a phone: open it before the first paint where there
  // is room, and follow the screen when it turns.
  const drawer = document.getElementById("course-outline");
  if (drawer) {
    const wide = window.matchMedia("(min-width: 56rem)");
    const fit = () => { drawer.open = wide.matches; };
    fit();
    wide.addEventListener("change", fit);
  }

  // The players on the page report each heartbeat: once every one of them says "watched
  // enough", the lecture is done (the server recorded it already) and the refusal to self-mark
  // gives way to "Done".
  const complete = new Set();
  document.addEventListener("lms-video-progress", (event) => {
    if (!event.detail || !event.detail.completed) return;
    const note = document.querySelector("[data-self-mark-refusal]");
    const done = document.querySelector("[data-done-template]");
    if (!note || !done) return;
    complete.add(event.target);
    if (complete.size >= document.querySelectorAll("lms-video-player").length) {
      note.replaceWith(done.content.cloneNode(true));
    }
  });
})();
