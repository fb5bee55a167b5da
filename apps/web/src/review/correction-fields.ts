import { h } from '../dom';
import { type NameChoice, distinctNames, nameLabel } from './name-choice';

let fieldsCount = 0;

/**
 * The part of the review that names the animal: the model's alternatives as
 * buttons, or a typed name with suggestions (a <datalist>) and an optional
 * scientific name. Picking either fills both fields.
 */
export class CorrectionFields {
  readonly element: HTMLFieldSetElement;
  private readonly suggestions: HTMLDataListElement;
  private readonly common: HTMLInputElement;
  private readonly scientific: HTMLInputElement;
  private readonly problem: HTMLElement;
  private known: NameChoice[];

  constructor(
    private readonly alternatives: NameChoice[],
    private readonly ownNames: () => Promise<NameChoice[]>,
    private readonly hooks: { onSave(names: NameChoice): void; onToggle(open: boolean): void },
  ) {
    const prefix = `correction-${++fieldsCount}`;
    this.known = alternatives;
    this.suggestions = h('datalist', { id: `${prefix}-names` });
    this.common = h('input', { id: `${prefix}-common`, list: this.suggestions.id, autocomplete: 'off', maxlength: 200 });
    this.scientific = h('input', { id: `${prefix}-scientific`, autocomplete: 'off', maxlength: 200 });
    this.problem = h('p', { class: 'form-error', role: 'alert', hidden: true }, 'Type the name of the animal, or pick one of the suggestions.');
    const save = h('button', { type: 'button', class: 'button primary' }, 'Save correction');
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    this.element = h(
      'fieldset',
      { class: 'correction', hidden: true },
      h('legend', {}, 'What is it?'),
      this.alternativeButtons(),
      h('label', { for: this.common.id }, 'Name'),
      this.common,
      this.suggestions,
      h('label', { for: this.scientific.id }, 'Scientific name (optional)'),
      this.scientific,
      this.problem,
      h('div', { class: 'dialog-actions' }, save, cancel),
    );
    // Picking a suggestion from the list fills its scientific name too.
    this.common.addEventListener('input', () => {
      const match = this.known.find((choice) => nameLabel(choice) === this.common.value);
      if (match) this.fill(match);
    });
    save.addEventListener('click', () => this.save());
    cancel.addEventListener('click', () => this.toggle(false));
  }

  show(): void {
    this.toggle(true);
    this.common.focus();
    void this.ownNames().then((own) => {
      this.known = distinctNames(this.alternatives, own);
      this.suggestions.replaceChildren(...this.known.map((choice) => h('option', { value: nameLabel(choice) }, choice.commonName ? choice.scientificName : undefined)));
    });
  }

  private toggle(open: boolean): void {
    this.element.hidden = !open;
    this.hooks.onToggle(open);
  }

  private alternativeButtons(): HTMLElement | undefined {
    if (this.alternatives.length === 0) return undefined;
    const items = this.alternatives.map((choice) => {
      // One span: the button is a flex box, and the names should wrap as one line of text.
      const names = h('span', {}, nameLabel(choice), choice.scientificName && choice.commonName ? h('i', {}, ` ${choice.scientificName}`) : undefined);
      const pick = h('button', { type: 'button', class: 'button alternative-choice' }, names);
      pick.addEventListener('click', () => this.fill(choice));
      return h('li', {}, pick);
    });
    return h('ul', { class: 'alternative-choices', 'aria-label': "The model's other suggestions" }, ...items);
  }

  private fill(choice: NameChoice): void {
    this.common.value = choice.commonName ?? choice.scientificName ?? '';
    this.scientific.value = choice.commonName ? (choice.scientificName ?? '') : '';
  }

  private save(): void {
    const typed = { common: this.common.value.trim(), scientific: this.scientific.value.trim() };
    // A suggestion as filled in keeps its own names (a scientific-only one sits in the Name field).
    const picked = this.known.find((choice) => nameLabel(choice) === typed.common && (choice.commonName ? (choice.scientificName ?? '') : '') === typed.scientific);
    const names: NameChoice = {};
    const commonName = picked ? picked.commonName : typed.common;
    const scientificName = picked ? picked.scientificName : typed.scientific;
    if (commonName) names.commonName = commonName;
    if (scientificName) names.scientificName = scientificName;
    this.problem.hidden = Boolean(names.commonName ?? names.scientificName);
    if (this.problem.hidden) this.hooks.onSave(names);
  }
}
