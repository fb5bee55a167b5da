import { h } from '../dom';
import { formatPercent } from '../format';

/** How sure the model says it is, in words as well as a bar. */
export function confidenceWords(confidence: number): string {
  if (confidence >= 0.85) return 'High confidence';
  if (confidence >= 0.6) return 'Moderate confidence';
  return 'Low confidence: treat this as a guess';
}

function level(confidence: number): 'high' | 'moderate' | 'low' {
  if (confidence >= 0.85) return 'high';
  return confidence >= 0.6 ? 'moderate' : 'low';
}

export function confidenceMeter(confidence: number): HTMLElement {
  const percent = formatPercent(confidence);
  const bar = h('span', { class: 'meter-fill' });
  bar.style.inlineSize = percent; // CSSOM, not a style attribute: allowed by the CSP
  return h(
    'div',
    { class: `confidence confidence-${level(confidence)}` },
    h(
      'div',
      { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(confidence * 100), 'aria-label': 'Confidence' },
      bar,
    ),
    h('p', { class: 'confidence-text' }, h('strong', {}, percent), ` · ${confidenceWords(confidence)}`),
  );
}
