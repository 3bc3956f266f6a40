import { afterEach } from 'vitest';
import { cleanUp } from './helpers.js';

// In every test file (setup files run per file, also when files share a worker's modules).
afterEach(cleanUp);
