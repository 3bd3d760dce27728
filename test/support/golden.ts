import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where golden files live. */
export const GOLDEN_DIR = join(__dirname, '..', 'fixtures');

/**
 * Compares `actual` with the golden file byte for byte. With `UPDATE_GOLDEN=1` in the environment it
 * writes the file instead (then review the diff before committing it).
 */
export function expectGolden(file: string, actual: string): void {
  const path = join(GOLDEN_DIR, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(
      `golden file ${path} is missing: run UPDATE_GOLDEN=1 npx jest <this test>, then review it`,
    );
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
