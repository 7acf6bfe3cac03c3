import { MlBackendService } from './ml-backend.service';

describe('MlBackendService', () => {
  it('tries the backends in the order its module was given (here the built-in cpu first)', async () => {
    const previous = process.env.TF_BACKEND;
    delete process.env.TF_BACKEND;
    try {
      const service = new MlBackendService(['cpu', 'wasm']);
      await service.onModuleInit();
      expect(await service.backend()).toBe('cpu');
    } finally {
      if (previous !== undefined) process.env.TF_BACKEND = previous;
    }
  });
});
