// Uploads with a progress bar, then shows that the file is being processed; without script the form posts as usual.
document.querySelectorAll('form[data-upload]').forEach((form) => {
  const bar = form.querySelector('progress');
  const status = form.querySelector('.upload-status');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      bar.value = Math.round((progress.loaded / progress.total) * 100);
      if (progress.loaded === progress.total) status.textContent = status.dataset.processing;
    });
    request.addEventListener('load', () => {
      let answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        // not JSON: an error page
      }
      if (request.status === 200 && answer.redirect) {
        const samePage = answer.redirect.split('#')[0] === window.location.pathname + window.location.search;
        window.location.href = answer.redirect;
        if (samePage) window.location.reload();
        return;
      }
      status.textContent = answer.error || status.dataset.failed;
      status.classList.add('field-error');
      bar.hidden = true;
      button.disabled = false;
    });
    request.addEventListener('error', () => {
      status.textContent = status.dataset.failed;
      button.disabled = false;
    });
    bar.hidden = false;
    bar.value = 0;
    status.classList.remove('field-error');
    status.textContent = status.dataset.uploading;
    button.disabled = true;
    request.send(new FormData(form));
  });
});
