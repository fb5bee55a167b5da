import type { ReviewRequest } from '../api/reviews';
import { ApiError } from '../api/http';
import { h } from '../dom';
import { type NameChoice, distinctNames, nameLabel } from './name-choice';

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
  const correction = correctionForm(prefix, options);
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
  correction.onToggle = (open) => correct.setAttribute('aria-expanded', String(open));
  correction.onSave = (names) => void run(() => options.onReview(withNote({ verdict: 'corrected', ...names })));
  return form;
}

interface CorrectionForm {
  element: HTMLElement;
  show(): void;
  onToggle(open: boolean): void;
  onSave(names: NameChoice): void;
}

/** The part that names the animal: the model's alternatives as buttons, or typed names with suggestions. */
function correctionForm(prefix: string, options: ReviewFormOptions): CorrectionForm {
  const suggestions = h('datalist', { id: `${prefix}-names` });
  const common = h('input', { id: `${prefix}-common`, list: suggestions.id, autocomplete: 'off', maxlength: 200 });
  const scientific = h('input', { id: `${prefix}-scientific`, autocomplete: 'off', maxlength: 200 });
  const problem = h('p', { class: 'form-error', role: 'alert', hidden: true }, 'Type the name of the animal, or pick one of the suggestions.');
  const save = h('button', { type: 'button', class: 'button primary' }, 'Save correction');
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  let known: NameChoice[] = options.alternatives;
  const fill = (choice: NameChoice) => {
    common.value = choice.commonName ?? choice.scientificName ?? '';
    scientific.value = choice.commonName ? (choice.scientificName ?? '') : '';
  };
  const alternatives = options.alternatives.map((choice) => {
    const pick = h('button', { type: 'button', class: 'button alternative-choice' }, nameLabel(choice), choice.scientificName && choice.commonName ? h('i', {}, ` ${choice.scientificName}`) : undefined);
    pick.addEventListener('click', () => fill(choice));
    return h('li', {}, pick);
  });
  const element = h(
    'fieldset',
    { class: 'correction', hidden: true },
    h('legend', {}, 'What is it?'),
    alternatives.length ? h('ul', { class: 'alternative-choices', 'aria-label': "The model's other suggestions" }, ...alternatives) : undefined,
    h('label', { for: common.id }, 'Name'),
    common,
    suggestions,
    h('label', { for: scientific.id }, 'Scientific name (optional)'),
    scientific,
    problem,
    h('div', { class: 'dialog-actions' }, save, cancel),
  );
  // Picking a suggestion fills its scientific name too.
  common.addEventListener('input', () => {
    const match = known.find((choice) => nameLabel(choice) === common.value);
    if (match) fill(match);
  });
  const form: CorrectionForm = {
    element,
    show() {
      element.hidden = false;
      form.onToggle(true);
      common.focus();
      void options.ownNames().then((own) => {
        known = distinctNames(options.alternatives, own);
        suggestions.replaceChildren(...known.map((choice) => h('option', { value: nameLabel(choice) }, choice.commonName ? choice.scientificName : undefined)));
      });
    },
    onToggle: () => undefined,
    onSave: () => undefined,
  };
  cancel.addEventListener('click', () => {
    element.hidden = true;
    form.onToggle(false);
  });
  save.addEventListener('click', () => {
    const typed = { common: common.value.trim(), scientific: scientific.value.trim() };
    // A suggestion as filled in keeps its own names (a scientific-only one sits in the Name field).
    const picked = known.find((choice) => nameLabel(choice) === typed.common && (choice.commonName ? (choice.scientificName ?? '') : '') === typed.scientific);
    const names: NameChoice = picked ? { ...picked } : {};
    if (!picked && typed.common) names.commonName = typed.common;
    if (!picked && typed.scientific) names.scientificName = typed.scientific;
    problem.hidden = Boolean(names.commonName ?? names.scientificName);
    if (problem.hidden) form.onSave(names);
  });
  return form;
}
