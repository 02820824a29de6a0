// The popup: a frameless window next to the tray icon that hides on blur and keeps its state between openings.
import { BrowserWindow, screen, type Rectangle } from 'electron';
import { APP_INDEX_URL } from './app-protocol.js';
import { popupPosition } from './popup-position.js';

/** Size of the popup in DIPs. */
export const POPUP_SIZE = { width: 380, height: 560 } as const;
/** A tray click this soon after a blur-hide is the click that caused the blur: it must not reopen the popup. */
const REOPEN_GUARD_MS = 250;

/** Options of the popup. */
export interface PopupOptions {
  /** Absolute path of the compiled preload (`dist/preload/index.cjs`). */
  preloadPath: string;
  /** Called with the window's web contents id when it is shown (`true`) or hidden (`false`). */
  onLooking(webContentsId: number, looking: boolean): void;
  /** Whether development tools may be opened (unpackaged runs only). */
  devTools: boolean;
}

/**
 * The popup window. It is created hidden once and then only shown and hidden, so the renderer keeps its
 * state (scroll position, open tab, charts); the page is never reloaded.
 */
export class PopupWindow {
  readonly window: BrowserWindow;
  /** Kept apart from the window: it is still needed after the window is destroyed. */
  readonly webContentsId: number;
  private hiddenByBlurAt = 0;
  /** Closing (Alt+F4, Cmd+W) only hides the popup, until the app quits. */
  private closable = false;

  constructor(private readonly options: PopupOptions) {
    this.window = new BrowserWindow({
      ...POPUP_SIZE,
      show: false,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      backgroundColor: '#0d1117',
      webPreferences: {
        preload: options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // Middle-click opens links in new windows; they are denied anyway, this removes the event altogether.
        disableBlinkFeatures: 'Auxclick',
        devTools: options.devTools,
      },
    });
    this.webContentsId = this.window.webContents.id;
    this.window.on('blur', () => {
      if (this.window.webContents.isDevToolsOpened()) return;
      this.hiddenByBlurAt = Date.now();
      this.hide();
    });
    this.window.on('close', (event) => {
      if (this.closable) return;
      event.preventDefault();
      this.hide();
    });
    this.window.on('closed', () => options.onLooking(this.webContentsId, false));
    options.onLooking(this.webContentsId, false);
    void this.window.loadURL(APP_INDEX_URL);
  }

  isVisible(): boolean {
    return this.window.isVisible();
  }

  /** Shows the popup next to `trayBounds` (or the cursor when the tray reports no bounds), on that display. */
  show(trayBounds: Rectangle): void {
    const cursor = screen.getCursorScreenPoint();
    const hasTray = trayBounds.width > 0 && trayBounds.height > 0;
    const display = screen.getDisplayNearestPoint(hasTray ? { x: trayBounds.x, y: trayBounds.y } : cursor);
    const { x, y } = popupPosition({
      tray: trayBounds,
      cursor,
      size: POPUP_SIZE,
      display: display.bounds,
      workArea: display.workArea,
    });
    this.window.setBounds({ x, y, ...POPUP_SIZE });
    // macOS: open over full-screen apps too, like the system's own menu-bar extras.
    if (process.platform === 'darwin')
      this.window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    this.options.onLooking(this.webContentsId, true);
    this.window.show();
    this.window.focus();
  }

  hide(): void {
    if (!this.window.isVisible()) return;
    this.window.hide();
    this.options.onLooking(this.webContentsId, false);
  }

  /** The tray's left click: shows the popup, or hides it when it is open. */
  toggle(trayBounds: Rectangle): void {
    if (this.window.isVisible()) this.hide();
    else if (Date.now() - this.hiddenByBlurAt > REOPEN_GUARD_MS) this.show(trayBounds);
  }

  /** Shows the popup on its Settings tab (the renderer's `#tab-settings` button). */
  showSettings(trayBounds: Rectangle): void {
    this.show(trayBounds);
    void this.window.webContents.executeJavaScript("document.getElementById('tab-settings')?.click()");
  }

  /** Lets the window close, so quitting is not held up by it. */
  allowClose(): void {
    this.closable = true;
  }
}
