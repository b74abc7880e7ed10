// Positive control for the network check: a worker that does make a request, to prove the test
// sees requests made from inside workers.
const response = await fetch('/canary.txt');
postMessage(response.status);
