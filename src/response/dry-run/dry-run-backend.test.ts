import { describeBackendConformance } from '../backend.case.js';
import { DryRunBackend } from './dry-run-backend.js';

describeBackendConformance('dry-run', async (safety) => new DryRunBackend({ ...safety, log: () => {} }), {
  appliedStatus: 'dry-run',
});
