// The video library's listing: rows still queued or being processed ask the API for their
// status every two seconds and show it, until they are ready or failed.
(() => {
  const labels = { ready: null, failed: null };
  const poll = async (cell) => {
    try {
      const response = await fetch(cell.dataset.videoPoll, {
        credentials: "same-origin", headers: { Accept: "application/json" },
      });
      if (!response.ok) return false;
      const video = await response.json();
      cell.dataset.videoStatus = video.status;
      cell.querySelector("[data-video-status-label]").textContent = video.status_label;
      const bar = cell.querySelector("[data-video-progress]");
      const percent = cell.querySelector("[data-video-percent]");
      if (video.status in labels) {
        bar?.remove();
        percent?.remove();
        if (video.status === "failed" && video.error) {
          const reason = document.createElement("div");
          reason.className = "error-message";
          reason.textContent = video.error;
          cell.append(reason);
        }
        return false;
      }
      if (bar) bar.value = video.progress;
      if (percent) percent.textContent = `${video.progress}%`;
      return true;
    } catch {
      return true; // a network hiccup: try again next time
    }
  };
  const tick = async () => {
    const cells = [...document.querySelectorAll("[data-video-poll]")];
    for (const cell of cells) {
      if (!(await poll(cell))) delete cell.dataset.videoPoll;
    }
    if (document.querySelector("[data-video-poll]")) setTimeout(tick, 2000);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => setTimeout(tick, 2000));
  } else {
    setTimeout(tick, 2000);
  }
})();
