/**
 * The scopes gphotos-nas asks for, which API and commands need each, and the comparison of what
 * Google granted with what was asked. Google's granular consent lets a user untick any scope on
 * the consent screen; the token's `scope` then lists only what was granted, and the command that
 * needed the missing one would fail much later with a 403.
 *
 * @module
 */

/** Google's scope prefix. */
export const SCOPE_PREFIX = "https://www.googleapis.com/auth/";

/** A scope a command of gphotos-nas needs. */
export interface ScopeUse {
  /** Full scope URL. */
  scope: string;
  /** The API it opens, as messages name it. */
  api: "Library API" | "Picker API";
  /** The commands that do not work without it, as the user types them. */
  commands: string;
}

/** Every scope a command uses. */
export const SCOPE_USES: readonly ScopeUse[] = [
  {
    scope: `${SCOPE_PREFIX}photoslibrary.readonly.appcreateddata`,
    api: "Library API",
    commands: "`backup`",
  },
  {
    scope: `${SCOPE_PREFIX}photospicker.mediaitems.readonly`,
    api: "Picker API",
    commands: "`pick`",
  },
];

/** The short name of a scope (`photospicker.mediaitems.readonly`). */
export function shortScope(scope: string): string {
  return scope.startsWith(SCOPE_PREFIX) ? scope.slice(SCOPE_PREFIX.length) : scope;
}

/** The scope an API needs. */
export function scopeOfApi(api: string): ScopeUse | undefined {
  return SCOPE_USES.find((use) => api.startsWith(use.api));
}

/** What a grant means for the commands. */
export interface GrantCheck {
  /** One warning per requested scope that was not granted, naming what will not work. */
  warnings: string[];
  /** Whether any granted scope is one a command uses. */
  usable: boolean;
}

/** Compares the scopes Google granted with those requested. */
export function checkGrant(requested: readonly string[], granted: readonly string[]): GrantCheck {
  const warnings = requested.filter((scope) => !granted.includes(scope)).map((scope) => {
    const use = SCOPE_USES.find((u) => u.scope === scope);
    const effect = use ? `${use.commands} will not work` : "no command of gphotos-nas needs it";
    return `Google did not grant ${shortScope(scope)} (unticked on the consent screen?): ` +
      `${effect}; run \`gphotos-nas auth\` again and tick every box to use it`;
  });
  return { warnings, usable: SCOPE_USES.some((use) => granted.includes(use.scope)) };
}

/** The one line of a grant that no command can use. */
export function noUsableScopeMessage(): string {
  const list = SCOPE_USES.map((use) => `${shortScope(use.scope)} for ${use.commands}`).join(", ");
  return `Cannot authorize: Google granted none of the scopes gphotos-nas uses (${list}); run ` +
    "`gphotos-nas auth` again and tick every box on the consent screen (the previous " +
    "authorization is kept)";
}
