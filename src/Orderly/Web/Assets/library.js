// The buyer library, enhanced; without this script every button is a plain form post or link.
// Reveal: posts the same form in the background and swaps in the revealed code from the answer
// (the page the server redirects to), so the buyer keeps their place in a long list.
document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-reveal]');
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector('button');
  if (button) button.disabled = true;
  try {
    const response = await fetch(form.action || location.href, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
    if (!response.ok) throw new Error(String(response.status));
    const html = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = html.getElementById(form.dataset.reveal);
    const current = document.getElementById(form.dataset.reveal);
    if (!fresh || !current) throw new Error('missing');
    current.replaceWith(fresh);
  } catch {
    // Fall back to the plain post: the server redirects back with the code shown.
    form.removeAttribute('data-reveal');
    form.submit();
  }
});

// Print: only offered when the script runs (window.print needs it); the print stylesheet hides the tools.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
