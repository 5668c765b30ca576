/** When the page is next idle (after the frame being drawn): requestIdleCallback where the browser has it (Safari has not), else the next task. */
export function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 1000 });
  else setTimeout(callback, 0);
}
