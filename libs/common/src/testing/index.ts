export * from './fake-together-server';
