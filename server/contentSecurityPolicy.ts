/** Everything that is not the app: no script, no plugins, no framing; an image or a video opened on its own still shows. */
export const SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'none'";

/**
 * The app's policy: its own scripts and styles only (no inline script, no eval), media and images
 * only from itself and the configured media origins, no plugins, frames or base-URL tricks.
 * `wasm` is for the service worker's script, which hashes in WebAssembly.
 */
export function buildContentSecurityPolicy(mediaOrigins: string[], { wasm = false } = {}): string {
  const media = ["'self'", ...mediaOrigins.map((origin) => new URL(origin).origin)].join(' ');
  return [
    "default-src 'self'",
    wasm ? "script-src 'self' 'wasm-unsafe-eval'" : "script-src 'self'",
    "style-src 'self'",
    `img-src ${media}`,
    `media-src ${media}`,
    `connect-src ${media}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policies the app's files are served with. */
export interface AppPolicies {
  /** Pages and every other file of the app. */
  page: string;
  /** The worker's script: a worker runs under the policy its script came with, and it alone compiles WebAssembly. */
  worker: string;
}

export function appPolicies(mediaOrigins: string[]): AppPolicies {
  return { page: buildContentSecurityPolicy(mediaOrigins), worker: buildContentSecurityPolicy(mediaOrigins, { wasm: true }) };
}
