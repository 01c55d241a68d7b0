// While slide images are being made, asks now and then how it goes and reloads when they are ready (or failed).
document.querySelectorAll('[data-state-url]').forEach((element) => {
  const waiting = ['pending', 'rendering'];
  if (!waiting.includes(element.dataset.state)) return;
  const check = () => {
    fetch(element.dataset.stateUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (answer && !waiting.includes(answer.state)) window.location.reload();
        else setTimeout(check, 3000);
      })
      .catch(() => setTimeout(check, 10000));
  };
  setTimeout(check, 3000);
});
