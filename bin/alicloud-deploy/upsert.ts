import type { DeployStep } from './apply';
import { fcErrorCode } from './fc-client';

/**
 * Creates a Function Compute resource, or updates it when FC answers that it exists (`existsCode`):
 * one call when new, two when not, and no race between a read and a create. Any other error is thrown.
 * Both FC APIs (2.0 and 3.0) answer the same codes.
 */
export async function upsertResource(
  resource: string,
  existsCode: string,
  create: () => Promise<unknown>,
  update: () => Promise<unknown>,
): Promise<DeployStep> {
  try {
    await create();
    return { resource, action: 'created' };
  } catch (error) {
    if (fcErrorCode(error) !== existsCode) throw error;
    await update();
    return { resource, action: 'updated' };
  }
}
