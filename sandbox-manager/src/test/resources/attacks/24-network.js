// fenrir-attack: network from Node: TCP to 1.1.1.1 and an IPv6 resolver, a UDP datagram, dns.lookup and dns.resolve4 of example.com, and fetch(); the job's network namespace has only loopback, so every attempt fails with an error (no timeout needed)
// expect-verdict: OK
// expect-stdout: DENIED tcp 1.1.1.1:443
// expect-stdout: DENIED lookup example.com
// expect-stdout: DENIED fetch
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=10000 wallMs=30000 memoryMb=256
const net = require('net');
const dgram = require('dgram');
const dns = require('dns');

// Runs one attempt; start(done) calls done(error) with null on success. A timeout is reported, not hidden.
function attempt(what, start) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(new Error('TIMEOUT')), 8000);
    function finish(error) {
      clearTimeout(timer);
      console.log(error ? `DENIED ${what} ${error.code || (error.cause && error.cause.code) || error.message}` : `ESCAPED ${what}`);
      resolve();
    }
    start(finish);
  });
}

function tcp(host, port) {
  return attempt(`tcp ${host}:${port}`, (done) => {
    const socket = net.connect({ host, port });
    socket.on('connect', () => { socket.destroy(); done(null); });
    socket.on('error', done);
  });
}

(async () => {
  await tcp('1.1.1.1', 443);
  await tcp('2606:4700:4700::1111', 443);
  await attempt('udp 8.8.8.8:53', (done) => {
    const socket = dgram.createSocket('udp4');
    socket.send(Buffer.from('x'), 53, '8.8.8.8', (error) => { socket.close(); done(error); });
  });
  await attempt('lookup example.com', (done) => dns.lookup('example.com', (error) => done(error)));
  await attempt('resolve4 example.com', (done) => dns.resolve4('example.com', (error) => done(error)));
  await attempt('fetch http://example.com/', (done) => {
    fetch('http://example.com/').then(() => done(null), done);
  });
  console.log('DONE');
})();
