// Browser tests start every service as a process and drive Chromium through whole journeys.
jest.setTimeout(300_000);
