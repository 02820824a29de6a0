// The processes grouped under one row (pid, name, CPU of the latest tick, RSS), as a table in the app detail.
import type { ProcessInfo } from '../../src/shared/api.js';
import { el, setText } from '../dom.js';
import { formatBytes, formatDuration } from '../../src/shared/format.js';

/** A titled table, refilled with each reading; hidden when there is nothing to list. */
export class ProcessTable {
  readonly title = el('h3', { class: 'section-title', text: 'Processes' });
  readonly table: HTMLTableElement;
  private readonly body = el('tbody');

  constructor() {
    const th = (text: string): HTMLTableCellElement => el('th', { text, attrs: { scope: 'col' } });
    this.table = el('table', { class: 'process-table' }, [
      el('thead', {}, [el('tr', {}, [th('PID'), th('Name'), th('CPU · tick'), th('RSS')])]),
      this.body,
    ]);
  }

  /** Shows `processes`, busiest first (command lines, when the user allows them, as tooltips). */
  show(processes: ProcessInfo[]): void {
    setText(this.title, `Processes (${processes.length})`);
    this.table.hidden = processes.length === 0;
    const rows = [...processes]
      .sort((a, b) => b.cpuS - a.cpuS)
      .map((p) =>
        el('tr', {}, [
          el('td', { class: 'num', text: String(p.pid) }),
          el('td', { text: p.name, attrs: p.cmdline === undefined ? {} : { title: p.cmdline } }),
          el('td', { class: 'num', text: formatDuration(p.cpuS) }),
          el('td', { class: 'num', text: formatBytes(p.rssBytes) }),
        ]),
      );
    this.body.replaceChildren(...rows);
  }
}
