// A <select data-auto-submit> submits its form as soon as it changes (the language switcher, the
// admin's training-year picker): in place of an onchange="…" attribute, which the
// Content-Security-Policy forbids. Without JavaScript, the form's <noscript> button does it.
if (!window.lmsAutoSubmit) {
  window.lmsAutoSubmit = true;
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.matches("[data-auto-submit]") && select.form) {
      select.form.submit();
    }
  });
}
