// Runs before each test file. Nothing global yet beyond a longer default timeout for real-shell suites.
export {};
