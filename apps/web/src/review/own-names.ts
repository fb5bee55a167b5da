import { fetchLifeList } from '../api/life-list';
import { type NameChoice, distinctNames } from './name-choice';

/** Names the person has used: every species of their life list, and those of the history loaded on the page. */
export async function ownNames(loaded: NameChoice[]): Promise<NameChoice[]> {
  try {
    return distinctNames(await fetchLifeList(), loaded);
  } catch {
    return distinctNames(loaded); // suggestions are a help, never a reason to fail the correction
  }
}
