import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autostartEntry, autostartPath, XdgAutostart } from '../../../src/main/login-item.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('autostartEntry', () => {
  it('writes a desktop entry whose Exec quotes each argument (Desktop Entry spec, "The Exec key")', () => {
    const entry = autostartEntry(['/opt/Carbon Tray/carbon-tray', '/home/a"b/$app/100%']);
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=CarbonTray\n');
    // In the file: "/home/a\\"b/\\$app/100%%" — quote-escaped, then string-escaped; % doubled.
    expect(entry).toContain(
      String.raw`Exec="/opt/Carbon Tray/carbon-tray" "/home/a\\"b/\\$app/100%%"` + '\n',
    );
  });
});

describe('autostartPath', () => {
  it('uses XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart/carbon-tray.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/autostart/carbon-tray.desktop',
    );
    expect(autostartPath({}, '/home/u')).toBe('/home/u/.config/autostart/carbon-tray.desktop');
  });
});

describe('XdgAutostart', () => {
  it('creates and removes the entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'carbon-tray-autostart-'));
    dirs.push(dir);
    const path = join(dir, 'autostart', 'carbon-tray.desktop');
    const item = new XdgAutostart(path, ['/usr/bin/carbon-tray']);
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('Exec="/usr/bin/carbon-tray"');
    item.setEnabled(false);
    expect(existsSync(path)).toBe(false);
    item.setEnabled(false);
  });
});
