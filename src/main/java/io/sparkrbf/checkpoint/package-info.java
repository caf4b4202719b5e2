/**
 * Checkpoints of a training run on any Hadoop file system: each written atomically with a
 * checksum, the newest kept, and a run resumed only from a checkpoint of the same data
 * and options.
 */
package io.sparkrbf.checkpoint;
