// Preloaded into the CLI (node --expose-gc --import) to collect garbage every 20 ms: an object only a
// weak reference keeps alive — like the timeout signal inside AbortSignal.any (nodejs/node#57736) — is
// then collected at once, so a timeout that depends on one never fires and the test sees the hang.
setInterval(() => globalThis.gc(), 20).unref();
