// The thank-you page follows its order live (Server-Sent Events); without this script the page's
// "Refresh" link shows the latest status.
(() => {
  const root = document.querySelector('[data-order-events]');
  if (!root || !('EventSource' in window)) return;
  const headline = root.querySelector('[data-order-headline]');
  const steps = root.querySelector('[data-order-steps]');
  const library = root.querySelector('[data-library]');
  const refresh = root.querySelector('[data-refresh]');
  if (refresh) refresh.hidden = true;
  const source = new EventSource(root.dataset.orderEvents);
  source.addEventListener('progress', (event) => {
    const progress = JSON.parse(event.data);
    headline.textContent = progress.headline;
    steps.replaceChildren(...progress.steps.map((step) => {
      const item = document.createElement('li');
      item.textContent = step.label;
      if (step.done) item.className = 'done';
      return item;
    }));
    if (progress.libraryUrl && library) {
      library.querySelector('[data-library-link]').href = progress.libraryUrl;
      library.hidden = false;
    }
    if (progress.final && (progress.libraryUrl || progress.status !== 'Completed')) source.close();
  });
  // The server ends the stream at a final status; the browser would reconnect, so stop instead.
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED && refresh) refresh.hidden = false;
  });
})();

// The checkout form updates its totals in place when the country, shipping method or a saved
// address changes: it posts itself with the "Update totals" action in the background and takes
// the summary and the shipping prices from the answer. Without this script the button does it.
(() => {
  const form = document.querySelector('[data-checkout-form]');
  if (!form) return;
  const quote = form.querySelector('[data-quote]');
  const summary = document.querySelector('[data-order-summary]');
  if (!quote || !summary || !window.fetch) return;
  let pending = 0;
  const requote = async () => {
    const ticket = ++pending;
    const body = new FormData(form);
    body.set(quote.name, quote.value);
    const response = await fetch(form.action || window.location.href, { method: 'POST', body, credentials: 'same-origin' });
    if (!response.ok || ticket !== pending) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.querySelector('[data-order-summary]');
    if (fresh) summary.replaceChildren(...fresh.childNodes);
    page.querySelectorAll('[data-shipping-label]').forEach((label) => {
      const mine = form.querySelector(`label[for="${label.getAttribute('for')}"]`);
      if (mine) mine.textContent = label.textContent;
    });
  };
  form.addEventListener('change', (event) => {
    const target = event.target;
    if (target.matches('[data-saved-address]')) {
      for (const [key, value] of Object.entries(target.dataset)) {
        const field = form.querySelector(`[data-address-field="${key}"]`);
        if (field) field.value = value;
      }
    }
    if (target.matches('[data-requote], [data-saved-address]')) requote().catch(() => {});
  });
})();
