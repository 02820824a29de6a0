import { describe, expect, it } from 'vitest';
import { trayMenuTemplate, type TrayMenuActions } from '../../../src/main/tray-menu.js';

function actions(calls: string[]): TrayMenuActions {
  return {
    openDashboard: () => calls.push('dashboard'),
    setPaused: (p) => calls.push(`paused=${p}`),
    openSettings: () => calls.push('settings'),
    setLaunchAtLogin: (on) => calls.push(`login=${on}`),
    quit: () => calls.push('quit'),
  };
}

const click = (item: { click?: unknown } | undefined): void => (item?.click as () => void)();

describe('trayMenuTemplate', () => {
  it('lists the five entries in order, and each does what it says', () => {
    const calls: string[] = [];
    const menu = trayMenuTemplate(
      { paused: false, launchAtLogin: false, launchAtLoginSupported: true },
      actions(calls),
    );
    const items = menu.filter((i) => i.type !== 'separator');
    expect(items.map((i) => i.label)).toEqual([
      'Open dashboard',
      'Pause monitoring',
      'Settings…',
      'Launch at login',
      'Quit CarbonTray',
    ]);
    items.forEach(click);
    expect(calls).toEqual(['dashboard', 'paused=true', 'settings', 'login=true', 'quit']);
  });

  it('offers Resume while paused and shows the login item as checked', () => {
    const calls: string[] = [];
    const menu = trayMenuTemplate(
      { paused: true, launchAtLogin: true, launchAtLoginSupported: true },
      actions(calls),
    );
    const resume = menu.find((i) => i.label === 'Resume monitoring');
    const login = menu.find((i) => i.label === 'Launch at login');
    expect(login).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    click(resume);
    click(login);
    expect(calls).toEqual(['paused=false', 'login=false']);
  });

  it('disables Launch at login where the platform has none', () => {
    const menu = trayMenuTemplate(
      { paused: false, launchAtLogin: false, launchAtLoginSupported: false },
      actions([]),
    );
    expect(menu.find((i) => i.label === 'Launch at login')?.enabled).toBe(false);
  });
});
