/**
 * Preloaded (`node --require`) into processes profiled with --cpu-prof. Node writes
 * the profile only on a normal exit, and Nest's shutdown hooks end the process by
 * re-raising SIGTERM; SIGUSR2 exits normally instead, so the profile is written.
 */
process.on('SIGUSR2', () => process.exit(0));
