// What the panel's polite live region said, and when: recorded inside the panel's document from the moment a test
// starts listening, so a test can check what a screen reader would have heard.
import type { Frame } from 'playwright-core';

/** One announcement: its text and the panel's clock (performance.now(), ms) when it appeared. */
export interface Announcement {
  text: string;
  at: number;
}

type Recorder = { announced: Announcement[] };

/** Starts recording the live region's announcements (again from nothing if it already was). */
export async function listen(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { e2eAnnouncements?: Recorder };
    const region = document.getElementById('announcements');
    if (!region) throw new Error('the panel has no live region #announcements');
    if (w.e2eAnnouncements) {
      w.e2eAnnouncements.announced = [];
      return;
    }
    const recorder: Recorder = { announced: [] };
    w.e2eAnnouncements = recorder;
    new MutationObserver(() => {
      // The panel repeats a text with a trailing no-break space so that it is read again.
      const text = (region.textContent ?? '').replace(/\u00a0$/, '');
      if (text) recorder.announced.push({ text, at: performance.now() });
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

/** Everything announced since `listen`. */
export function announced(frame: Frame): Promise<Announcement[]> {
  return frame.evaluate(() => (window as unknown as { e2eAnnouncements?: Recorder }).e2eAnnouncements?.announced ?? []);
}
