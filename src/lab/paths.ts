/**
 * Files of the project the lab uses. This module sits at src/lab/ (under tsx) or dist/lab/ (built);
 * both are two levels below the project root.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LAB_TOOLS_SCRIPT = join(PROJECT_ROOT, 'scripts', 'lab-tools.sh');
export const SCENARIOS_DIR = join(PROJECT_ROOT, 'lab', 'scenarios');
export const WORDLISTS_DIR = join(PROJECT_ROOT, 'lab', 'wordlists');
