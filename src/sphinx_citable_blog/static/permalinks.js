// Paragraph links (_ext/permalinks.py): clicking the pilcrow after a paragraph
// copies the paragraph's permanent address, built on the page's canonical
// address, and shows it in the address bar. Without the clipboard API (or if
// copying is refused) the link is followed as an ordinary link.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.paragraph-link");
  if (!link || !navigator.clipboard || !window.isSecureContext) return;
  event.preventDefault();
  const canonical = document.querySelector('link[rel="canonical"]');
  const url = new URL(link.hash, canonical ? canonical.href : window.location.href).href;
  navigator.clipboard.writeText(url).then(
    () => {
      history.replaceState(null, "", link.hash);
      const label = link.getAttribute("aria-label");
      link.dataset.copied = "";
      link.setAttribute("aria-label", "Link copied");
      setTimeout(() => {
        delete link.dataset.copied;
        link.setAttribute("aria-label", label);
      }, 2000);
    },
    () => { window.location.hash = link.hash; },
  );
});
