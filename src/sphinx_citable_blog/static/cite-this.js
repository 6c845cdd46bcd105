// "Copy" button for the BibTeX entry in each post's "Cite this post" section
// (_ext/cite_this.py). The button is in the page, hidden, so that a reader
// without JavaScript never sees a button that does nothing.
"use strict";

function citeCopyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // Pages opened from disk or over plain http: the older copy command.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
}

function citeSetUpCopyButtons() {
  for (const button of document.querySelectorAll("button.cite-copy[data-copy-target]")) {
    const block = document.getElementById(button.dataset.copyTarget);
    const pre = block && block.querySelector("pre");
    if (!pre) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", () => {
      citeCopyText(pre.textContent.replace(/\n$/, "")).then(
        () => { button.textContent = "Copied"; },
        () => { button.textContent = "Press Ctrl+C to copy"; window.getSelection().selectAllChildren(pre); },
      );
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", citeSetUpCopyButtons);
} else {
  citeSetUpCopyButtons();
}
