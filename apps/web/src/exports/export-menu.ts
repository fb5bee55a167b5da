import type { ExportFormat } from '../api/exports';
import { h, icon } from '../dom';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (spreadsheet)',
  dwca: 'Darwin Core Archive (GBIF)',
  'camtrap-dp': 'Camtrap DP (camera traps)',
};

let menuCount = 0;

/**
 * "Export": plain download links to the export routes, one per format, and
 * whether the files should link to the photos (off by default: links reveal
 * where the photos are).
 */
export function exportMenu(formats: ExportFormat[], urlFor: (format: ExportFormat, includeImageLinks: boolean) => string): HTMLDetailsElement {
  const checkbox = h('input', { type: 'checkbox', id: `export-images-${++menuCount}` });
  const links = formats.map((format) => h('a', { class: 'button', href: urlFor(format, false), download: true, 'data-format': format }, FORMAT_LABELS[format]));
  checkbox.addEventListener('change', () => {
    for (const link of links) link.href = urlFor(link.dataset.format as ExportFormat, checkbox.checked);
  });
  return h(
    'details',
    { class: 'export-menu' },
    h('summary', { class: 'button' }, icon('download'), 'Export'),
    h(
      'div',
      { class: 'export-options' },
      h('ul', { 'aria-label': 'Export formats' }, ...links.map((link) => h('li', {}, link))),
      h('label', { class: 'check', for: checkbox.id }, checkbox, ' Include image links'),
    ),
  );
}
