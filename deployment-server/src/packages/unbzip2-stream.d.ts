// unbzip2-stream ships no types: a function returning a transform stream (bzip2 in, plain out).
declare module 'unbzip2-stream' {
  import type { Transform } from 'node:stream';
  function unbzip2(): Transform;
  export = unbzip2;
}
