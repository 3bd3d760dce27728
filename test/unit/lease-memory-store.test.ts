import { createMemoryLeaseStore } from '../../shared/lease/memory-store';
import { describeLeaseStoreContract } from '../support/lease-store-contract';

describeLeaseStoreContract('memory store', async () => createMemoryLeaseStore());
