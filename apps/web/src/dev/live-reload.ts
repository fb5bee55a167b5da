/**
 * `npm run dev` only: reloads the page when build-web.mjs has rebuilt the app.
 * The gateway streams the build's id (web-host/live-reload.ts); esbuild drops
 * this code from production builds, where WILDID_LIVE_RELOAD is false.
 */
export function reloadOnRebuild(): void {
  if (!WILDID_LIVE_RELOAD) return;
  let firstBuild: string | undefined;
  const builds = new EventSource(new URL('__dev/web-build', document.baseURI));
  builds.addEventListener('message', (event: MessageEvent<string>) => {
    firstBuild ??= event.data;
    if (event.data !== firstBuild) location.reload();
  });
}
