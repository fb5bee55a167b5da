import type { ReviewRequest } from '../api/reviews';
import { ApiError } from '../api/http';
import { h } from '../dom';
import { CorrectionFields } from './correction-fields';
import type { NameChoice } from './name-choice';

export interface ReviewFormOptions {
  /** The model's other possibilities: one click fills the correction. */
  alternatives: NameChoice[];
  /** Names from the person's own history, offered while typing. */
  ownNames(): Promise<NameChoice[]>;
  /** Shows "Undo" (back to the model's answer). */
  reviewed: boolean;
  onReview(review: ReviewRequest): Promise<void>;
  onUndo(): Promise<void>;
}

let formCount = 0;

/**
 * Confirm, Correct (an alternative or a typed name), Unsure, with an optional
 * note; Undo once reviewed. Used for one photo and for a whole event.
 */
export function reviewForm(options: ReviewFormOptions): HTMLElement {
  const prefix = `review-${++formCount}`;
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const note = h('textarea', { id: `${prefix}-note`, class: 'review-note', rows: 2, maxlength: 2000 });
  const correction = new CorrectionFields(options.alternatives, options.ownNames, {
    onToggle: (open) => correct.setAttribute('aria-expanded', String(open)),
    onSave: (names) => void run(() => options.onReview(withNote({ verdict: 'corrected', ...names }))),
  });
  const form = h(
    'div',
    { class: 'review-form' },
    h('label', { for: note.id }, 'Note (optional)'),
    note,
    h('div', { class: 'review-actions' }),
    correction.element,
    error,
  );
  const buttons = form.querySelector('.review-actions')!;

  async function run(action: () => Promise<void>): Promise<void> {
    const controls = form.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement>('button, input, textarea');
    for (const control of controls) control.disabled = true;
    error.hidden = true;
    try {
      await action();
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.message : 'The review could not be saved. Please try again.';
      error.hidden = false;
    } finally {
      for (const control of controls) control.disabled = false;
    }
  }
  const withNote = (review: ReviewRequest): ReviewRequest => (note.value.trim() ? { ...review, note: note.value.trim() } : review);

  const button = (label: string, onClick: () => void, extra: Record<string, string> = {}) => {
    const element = h('button', { type: 'button', class: 'button', ...extra }, label);
    element.addEventListener('click', onClick);
    buttons.append(element);
    return element;
  };
  button('Confirm', () => void run(() => options.onReview(withNote({ verdict: 'confirmed' }))), { class: 'button primary' });
  const correct = button('Correct…', () => correction.show(), { 'aria-expanded': 'false' });
  button('Unsure', () => void run(() => options.onReview(withNote({ verdict: 'unsure' }))));
  if (options.reviewed) button('Undo', () => void run(() => options.onUndo()));
  return form;
}
