/**
 * Durable outputs: the versioned JSON model file and small JSON outputs, all written
 * atomically through the Hadoop FileSystem API and never over an existing file unless
 * asked.
 */
package io.sparkrbf.persist;
