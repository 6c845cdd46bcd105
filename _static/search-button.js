// The search button in the header, and Ctrl+K, move the focus to the page's
// search field when there is one outside the search dialog (the theme's
// behaviour), and the sidebar has one. On a phone the sidebar is folded away,
// so the button moved the focus to a field nobody can see and seemed to do
// nothing. When that field is hidden, open the search dialog instead.
"use strict";
(() => {
  function themesField() {
    // The field pydata-sphinx-theme's button would focus.
    const forms = document.querySelectorAll("form.bd-search");
    const form = forms.length === 1 ? forms[0] : document.querySelector(":not(#pst-search-dialog) > form.bd-search");
    return form && form.querySelector("input");
  }

  function isShown(element) {
    // Folded away, the sidebar is display: none, or off screen and visibility: hidden.
    return element.getClientRects().length > 0 && getComputedStyle(element).visibility === "visible";
  }

  function openDialogIfFieldHidden(event) {
    const dialog = document.getElementById("pst-search-dialog");
    const field = themesField();
    if (!dialog || !field || dialog.contains(field) || isShown(field)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!dialog.open) dialog.showModal();
    dialog.querySelector("input").focus();
  }

  // Capturing listeners on window run before the theme's own handlers.
  window.addEventListener("click", (event) => {
    if (event.target.closest(".search-button__button")) openDialogIfFieldHidden(event);
  }, true);
  window.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && /^k$/i.test(event.key)) {
      openDialogIfFieldHidden(event);
    }
  }, true);
})();
