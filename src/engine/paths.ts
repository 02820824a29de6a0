// Where CarbonTray keeps its settings and history by default: the platform's application-data folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The application-data folder: `$XDG_DATA_HOME/carbon-tray` (else `~/.local/share/carbon-tray`) on Linux and
 * other Unixes, `~/Library/Application Support/CarbonTray` on macOS, `%APPDATA%\CarbonTray` on Windows.
 * `env`, `platform` and `home` are parameters so each platform's rule is testable anywhere.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'CarbonTray');
  if (platform === 'win32')
    return join(
      env.APPDATA && env.APPDATA.length > 0 ? env.APPDATA : join(home, 'AppData', 'Roaming'),
      'CarbonTray',
    );
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(base, 'carbon-tray');
}

/** The files inside a data folder. */
export function dataFiles(dataDir: string): { historyPath: string; settingsPath: string } {
  return { historyPath: join(dataDir, 'history.sqlite'), settingsPath: join(dataDir, 'settings.json') };
}
