// Friendly app names from XDG .desktop files, looked up by application id or executable name.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The parts of a `.desktop` file CarbonTray uses. */
export interface DesktopEntry {
  /** File name without `.desktop`: the XDG application id. */
  id: string;
  /** Unlocalised `Name=`. */
  name: string;
  /** Basename of the first word of `Exec=` (e.g. `firefox`), null when absent. */
  execName: string | null;
  icon: string | null;
  startupWmClass: string | null;
}

/** The usual XDG application directories, system first (an explicit list, not an environment scan). */
export const DEFAULT_APPLICATION_DIRS: readonly string[] = [
  '/usr/share/applications',
  '/usr/local/share/applications',
  '/var/lib/flatpak/exports/share/applications',
  '/var/lib/snapd/desktop/applications',
];

/** Parses the `[Desktop Entry]` group of a `.desktop` file; null when it has no Name or is not an Application. */
export function parseDesktopEntry(id: string, text: string): DesktopEntry | null {
  const fields = new Map<string, string>();
  let inMain = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) inMain = line.trim() === '[Desktop Entry]';
    else if (inMain) {
      const eq = line.indexOf('=');
      if (eq > 0) fields.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
  }
  const name = fields.get('Name');
  if (!name || (fields.get('Type') ?? 'Application') !== 'Application') return null;
  const exec = fields
    .get('Exec')
    ?.split(/\s+/)
    .find((word) => word !== 'env' && !word.includes('='));
  return {
    id,
    name,
    execName: exec ? basename(exec.replace(/^"|"$/g, '')) : null,
    icon: fields.get('Icon') ?? null,
    startupWmClass: fields.get('StartupWMClass') ?? null,
  };
}

/** An index of the `.desktop` files in the given directories, read once on first lookup. */
export class DesktopEntries {
  private byId: Map<string, DesktopEntry> | null = null;
  private byExec = new Map<string, DesktopEntry>();

  /** @param dirs directories to read, earlier ones win (e.g. `DEFAULT_APPLICATION_DIRS` plus the user's). */
  constructor(private readonly dirs: readonly string[]) {}

  /** The entry for an application id (`firefox`, `org.gnome.Calculator`), matched case-insensitively. */
  forAppId(appId: string): DesktopEntry | null {
    return this.index().get(appId.toLowerCase()) ?? null;
  }

  /** The entry whose `Exec=` program or `StartupWMClass` is `execName` (e.g. `firefox` for /usr/lib/firefox/firefox). */
  forExecutable(execName: string): DesktopEntry | null {
    this.index();
    return this.byExec.get(execName.toLowerCase()) ?? this.forAppId(execName);
  }

  private index(): Map<string, DesktopEntry> {
    if (this.byId) return this.byId;
    this.byId = new Map();
    for (const dir of this.dirs) {
      let files: string[];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.desktop'));
      } catch {
        continue; // a missing directory is normal (no flatpak, no snap)
      }
      for (const file of files) {
        let entry: DesktopEntry | null = null;
        try {
          entry = parseDesktopEntry(file.slice(0, -'.desktop'.length), readFileSync(join(dir, file), 'utf8'));
        } catch {
          entry = null;
        }
        if (!entry) continue;
        const id = entry.id.toLowerCase();
        if (!this.byId.has(id)) this.byId.set(id, entry);
        for (const exec of [entry.execName, entry.startupWmClass]) {
          if (exec && !this.byExec.has(exec.toLowerCase())) this.byExec.set(exec.toLowerCase(), entry);
        }
      }
    }
    return this.byId;
  }
}
