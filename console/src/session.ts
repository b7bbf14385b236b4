/**
 * The signed-in key, kept in this tab's sessionStorage only: it is gone when the tab closes, and other
 * tabs and later visits do not see it.
 */
const KEY_ITEM = 'gongkai.apiKey';

/** `gk_` + 32 bytes in base64url (shared/use-cases/keys.ts). */
export const KEY_PATTERN = /^gk_[A-Za-z0-9_-]{43}$/;

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY_ITEM),
  signIn: (key: string) => sessionStorage.setItem(KEY_ITEM, key),
  signOut: () => sessionStorage.removeItem(KEY_ITEM),
};
