// Saves text as a file from memory (the one-time secrets of a bulk run or a
// voucher batch): no request, nothing kept by the server or any cache.
export function downloadText(text: string, fileName: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to take the file; then the blob is gone too.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
