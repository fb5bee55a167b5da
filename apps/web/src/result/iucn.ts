import type { IUCN_CATEGORIES } from '@wildid/common/identifications/animal-result.schema';
import { h } from '../dom';

export type IucnCode = (typeof IUCN_CATEGORIES)[number];

interface IucnCategory {
  label: string;
  meaning: string;
}

/** IUCN Red List categories in plain words. Colours live in styles/result.css (`.iucn-XX`). */
const CATEGORIES: Record<IucnCode, IucnCategory> = {
  EX: { label: 'Extinct', meaning: 'No individuals are known to survive.' },
  EW: { label: 'Extinct in the Wild', meaning: 'Survives only in captivity or outside its natural range.' },
  CR: { label: 'Critically Endangered', meaning: 'Faces an extremely high risk of extinction in the wild.' },
  EN: { label: 'Endangered', meaning: 'Faces a very high risk of extinction in the wild.' },
  VU: { label: 'Vulnerable', meaning: 'Faces a high risk of extinction in the wild.' },
  NT: { label: 'Near Threatened', meaning: 'Close to qualifying as threatened, or likely to soon.' },
  LC: { label: 'Least Concern', meaning: 'Widespread and abundant; not at risk at present.' },
  DD: { label: 'Data Deficient', meaning: 'Too little is known to assess its risk of extinction.' },
  NE: { label: 'Not Evaluated', meaning: 'Not yet assessed against the IUCN Red List criteria.' },
};

export function iucnCategory(code: string | undefined): (IucnCategory & { code: IucnCode }) | undefined {
  if (!code || !(code in CATEGORIES)) return undefined;
  return { code: code as IucnCode, ...CATEGORIES[code as IucnCode] };
}

/** The code and its name are always written out: the colour is a hint, never the only signal. */
export function iucnBadge(code: string | undefined, size: 'full' | 'compact' = 'full'): HTMLElement | undefined {
  const category = iucnCategory(code);
  if (!category) return undefined;
  return h(
    'span',
    { class: `iucn-badge iucn-${category.code}${size === 'compact' ? ' compact' : ''}`, title: `IUCN Red List: ${category.label}` },
    h('abbr', { title: category.label }, category.code),
    size === 'full' ? ` ${category.label}` : undefined,
  );
}
