// The tray's context menu as a template (pure): Open dashboard, Pause/Resume, Settings, Launch at login, Quit.
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu shows. */
export interface TrayMenuState {
  paused: boolean;
  launchAtLogin: boolean;
  /** False where the platform offers no login item (the entry is then disabled, not hidden). */
  launchAtLoginSupported: boolean;
}

/** What the menu items do. */
export interface TrayMenuActions {
  openDashboard(): void;
  setPaused(paused: boolean): void;
  openSettings(): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
}

/** The menu template for `Menu.buildFromTemplate`. */
export function trayMenuTemplate(
  state: TrayMenuState,
  actions: TrayMenuActions,
): MenuItemConstructorOptions[] {
  return [
    { label: 'Open dashboard', click: () => actions.openDashboard() },
    {
      label: state.paused ? 'Resume monitoring' : 'Pause monitoring',
      click: () => actions.setPaused(!state.paused),
    },
    { label: 'Settings…', click: () => actions.openSettings() },
    { type: 'separator' },
    {
      label: 'Launch at login',
      type: 'checkbox',
      checked: state.launchAtLogin,
      enabled: state.launchAtLoginSupported,
      click: () => actions.setLaunchAtLogin(!state.launchAtLogin),
    },
    { type: 'separator' },
    { label: 'Quit CarbonTray', click: () => actions.quit() },
  ];
}
