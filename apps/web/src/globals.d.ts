/** Set by scripts/build-web.mjs: true only in `--watch` builds (npm run dev). */
declare const WILDID_LIVE_RELOAD: boolean;
