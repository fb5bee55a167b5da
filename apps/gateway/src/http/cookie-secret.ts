/** The secret that signs cookies (SECRET_KEY, or the development fallback). */
export const COOKIE_SECRET = Symbol('COOKIE_SECRET');
