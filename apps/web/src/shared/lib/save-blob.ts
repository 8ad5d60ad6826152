/**
 * Hands a downloaded Blob to the browser as a file (the API's downloads need the bearer token, so
 * a plain link cannot fetch them). The object URL is released once the click has been dispatched.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Some browsers read the URL after the click event returns: release it on the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
