// Drills start services as processes, kill them and wait for them to recover: minutes, not seconds.
jest.setTimeout(300_000);
