/**
 * Durable outputs: the versioned JSON model file, small JSON outputs and output folders
 * (the training report), all written
 * atomically through the Hadoop FileSystem API and never over an existing file unless
 * asked.
 */
package io.sparkrbf.persist;
