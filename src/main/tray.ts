// The tray icon: the g/h figure (title on macOS, coloured icon elsewhere), left click, and the context menu.
import { join } from 'node:path';
import { Menu, nativeImage, screen, Tray, type NativeImage } from 'electron';
import type { Snapshot } from '../shared/api.js';
import { drawTrayIcon } from './icons.js';
import { encodePng } from './png.js';
import type { TrayBand } from './tray-level.js';
import { trayMenuTemplate, type TrayMenuActions, type TrayMenuState } from './tray-menu.js';
import { TrayPresenter } from './tray-presenter.js';

/** Logical size of a tray icon (Electron scales by the display's factor). */
const TRAY_ICON_DIP = 16;

/**
 * The icon of a band at the primary display's scale factor, drawn by `drawTrayIcon` and encoded as PNG:
 * `nativeImage.createFromBitmap` takes a platform-dependent pixel order (Electron docs), a PNG does not.
 */
function bandImage(band: TrayBand): NativeImage {
  const scaleFactor = Math.max(1, screen.getPrimaryDisplay().scaleFactor);
  const png = encodePng(drawTrayIcon(Math.round(TRAY_ICON_DIP * scaleFactor), band));
  return nativeImage.createFromBuffer(png, { scaleFactor });
}

/** The tray and its menu. `actions` come from the app; the menu is rebuilt when its state changes. */
export class AppTray {
  readonly tray: Tray;
  private readonly presenter: TrayPresenter;
  private readonly images = new Map<TrayBand, NativeImage>();

  constructor(
    assetsDir: string,
    private readonly actions: TrayMenuActions & { toggle(): void },
    private readonly menuState: () => TrayMenuState,
  ) {
    const mac = process.platform === 'darwin';
    const initial = mac
      ? nativeImage.createFromPath(join(assetsDir, 'trayTemplate.png'))
      : this.image('unknown');
    if (mac) initial.setTemplateImage(true);
    this.tray = new Tray(initial);
    this.presenter = new TrayPresenter(
      {
        setTitle: (text) => this.tray.setTitle(text, { fontType: 'monospacedDigit' }),
        setBand: (band) => this.tray.setImage(this.image(band)),
        setTooltip: (text) => this.tray.setToolTip(text),
      },
      mac,
    );
    this.presenter.show(null, false);
    this.tray.on('click', () => actions.toggle());
    this.tray.on('right-click', () => this.tray.popUpContextMenu(this.menu()));
    // Linux (AppIndicator) has no click events: the menu must be set up front and is the only way in.
    if (process.platform === 'linux') this.refreshMenu();
  }

  /** Shows the headline of a snapshot. */
  update(snapshot: Snapshot | null): void {
    this.presenter.show(snapshot?.headline.nowGPerH ?? null, snapshot?.paused ?? this.menuState().paused);
  }

  /** Rebuilds the menu after pause or login-item changes (Linux shows the attached menu). */
  refreshMenu(): void {
    if (process.platform === 'linux') this.tray.setContextMenu(this.menu());
  }

  destroy(): void {
    this.tray.destroy();
  }

  private menu(): Menu {
    return Menu.buildFromTemplate(trayMenuTemplate(this.menuState(), this.actions));
  }

  private image(band: TrayBand): NativeImage {
    let image = this.images.get(band);
    if (!image) {
      image = bandImage(band);
      this.images.set(band, image);
    }
    return image;
  }
}
