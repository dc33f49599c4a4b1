import { useEffect } from 'react';

/**
 * Keeps a page current while someone else changes what it shows (the other co-convenor concurs,
 * a delivery goes out): reloads when the tab comes back into view, and every `everyMs` while it
 * is in view. Loads keep showing the old data until the new arrives, so nothing flickers.
 */
export function useLiveReload(reload: () => void, everyMs = 15_000): void {
  useEffect(() => {
    const whenVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    const timer = window.setInterval(whenVisible, everyMs);
    document.addEventListener('visibilitychange', whenVisible);
    window.addEventListener('focus', whenVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', whenVisible);
      window.removeEventListener('focus', whenVisible);
    };
  }, [reload, everyMs]);
}
