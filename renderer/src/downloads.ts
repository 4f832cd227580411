import { onBeforeUnmount } from 'vue';

// Handing bytes to the browser as a file download: an object URL behind a hidden link, let go a little
// after the download has started (the browser has the file by then), and all let go with the component.

export function useDownloads(): { save(blob: Blob, fileName: string): void } {
  const urls = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  onBeforeUnmount(() => {
    timers.forEach(clearTimeout);
    urls.forEach((u) => URL.revokeObjectURL(u));
  });
  return {
    save(blob, fileName) {
      const url = URL.createObjectURL(blob);
      urls.add(url);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      const timer = setTimeout(() => {
        URL.revokeObjectURL(url);
        urls.delete(url);
        timers.delete(timer);
      }, 15_000);
      timers.add(timer);
    },
  };
}
