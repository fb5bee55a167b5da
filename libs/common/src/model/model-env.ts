import { z } from 'zod';
import { unsetIfEmpty } from '../config/env';

/** Long edge of the photo the model sees (and the gateway stores): 1120 = 2×2 tiles of 560 px, 560 = one tile. */
export const imageMaxEdgeShape = {
  MODEL_IMAGE_MAX_EDGE: z.preprocess(
    unsetIfEmpty,
    z.coerce.number().int('must be a whole number').min(64, 'must be at least 64').max(4096, 'must be at most 4096').default(1120),
  ),
};
