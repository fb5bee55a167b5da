import type { HealthCheckResult } from '@nestjs/terminus';
import type { ModelState } from './model-state.reader';

/** `details.model` of the readiness body: down with the notice code and the operator's reason while identification cannot run. */
export type ModelHealth =
  | { status: 'up'; name: string; models: ModelState['models'] }
  | { status: 'down'; code: string; reason: string; since?: string; models: ModelState['models'] }
  | { status: 'unknown'; message: string };

export function modelHealthOf(state: ModelState): ModelHealth {
  if (state.pause) return { status: 'down', code: state.pause.code, reason: state.pause.reason, since: state.pause.since, models: state.models };
  if (!state.active) return { status: 'unknown', message: 'No identifier worker reports on the model.' };
  if (!state.models.some((model) => model.available)) {
    return { status: 'down', code: 'model_unavailable', reason: 'the provider serves none of the configured models', models: state.models };
  }
  return { status: 'up', name: state.active.name, models: state.models };
}

/**
 * Adds the model to a readiness result. A model that is down degrades the
 * answer (200) instead of failing it: gateways still take uploads, which wait
 * in the paused queue, so taking them out of rotation would only add an outage.
 */
export function withModelHealth(result: HealthCheckResult, model: ModelHealth): HealthCheckResult {
  const details = { ...result.details, model } as HealthCheckResult['details'];
  const status = model.status === 'down' && result.status === 'ok' ? 'degraded' : result.status;
  return { ...result, status, details };
}
