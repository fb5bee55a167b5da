import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { h, icon } from '../dom';

const PHOTO_TIPS = [
  'Get closer, or zoom in, so the animal fills more of the frame.',
  'Use better light: avoid dusk, deep shade and strong backlight.',
  'Hold still or brace the phone so the photo is sharp.',
  'Make sure the animal is not hidden behind leaves, glass or a fence.',
];

// Only these failures can come from the photo itself; after the others (timeouts, quota…) photo tips would mislead.
const PHOTO_FAILURES = new Set(['model_output_invalid', 'model_rejected_photo']);

function tips(): HTMLElement {
  return h('div', { class: 'tips' }, h('h3', {}, 'What to try next'), h('ul', {}, ...PHOTO_TIPS.map((tip) => h('li', {}, tip))));
}

export function noAnimalCard(rationale: string | undefined, photoUrl?: string): HTMLElement {
  return h(
    'article',
    { class: 'result-card outcome no-animal', 'aria-label': 'Result: no animal found' },
    photoUrl ? h('img', { class: 'result-photo', src: photoUrl, alt: 'Your photo' }) : undefined,
    h('h2', {}, icon('search'), 'No animal found'),
    h('p', {}, 'We could not find an animal in this photo.'),
    rationale ? h('p', { class: 'model-saw' }, h('strong', {}, 'What the model saw: '), rationale) : undefined,
    tips(),
  );
}

export function failedCard(error: IdentificationView['error'], retry?: () => void): HTMLElement {
  return h(
    'article',
    { class: 'result-card outcome failed', 'aria-label': 'Result: identification failed' },
    h('h2', {}, icon('warning'), 'We could not identify this photo'),
    // The server's message says what went wrong and what to do about it, in plain words.
    h('p', {}, error?.message ?? 'Something went wrong while identifying this photo.'),
    error && PHOTO_FAILURES.has(error.code)
      ? tips()
      : h('p', { class: 'fine-print' }, 'Your photo is probably fine: this went wrong on our side. Trying again in a few minutes usually works.'),
    retry ? retryButton(retry) : undefined,
  );
}

function retryButton(retry: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'button primary' }, 'Try this photo again');
  button.addEventListener('click', retry);
  return button;
}

const STEPS = [
  { status: 'uploading', label: 'Upload' },
  { status: 'queued', label: 'In the queue' },
  { status: 'processing', label: 'Identifying' },
  { status: 'done', label: 'Result' },
] as const;

export type PendingStep = (typeof STEPS)[number]['status'];

export const PENDING_TEXT: Record<PendingStep, string> = {
  uploading: 'Uploading your photo…',
  // The API does not report a queue position yet.
  queued: 'Waiting in the queue…',
  processing: 'Identifying the animal…',
  done: 'Result ready.',
};

/** Where a photo is on its way: the current step is marked for screen readers too. */
export function progressSteps(current: PendingStep): HTMLElement {
  const currentIndex = STEPS.findIndex((step) => step.status === current);
  return h(
    'ol',
    { class: 'steps', 'aria-label': 'Progress' },
    ...STEPS.map((step, index) =>
      h(
        'li',
        { class: index < currentIndex ? 'step done' : index === currentIndex ? 'step current' : 'step', 'aria-current': index === currentIndex ? 'step' : undefined },
        step.label,
      ),
    ),
  );
}
