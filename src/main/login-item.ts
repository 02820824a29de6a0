// "Launch at login": the OS login item on macOS and Windows, an XDG autostart entry on Linux.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { App } from 'electron';

/** Reads and sets whether CarbonTray starts when the user logs in. */
export interface LoginItem {
  readonly supported: boolean;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/**
 * One argument of a desktop entry's Exec key (Desktop Entry spec, "The Exec key"): quoted, with `"`, `` ` ``,
 * `$` and `\` backslash-escaped, `%` doubled (field codes), then backslashes doubled again for the string
 * escaping that is applied before the quoting rule.
 */
function quoteExecArg(arg: string): string {
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

/** The autostart desktop entry starting `command` (executable then arguments). */
export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=CarbonTray',
    'Comment=CO2e per hour of this computer and its applications',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The XDG autostart file: `$XDG_CONFIG_HOME/autostart/carbon-tray.desktop` (else `~/.config/autostart/…`). */
export function autostartPath(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, 'autostart', 'carbon-tray.desktop');
}

/** Linux: the autostart entry exists or not. */
export class XdgAutostart implements LoginItem {
  readonly supported = true;
  constructor(
    private readonly path: string,
    private readonly command: readonly string[],
  ) {}

  isEnabled(): boolean {
    return existsSync(this.path);
  }

  setEnabled(enabled: boolean): void {
    if (!enabled) {
      rmSync(this.path, { force: true });
      return;
    }
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, autostartEntry(this.command));
  }
}

/** macOS and Windows: Electron's login item settings. */
class ElectronLoginItem implements LoginItem {
  readonly supported = true;
  constructor(private readonly app: App) {}

  isEnabled(): boolean {
    return this.app.getLoginItemSettings().openAtLogin;
  }

  setEnabled(enabled: boolean): void {
    this.app.setLoginItemSettings({ openAtLogin: enabled });
  }
}

/**
 * The login item for this platform. On Linux the command is the AppImage when running from one, else the
 * Electron executable with the app folder (a development checkout).
 */
export function loginItemFor(app: App): LoginItem {
  if (process.platform !== 'linux') return new ElectronLoginItem(app);
  const appImage = process.env.APPIMAGE;
  const command = appImage
    ? [appImage]
    : app.isPackaged
      ? [process.execPath]
      : [process.execPath, app.getAppPath()];
  return new XdgAutostart(autostartPath(process.env, homedir()), command);
}
