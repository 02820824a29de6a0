// Tests the default data folder on each platform (rules of the brief: XDG on Linux, Application Support, %APPDATA%).
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src/engine/paths.js';

describe('defaultDataDir', () => {
  it('uses $XDG_DATA_HOME/carbon-tray on Linux when it is absolute', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/x' }, 'linux', '/home/u')).toBe('/data/x/carbon-tray');
  });
  it('falls back to ~/.local/share/carbon-tray on Linux (unset or relative XDG_DATA_HOME)', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/carbon-tray');
    expect(defaultDataDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/u')).toBe(
      '/home/u/.local/share/carbon-tray',
    );
  });
  it('uses ~/Library/Application Support/CarbonTray on macOS', () => {
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/CarbonTray');
  });
  it('uses %APPDATA%\\CarbonTray on Windows', () => {
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u')).toMatch(
      /^C:\/Users\/u\/AppData\/Roaming[\\/]CarbonTray$/,
    );
  });
});
