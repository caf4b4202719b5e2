/**
 * Checkpoints of a training run on any Hadoop file system: each written atomically with a
 * checksum, the newest kept, a run resumed only from a checkpoint of the same data and
 * options, and only a provably damaged checkpoint passed over (a read error stops).
 */
package io.sparkrbf.checkpoint;
